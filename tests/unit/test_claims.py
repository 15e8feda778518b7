"""Sentences about a run are checked against it: a false one fails the build, naming page and claim."""
import dataclasses

import pytest

from sitebuild.engine import claims, experiments, study
from sitebuild.engine.execution import Run
from sitebuild.pages import directives
from tests.support.pages import LANGS, directives_in, pages


def fake_run(name="first_draft_cnn", accuracy=0.99, loss=(0.3, 0.2, 0.1), train_accuracy=(0.9, 0.95, 0.97),
             val_loss=(0.06, 0.05, 0.04), val_accuracy=(0.95, 0.96, 0.98), gpus=0, wall_seconds=70.0,
             peak_memory_mb=1300):
    history = {"loss": list(loss), "accuracy": list(train_accuracy), "val_loss": list(val_loss),
               "val_accuracy": list(val_accuracy)}
    return Run(experiments.get(name), folder=None,
               results={"test_accuracy": accuracy, "history": history, "gpus": gpus},
               run_info={"wall_seconds": wall_seconds, "peak_memory_mb": peak_memory_mb},
               executed=False, seconds=0.0)


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
    ("needs-no-gpu", {}, {"gpus": 1}),
    ("needs-no-gpu", {"wall_seconds": 900}, {"wall_seconds": 901}),
    ("far-below-stated-memory", {"peak_memory_mb": 4096}, {"peak_memory_mb": 4097}),
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
            # A checked sentence's mark carries its claim (the home page's key shows a bare mark).
            assert html.count('class="claim-checked" data-claim=') == expected, f"{lang}/{name}"


def test_claims_are_data_about_the_run_not_about_the_floor():
    experiment = experiments.get("first_draft_cnn")
    lowered = dataclasses.replace(experiment, floor=0.5)
    run = fake_run(accuracy=0.977)
    run = dataclasses.replace(run, experiment=lowered)
    with pytest.raises(claims.ClaimFailed):  # the claim is the article's 97.8 %, whatever the floor
        claims.check("reaches-claim", run, {})


def test_far_from_converged_needs_a_falling_loss_and_a_much_lower_loss_with_momentum():
    plain = fake_run("expanded_cnn", loss=(0.2, 0.162, 0.154))  # still falls 4.9 % in the last epoch
    claims.check("far-from-converged", plain, {"expanded_cnn_momentum": fake_run(loss=(0.1, 0.06, 0.055))})
    with pytest.raises(claims.ClaimFailed, match="last-epoch drop"):  # momentum ends at more than half
        claims.check("far-from-converged", plain, {"expanded_cnn_momentum": fake_run(loss=(0.1, 0.08, 0.078))})
    flat = fake_run("expanded_cnn", loss=(0.2, 0.155, 0.154))  # 0.6 %: as good as converged
    with pytest.raises(claims.ClaimFailed):
        claims.check("far-from-converged", flat, {"expanded_cnn_momentum": fake_run(loss=(0.1, 0.06, 0.055))})


@pytest.fixture
def record(tmp_path, monkeypatch):
    """record(accuracies by experiment) -> a complete study record with those test accuracies per seed."""
    monkeypatch.setattr(study, "RECORD_FILE", tmp_path / "seed-study.json")

    def make(accuracies: dict[str, list[float]]):
        def run_one(experiment, seed):
            return {"seed": seed, "test_accuracy": accuracies[experiment.name][study.SEEDS.index(seed)],
                    "final_train_accuracy": 0.95, "final_val_accuracy": 0.97, "wall_seconds": 60.0,
                    "cpu_seconds": 100.0, "peak_memory_mb": 1200}
        study.run_study(list(accuracies), restart=True, run_one=run_one, say=lambda message: None)
    return make


SPREAD = [0.001 * i for i in range(10)]  # ten seeds, 0.0 to 0.9 points apart


@pytest.mark.parametrize("claim_id, name, good, bad", [
    ("study-no-seed-reaches-claim", "expanded_cnn", 0.977, 0.9785),  # the claim is 98.73 %
    ("study-every-seed-above-claim", "first_draft_cnn", 0.9781, 0.9775),  # 97.8 %
    ("study-not-every-seed-reaches-claim", "expanded_cnn_momentum", 0.983, 0.9873),
])
def test_each_study_claim_holds_exactly_when_the_record_says_so(record, claim_id, name, good, bad):
    for base, holds in ((good, True), (bad, False)):
        record({name: [base + d for d in SPREAD]})
        run = fake_run(name, accuracy=base)  # seed 42, the page's run
        if holds:
            claims.check(claim_id, run, {})
        else:
            with pytest.raises(claims.ClaimFailed, match="is false"):
                claims.check(claim_id, run, {})


def test_the_variant_must_beat_the_code_it_changes_seed_by_seed(record):
    base = [0.980 + d for d in SPREAD]
    record({"expanded_cnn": base, "expanded_cnn_momentum": [a + 0.005 for a in base]})
    runs = {"expanded_cnn": fake_run("expanded_cnn", accuracy=base[0])}
    variant = fake_run("expanded_cnn_momentum", accuracy=base[0] + 0.005)
    claims.check("study-every-seed-above-article-code", variant, runs)
    # Higher on average and at seed 42, but not for the last seed: false.
    record({"expanded_cnn": base, "expanded_cnn_momentum": [a + 0.005 for a in base[:-1]] + [base[-1] - 0.001]})
    with pytest.raises(claims.ClaimFailed, match="9: -0.10 points"):
        claims.check("study-every-seed-above-article-code", variant, runs)


def test_a_study_claim_against_a_page_run_that_disagrees_with_the_record_fails(record):
    record({"expanded_cnn": [0.980 + d for d in SPREAD]})
    with pytest.raises(study.StaleStudyError, match="differs from this build's run"):
        claims.check("study-no-seed-reaches-claim", fake_run("expanded_cnn", accuracy=0.975), {})


def test_the_page_seed_is_named_highest_or_lowest_only_when_it_is(record):
    record({"expanded_cnn": [0.980] + [0.979 - d for d in SPREAD[1:]]})  # seed 42 first and highest
    claims.check("study-page-seed-highest", fake_run("expanded_cnn", accuracy=0.980), {})
    with pytest.raises(claims.ClaimFailed):
        claims.check("study-page-seed-lowest", fake_run("expanded_cnn", accuracy=0.980), {})
    record({"expanded_cnn": [0.970] + [0.979 - d for d in SPREAD[1:]]})
    claims.check("study-page-seed-lowest", fake_run("expanded_cnn", accuracy=0.970), {})
    with pytest.raises(claims.ClaimFailed):
        claims.check("study-page-seed-highest", fake_run("expanded_cnn", accuracy=0.970), {})
