"""Sentences about a run are checked against it: a false one fails the build, naming page and claim."""
import dataclasses

import pytest

from sitebuild.engine import claims, experiments
from sitebuild.engine.execution import Run
from sitebuild.pages import directives
from tests.support.pages import LANGS, directives_in, pages


def fake_run(name="first_draft_cnn", accuracy=0.99, loss=(0.3, 0.2, 0.1), train_accuracy=(0.9, 0.95, 0.97),
             val_loss=(0.06, 0.05, 0.04), val_accuracy=(0.95, 0.96, 0.98)):
    history = {"loss": list(loss), "accuracy": list(train_accuracy), "val_loss": list(val_loss),
               "val_accuracy": list(val_accuracy)}
    return Run(experiments.get(name), folder=None, results={"test_accuracy": accuracy, "history": history},
               run_info={}, executed=False, seconds=0.0)


def context(runs, where="docs/en/appendix-first-draft.md"):
    from sitebuild.languages import get
    return directives.PageContext(where=where, lang="en", words=get("en").words, runs=runs,
                                    notebook_urls=None)


def test_a_true_claim_is_shown_as_checked():
    runs = {"first_draft_cnn": fake_run(accuracy=0.99)}
    html = directives.expand("It reaches 97.8 %.{{ claim: first_draft_cnn/reaches-claim }}", context(runs))
    assert 'class="claim-checked"' in html and 'data-claim="first_draft_cnn/reaches-claim"' in html


def test_a_false_claim_fails_the_build_naming_the_page_the_claim_and_the_numbers():
    runs = {"first_draft_cnn": fake_run(val_loss=(0.06, 0.05, 0.04))}  # still falling
    markdown = "The validation loss goes back up.{{ claim: first_draft_cnn/val-loss-rises-late }}"
    with pytest.raises(directives.DirectiveError) as failed:
        directives.expand(markdown, context(runs))
    message = str(failed.value)
    assert message.startswith("docs/en/appendix-first-draft.md:1: {{ claim: first_draft_cnn/val-loss-rises-late }}")
    assert "is false" in message and "0.0600 → 0.0500 → 0.0400" in message


def test_an_unknown_claim_fails_even_with_execution_off():
    with pytest.raises(directives.DirectiveError, match="unknown claim 'no-such-claim'"):
        directives.expand("{{ claim: first_draft_cnn/no-such-claim }}", context({}))


def test_with_execution_off_nothing_is_shown_as_checked():
    assert directives.expand("Text.{{ claim: first_draft_cnn/reaches-claim }}", context({})) == "Text."


@pytest.mark.parametrize("claim_id, good, bad", [
    ("reaches-claim", {"accuracy": 0.979}, {"accuracy": 0.977}),
    ("above-claim", {"accuracy": 0.979}, {"accuracy": 0.978}),
    ("below-claim", {"accuracy": 0.977}, {"accuracy": 0.979}),
    ("still-improving-at-last-epoch", {"loss": (0.3, 0.2, 0.1)}, {"loss": (0.3, 0.1, 0.2)}),
    ("still-improving-at-last-epoch", {}, {"val_accuracy": (0.95, 0.98, 0.97)}),
    ("train-accuracy-below-validation-every-epoch", {}, {"val_accuracy": (0.95, 0.94, 0.98)}),
    ("train-accuracy-rises-every-epoch", {"train_accuracy": (0.9, 0.95, 0.97)},
     {"train_accuracy": (0.9, 0.97, 0.96)}),
    ("val-loss-rises-late", {"val_loss": (0.05, 0.04, 0.05, 0.06)}, {"val_loss": (0.05, 0.04, 0.06, 0.05)}),
    ("first-epoch-below-published-log", {"train_accuracy": (0.6, 0.9, 0.95)},
     {"train_accuracy": (0.97, 0.98, 0.99)}),
])
def test_each_claim_holds_exactly_when_the_run_says_so(claim_id, good, bad):
    claims.check(claim_id, fake_run(**good), {})
    with pytest.raises(claims.ClaimFailed):
        claims.check(claim_id, fake_run(**bad), {})


def test_a_claim_relative_to_the_articles_code_compares_two_runs():
    runs = {"expanded_cnn": fake_run("expanded_cnn", accuracy=0.98)}
    claims.check("above-article-code", fake_run("expanded_cnn_momentum", accuracy=0.99), runs)
    with pytest.raises(claims.ClaimFailed):
        claims.check("above-article-code", fake_run("expanded_cnn_momentum", accuracy=0.97), runs)


@pytest.mark.parametrize("lang", LANGS)
def test_every_claim_on_the_pages_names_a_known_claim_of_a_real_experiment(lang):
    used = [(o.experiment, o.key) for text in pages(lang).values() for o in directives_in(text, "claim")]
    assert used, "the pages bind no sentence to a check"
    for experiment, claim_id in used:
        assert experiment in experiments.EXPERIMENTS and claim_id in claims.CLAIMS, (experiment, claim_id)


def test_every_claim_on_the_built_site_was_checked_against_its_run(executed_site):
    for lang in LANGS:
        for name, text in pages(lang).items():
            expected = len(directives_in(text, "claim"))
            folder = executed_site / lang / ("" if name == "index.md" else name[:-3])
            html = (folder / "index.html").read_text()
            assert html.count('class="claim-checked"') == expected, f"{lang}/{name}"


def test_claims_are_data_about_the_run_not_about_the_floor():
    experiment = experiments.get("first_draft_cnn")
    lowered = dataclasses.replace(experiment, floor=0.5)
    run = fake_run(accuracy=0.977)
    run = dataclasses.replace(run, experiment=lowered)
    with pytest.raises(claims.ClaimFailed):  # the claim is the article's 97.8 %, whatever the floor
        claims.check("reaches-claim", run, {})
