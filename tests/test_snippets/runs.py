"""The training runs of this test session: from the execution cache, which is
cold in CI, so the first access trains the model from scratch."""
from sitebuild import execution


def run_of(name: str):
    return execution.execute(name)
