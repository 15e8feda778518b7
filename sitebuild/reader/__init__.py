"""What the reader receives beyond the Markdown: KaTeX, figures, the digit demo, page metadata,
the link-preview card, wrapped run outputs, and the check that nothing loads from another host."""
