"""snippets/first_draft_cnn.py: the first draft's model reaches the 97.8 % it reports; runs are deterministic."""
import re

import pytest

from sitebuild import execution
from tests.test_snippets.runs import run_of

pytestmark = pytest.mark.training


def test_the_code_as_written_reaches_the_reported_accuracy():
    run = run_of("first_draft_cnn")
    assert run.results["test_accuracy"] >= 0.978
    assert run.results["epochs"] == 5


def test_two_runs_print_the_same_numbers(tmp_path, monkeypatch):
    first = run_of("first_draft_cnn")
    monkeypatch.setattr(execution, "CACHE_ROOT", tmp_path)
    second = execution.execute("first_draft_cnn", force=True)
    assert second.executed
    assert second.results["test_accuracy"] == first.results["test_accuracy"]
    assert second.results["history"] == first.results["history"]

    def numbers(log):  # everything but the timings
        return re.sub(r"\d+m?s(/step)?", "", log)
    assert numbers(second.results["section_outputs"]["train"]) == \
           numbers(first.results["section_outputs"]["train"])
