"""snippets/expanded_cnn_momentum.py: one changed line, and it reaches the article's 98.73 %."""
import difflib

import pytest

from sitebuild.experiments import get
from tests.test_snippets.runs import run_of


def code_lines(name):
    text = get(name).path.read_text()
    return text[text.index("# --8<-- [start:data]"):].splitlines()


def test_the_variant_differs_from_the_article_in_the_optimizer_line_only():
    changed = [l for l in difflib.ndiff(code_lines("expanded_cnn"), code_lines("expanded_cnn_momentum"))
               if l[:2] in ("- ", "+ ")]
    assert changed == ["- model.compile(optimizer='sgd',",
                       "+ model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),"]


@pytest.mark.training
def test_the_variant_reaches_the_claimed_accuracy():
    run = run_of("expanded_cnn_momentum")
    assert run.results["test_accuracy"] >= 0.9873
