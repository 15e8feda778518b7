"""snippets/first_draft_cnn.py: the first draft's model reaches the 97.8 % it reports.

That a run is repeatable (same seed, same numbers in a fresh process) is
proved by tests/end_to_end/test_copy_paste.py, which re-runs the tutorial from the page.
"""


def test_the_code_as_written_reaches_the_reported_accuracy(training_run):
    run = training_run("first_draft_cnn")
    assert run.experiment.claim == 0.978
    assert run.results["test_accuracy"] >= 0.978
    assert run.results["epochs"] == 5
