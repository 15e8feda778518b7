"""The notebooks committed for "Open in Colab" are the snippets' current sections."""
from sitebuild import notebooks


def test_committed_notebooks_are_up_to_date():
    assert notebooks.main(["--check"]) == 0
