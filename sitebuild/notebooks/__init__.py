"""Notebooks made from the snippets: the output-free ones committed for Colab, and the notebook
pages of the site (with the build's outputs), which mkdocs-jupyter renders."""
