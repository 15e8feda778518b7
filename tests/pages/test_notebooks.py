"""The notebooks committed for "Open in Colab" are the snippets' current sections."""
from sitebuild.notebooks import from_snippets


def test_committed_notebooks_are_up_to_date():
    assert from_snippets.main(["--check"]) == 0
