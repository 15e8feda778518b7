"""snippets/expanded_cnn_momentum.py: one changed line, and it reaches the article's 98.73 %."""
import difflib

from sitebuild.engine.experiments import get


def code_lines(name):
    text = get(name).path.read_text()
    return text[text.index("# --8<-- [start:data]"):].splitlines()


def test_the_variant_differs_from_the_article_in_the_optimizer_line_only():
    changed = [line for line in difflib.ndiff(code_lines("expanded_cnn"), code_lines("expanded_cnn_momentum"))
               if line[:2] in ("- ", "+ ")]
    assert changed == ["- model.compile(optimizer='sgd',",
                       "+ model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),"]


def test_the_variant_reaches_the_claimed_accuracy(training_run):
    run = training_run("expanded_cnn_momentum")
    assert run.results["test_accuracy"] >= 0.9873
