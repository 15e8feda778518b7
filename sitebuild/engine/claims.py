"""Sentences the site writes about a run, each bound to a check over that run.

A page puts `{{ claim: <experiment>/<claim> }}` right after a sentence that
describes a run ("the validation loss goes back up in the last epochs"). The
build checks the claim against this build's run of that experiment; a claim
the run contradicts (after a library upgrade, another seed, a code change)
fails the build, naming the page, the claim and the numbers. A claim that
holds is shown as a small check mark whose tooltip says what was checked.

A claim is a small function of the run, so one claim serves every experiment
it makes sense for; the sentence itself stays in the page, in each language.
Claims named `study-…` are about the seed study's record (study.py), checked
against the record and, through it, against this build's run of the page.
"""
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from sitebuild.engine import study

# The article's own published numbers that claims compare against (§5.4's log).
PUBLISHED_FIRST_EPOCH_TRAIN_ACCURACY = 0.9664
# The hardware the article's §5.1 lists, and what "far below" means for a claim about it.
STATED_MEMORY_GB = 16
STUDY_PREFIX = "study-"  # claims about the seed study's record
FAR_BELOW = 4            # a quarter or less
CPU_ONLY_MINUTES = 15    # "needs no GPU": the run finishes on the CPU within this time
# "Still far from converged": the last epoch still lowers the training loss by this share,
# and the same steps with momentum end below this share of its final training loss.
STILL_FALLING = 0.03
MOMENTUM_LOSS_SHARE = 0.5


@dataclass(frozen=True)
class Claim:
    says: str                               # what the sentence asserts, for messages and tooltips
    holds: Callable[[object, dict], bool]   # (this experiment's run, every run by name) -> bool
    evidence: Callable[[object, dict], str]  # the numbers behind it, for the failure message


def _history(run, metric: str) -> list[float]:
    return run.results["history"][metric]


def _accuracy(run) -> float:
    return run.results["test_accuracy"]


def _series(values: list[float]) -> str:
    return " → ".join(f"{v:.4f}" for v in values)


def _val_loss_rises_late(run, runs) -> bool:
    losses = _history(run, "val_loss")
    lowest = losses.index(min(losses))
    return lowest <= len(losses) - 3 and losses[-1] > losses[-2] > losses[lowest]


CLAIMS: dict[str, Claim] = {
    "reaches-claim": Claim(
        "the test accuracy reaches the accuracy the article reports",
        lambda run, runs: _accuracy(run) >= run.experiment.claim,
        lambda run, runs: f"test accuracy {_accuracy(run):.4f}, reported {run.experiment.claim}"),
    "above-claim": Claim(
        "the test accuracy is above the accuracy the article reports (the article understates it)",
        lambda run, runs: _accuracy(run) > run.experiment.claim,
        lambda run, runs: f"test accuracy {_accuracy(run):.4f}, reported {run.experiment.claim}"),
    "below-claim": Claim(
        "the test accuracy stays below the accuracy the article reports",
        lambda run, runs: _accuracy(run) < run.experiment.claim,
        lambda run, runs: f"test accuracy {_accuracy(run):.4f}, reported {run.experiment.claim}"),
    "above-article-code": Claim(
        "the test accuracy is above that of the article's code as written (expanded_cnn)",
        lambda run, runs: _accuracy(run) > _accuracy(runs["expanded_cnn"]),
        lambda run, runs: f"{_accuracy(run):.4f} against {_accuracy(runs['expanded_cnn']):.4f}"),
    "still-improving-at-last-epoch": Claim(
        "in the last epoch both losses (training, validation) still fall and both accuracies still rise",
        lambda run, runs: all(_history(run, m)[-1] < _history(run, m)[-2] for m in ("loss", "val_loss"))
        and all(_history(run, m)[-1] > _history(run, m)[-2] for m in ("accuracy", "val_accuracy")),
        lambda run, runs: "; ".join(f"{m} {_series(_history(run, m)[-2:])}"
                                    for m in ("loss", "val_loss", "accuracy", "val_accuracy"))),
    "train-accuracy-below-validation-every-epoch": Claim(
        "in every epoch the training accuracy is below the validation accuracy",
        lambda run, runs: all(t < v for t, v in zip(_history(run, "accuracy"), _history(run, "val_accuracy"),
                                                    strict=True)),
        lambda run, runs: f"training {_series(_history(run, 'accuracy'))}; "
                          f"validation {_series(_history(run, 'val_accuracy'))}"),
    "train-accuracy-rises-every-epoch": Claim(
        "the training accuracy rises in every epoch",
        lambda run, runs: all(a < b for a, b in pairwise(_history(run, "accuracy"))),
        lambda run, runs: f"training accuracy {_series(_history(run, 'accuracy'))}"),
    "val-loss-rises-late": Claim(
        "the validation loss reaches its lowest value at least two epochs before the end "
        "and rises in the last two epochs",
        _val_loss_rises_late,
        lambda run, runs: f"validation loss {_series(_history(run, 'val_loss'))}"),
    "first-epoch-below-published-log": Claim(
        f"the first epoch's training accuracy is below the {PUBLISHED_FIRST_EPOCH_TRAIN_ACCURACY:.2%} "
        "of the article's log",
        lambda run, runs: _history(run, "accuracy")[0] < PUBLISHED_FIRST_EPOCH_TRAIN_ACCURACY,
        lambda run, runs: f"first-epoch training accuracy {_history(run, 'accuracy')[0]:.4f}"),
}


