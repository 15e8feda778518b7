"""Replace the output directives of a page with what the build's runs produced.

    {{ output: expanded_cnn/train }}      what a section printed, as a text block
    {{ value: expanded_cnn/test_accuracy }} one number or fact of the run, inline
    {{ figure: expanded_cnn/curves }}      a figure, drawn in the page's language
    {{ notebook: expanded_cnn }}           download + Open-in-Colab links
    {{ demo: expanded_cnn }}               "draw a digit" with the run's trained model
    {{ claim: expanded_cnn/below-claim }}  the sentence before it, checked against the run (claims.py)

An unknown experiment, section, value or figure fails the build, naming the page.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitebuild import claims, digit_demo
from sitebuild.errors import BuildError
from sitebuild.experiments import get
from sitebuild.snippet_sections import section_names

DIRECTIVE = re.compile(r"\{\{\s*(output|value|figure|notebook|demo|claim):\s*([\w-]+)(?:/([\w-]+))?\s*\}\}")


class DirectiveError(BuildError):
    pass


def _percent(x: float) -> str:
    return f"{100 * x:.2f}%"


def _versions(run) -> str:
    v = run.run_info["inputs"]["versions"]
    return f"Python {v['python']}, TensorFlow {v['tensorflow']}, Keras {v['keras']}, NumPy {v['numpy']}"


def _machine(run, words: dict) -> str:
    cores, gpus = run.run_info["cpu_cores"], run.results["gpus"]
    gpu_part = words["machine_gpus"].format(gpus=gpus) if gpus else words["machine_no_gpu"]
    return words["machine"].format(cores=cores, gpu_part=gpu_part)


LANGUAGE_VALUES: dict[str, Callable] = {"machine": _machine}  # worded per language

VALUES: dict[str, Callable] = {
    "test_accuracy": lambda r: f"{r.results['test_accuracy']:.4f}",
    "test_accuracy_percent": lambda r: _percent(r.results["test_accuracy"]),
    "test_loss": lambda r: f"{r.results['test_loss']:.4f}",
    "final_train_accuracy_percent": lambda r: _percent(r.results["history"]["accuracy"][-1]),
    "final_val_accuracy_percent": lambda r: _percent(r.results["history"]["val_accuracy"][-1]),
    "first_train_accuracy_percent": lambda r: _percent(r.results["history"]["accuracy"][0]),
    "epochs": lambda r: str(r.results["epochs"]),
    "parameters": lambda r: f"{r.results['parameters']:,}",
    "wall_time": lambda r: f"{r.run_info['wall_seconds']:.0f} s",
    "peak_memory": lambda r: f"{r.run_info['peak_memory_mb'] / 1024:.1f} GB",
    "versions": _versions,
    "claim_percent": lambda r: _percent(r.experiment.claim),
    "gap_to_claim_points": lambda r: f"{100 * (r.experiment.claim - r.results['test_accuracy']):.2f}",
    "beta": lambda r: ", ".join(f"{b:.4f}" for b in r.results["beta"]),
    "beta_least_squares": lambda r: ", ".join(f"{b:.4f}" for b in r.results["beta_least_squares"]),
}


@dataclass
class PageContext:
    where: str                      # page path, for error messages
    lang: str
    words: dict                     # the language's interface words (extra.words)
    runs: dict                      # experiment name -> execution.Run (empty: execution off)
    figure_url: Callable[[str, str], str]    # (experiment, figure) -> URL relative to the page
    notebook_urls: Callable[[str], tuple[str, str]]  # experiment -> (download, colab)
    site_root: str = "."            # URL of the language's root, relative to the page's URL


def _render(kind: str, name: str, part: str | None, ctx: PageContext) -> str:
    experiment = get(name)
    # Names are checked before anything runs, so a typo fails even with execution off.
    if kind == "figure" and part not in experiment.figures:
        raise DirectiveError(f"no figure '{part}' in experiment '{name}'")
    if kind == "value" and part not in VALUES and part not in LANGUAGE_VALUES:
        raise DirectiveError(f"unknown value '{part}' (known: {', '.join([*VALUES, *LANGUAGE_VALUES])})")
    if kind == "output" and part not in section_names(experiment.path):
        raise DirectiveError(f"'{name}' has no section '{part}' "
                             f"(it has: {', '.join(section_names(experiment.path))})")
    if kind == "demo" and experiment.kind != "classifier":
        raise DirectiveError(f"experiment '{name}' has no model to demonstrate")
    if kind == "notebook" and not experiment.notebook:
        raise DirectiveError(f"experiment '{name}' has no notebook")
    if kind == "claim" and part not in claims.CLAIMS:
        raise DirectiveError(f"unknown claim '{part}' (known: {', '.join(claims.CLAIMS)})")
    if kind == "claim" and name not in ctx.runs:
        return ""  # nothing was run, so nothing is shown as checked
    if name not in ctx.runs:  # execution switched off (SITE_EXECUTE=0)
        return f"*[{kind} {name}/{part or ''}: {ctx.words['not_executed']}]*"
    run = ctx.runs[name]
    if kind == "output":
        text = run.results["section_outputs"][part].strip("\n")
        if not text:
            raise DirectiveError(f"section '{name}/{part}' printed nothing")
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
        return f'{fence}{{.text .run-output title="{ctx.words["output_title"]}"}}\n{text}\n{fence}'
    if kind == "value":
        if part in LANGUAGE_VALUES:
            return LANGUAGE_VALUES[part](run, ctx.words)
        return VALUES[part](run)
    if kind == "figure":
        return f"![{ctx.words['figure_alt'][part]}]({ctx.figure_url(name, part)}){{ loading=lazy }}"
    if kind == "notebook":
        download, colab = ctx.notebook_urls(name)
        return (f"[:material-download: {ctx.words['notebook_download']}]({download}){{ download }}"
                f" · [{ctx.words['notebook_colab']}]({colab})")
    if kind == "demo":
        return digit_demo.markup(ctx.words["demo"], VALUES["test_accuracy_percent"](run), ctx.site_root)
    if kind == "claim":
        try:
            claims.check(part, run, ctx.runs)
        except claims.ClaimFailed as failed:
            raise DirectiveError(str(failed)) from None
        words = ctx.words["claim_checked"]
        return f'<span class="claim-checked" data-claim="{name}/{part}" title="{words}" aria-label="{words}">✓</span>'
    raise DirectiveError(f"unknown directive '{kind}'")


def referenced_experiments(markdown: str) -> set[str]:
    return {m.group(2) for m in DIRECTIVE.finditer(markdown)}


def expand(markdown: str, ctx: PageContext) -> str:
    def replace(match):
        try:
            return _render(match.group(1), match.group(2), match.group(3), ctx)
        except BuildError as err:
            raise DirectiveError(f"{ctx.where}: {match.group(0)}: {err}") from None
    return DIRECTIVE.sub(replace, markdown)
