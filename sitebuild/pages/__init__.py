"""The page stage, Markdown in, Markdown out: directives, code blocks and their comments in the
page's language, errata, glossary, page structure and typography. Nothing here knows MkDocs."""