def _summary(run, runs, name: str | None = None) -> "study.Summary":
    name = name or run.experiment.name
    return study.summary(name, runs.get(name, run if name == run.experiment.name else None))


def _seeds(summary) -> str:
    return ", ".join(f"{seed}: {accuracy:.4f}" for seed, accuracy in summary.accuracies.items())


def _per_seed_gains(run, runs) -> dict[int, float]:
    variant, base = _summary(run, runs), _summary(run, runs, run.experiment.variant_of)
    return {seed: variant.accuracies[seed] - base.accuracies[seed] for seed in variant.accuracies}


def _final_loss_drop(run) -> float:
    losses = _history(run, "loss")
    return (losses[-2] - losses[-1]) / losses[-2]


CLAIMS.update({
    "needs-no-gpu": Claim(
        f"the run used no GPU and finished on the CPU within {CPU_ONLY_MINUTES} minutes",
        lambda run, runs: run.results["gpus"] == 0 and run.run_info["wall_seconds"] <= 60 * CPU_ONLY_MINUTES,
        lambda run, runs: f"{run.results['gpus']} GPUs, {run.run_info['wall_seconds']} s"),
    "far-below-stated-memory": Claim(
        f"the run's peak memory is at most 1/{FAR_BELOW} of the {STATED_MEMORY_GB} GB the article lists",
        lambda run, runs: run.run_info["peak_memory_mb"] <= STATED_MEMORY_GB * 1024 / FAR_BELOW,
        lambda run, runs: f"peak memory {run.run_info['peak_memory_mb']} MB"),
    "far-from-converged": Claim(
        f"the last epoch still lowers the training loss by at least {STILL_FALLING:.0%}, and the same "
        f"number of steps with momentum (expanded_cnn_momentum) ends below {MOMENTUM_LOSS_SHARE:.0%} "
        "of its final training loss",
        lambda run, runs: _final_loss_drop(run) >= STILL_FALLING
        and _history(runs["expanded_cnn_momentum"], "loss")[-1] < MOMENTUM_LOSS_SHARE * _history(run, "loss")[-1],
        lambda run, runs: f"last-epoch drop {_final_loss_drop(run):.1%}; final training loss "
                          f"{_history(run, 'loss')[-1]:.4f}, with momentum "
                          f"{_history(runs['expanded_cnn_momentum'], 'loss')[-1]:.4f}"),
    "study-no-seed-reaches-claim": Claim(
        "no seed of the study reaches the accuracy the article reports",
        lambda run, runs: _summary(run, runs).reaching_claim == 0,
        lambda run, runs: f"reported {run.experiment.claim}; {_seeds(_summary(run, runs))}"),
    "study-every-seed-above-claim": Claim(
        "every seed of the study is above the accuracy the article reports",
        lambda run, runs: _summary(run, runs).low > run.experiment.claim,
        lambda run, runs: f"reported {run.experiment.claim}; {_seeds(_summary(run, runs))}"),
    "study-not-every-seed-reaches-claim": Claim(
        "some seeds of the study reach the accuracy the article reports, and some do not",
        lambda run, runs: 0 < _summary(run, runs).reaching_claim < _summary(run, runs).n,
        lambda run, runs: f"reported {run.experiment.claim}; {_seeds(_summary(run, runs))}"),
    "study-page-seed-highest": Claim(
        f"the page's seed ({study.SEEDS[0]}) gives the highest test accuracy of the study's seeds",
        lambda run, runs: _summary(run, runs).accuracies[study.SEEDS[0]] == _summary(run, runs).high,
        lambda run, runs: _seeds(_summary(run, runs))),
    "study-page-seed-lowest": Claim(
        f"the page's seed ({study.SEEDS[0]}) gives the lowest test accuracy of the study's seeds",
        lambda run, runs: _summary(run, runs).accuracies[study.SEEDS[0]] == _summary(run, runs).low,
        lambda run, runs: _seeds(_summary(run, runs))),
    "study-every-seed-above-article-code": Claim(
        "with every seed of the study this variant's test accuracy is above that of the code it changes "
        "with the same seed",
        lambda run, runs: min(_per_seed_gains(run, runs).values()) > 0,
        lambda run, runs: "gain per seed: " + ", ".join(f"{seed}: {100 * gain:+.2f} points"
                                                       for seed, gain in _per_seed_gains(run, runs).items())),
})


class ClaimFailed(Exception):
    """Raised with the claim's text and evidence; page_outputs adds the page and directive."""


def check(claim_id: str, run, runs: dict) -> Claim:
    """The claim, if this build's runs bear it out; ClaimFailed otherwise."""
    claim = CLAIMS[claim_id]
    try:
        holds = claim.holds(run, runs)
    except KeyError as missing:  # a run without that metric, or a claim needing a run the page lacks
        raise ClaimFailed(f"'{claim.says}' cannot be checked: this run has no {missing}") from None
    if not holds:
        raise ClaimFailed(f"this build's run contradicts the sentence: '{claim.says}' is false "
                          f"({claim.evidence(run, runs)})")
    return claim
