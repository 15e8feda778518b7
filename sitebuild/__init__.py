"""Build logic of the site, in plain Python; `mkdocs_hooks.py` is the only MkDocs glue."""
