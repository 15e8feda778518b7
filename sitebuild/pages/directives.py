"""Replace the output directives of a page with what the build's runs produced.

    {{ output: expanded_cnn/train }}      what a section printed, as a text block
    {{ value: expanded_cnn/test_accuracy }} one number or fact of the run, inline
    {{ figure: expanded_cnn/curves }}      a figure, drawn in the page's language
    {{ notebook: expanded_cnn }}           links to the notebook page, its download and Colab
    {{ demo: expanded_cnn }}               "draw a digit" with the run's trained model
    {{ claim: expanded_cnn/below-claim }}  the sentence before it, checked against the run (claims.py)
    {{ count: errata }}                    a fact about the site itself (site_facts.py)

An unknown experiment, section, value or figure fails the build, naming the page.
"""
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import languages
from sitebuild.engine import claims
from sitebuild.engine.experiments import get
from sitebuild.engine.sections import section_names
from sitebuild.errors import BuildError
from sitebuild.pages import site_facts
from sitebuild.reader import digit_demo, figures

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
    notebook_urls: Callable[[str], tuple[str, str, str]]  # experiment -> (page, download, colab)
    site_root: str = "."            # URL of the language's root, relative to the page's URL
    figures_shown: list = field(default_factory=list)  # figures numbered so far on this page


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
    if kind == "notebook":  # the notebook page exists with or without a run (then without outputs)
        page, download, colab = ctx.notebook_urls(name)
        # The download is the file mkdocs-jupyter copies beside the notebook page (raw HTML:
        # MkDocs checks Markdown links against its files, and that copy is not one of them).
        return (f"[:material-notebook-outline: {ctx.words['notebook_page']['link']}]({page})"
                f' · <a href="{download}" download>{ctx.words["notebook_download"]}</a>'
                f" · [{ctx.words['notebook_colab']}]({colab})\n{{: .notebook-links }}")
    if kind == "claim" and name not in ctx.runs:
        return ""  # nothing was run, so nothing is shown as checked
    if name not in ctx.runs and kind == "demo":  # execution off: keep the demo's anchor for links
        return f'<p id="{digit_demo.ANCHOR}"><em>[demo {name}: {ctx.words["not_executed"]}]</em></p>'
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
        return _figure(name, part, run, ctx)
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


PHONE = "(max-width: 519px)"  # below this the desktop drawing's labels would be under 9 CSS px


def _figure_number(ctx: PageContext) -> str:
    """Chapter and place on the page: 5.1 is the first figure of 05-project.md."""
    page = Path(ctx.where).name
    lang = languages.get(ctx.lang)
    nav = languages.nav(ctx.lang)
    chapter = figures.chapter_labels({p.name for p in lang.docs_dir.glob("*.md")} | {page}, nav)[page]
    ctx.figures_shown.append(page)
    return f"{chapter}.{len(ctx.figures_shown)}" if chapter else str(len(ctx.figures_shown))


def _figure(name: str, part: str, run, ctx: PageContext) -> str:
    """A numbered <figure>: the phone drawing below PHONE, the desktop one above, and a
    link to the full-size drawing (figures.js opens it in place; without JS it is a link)."""
    try:
        caption = figures.caption(ctx.words, name, part)
    except KeyError:
        config = languages.get(ctx.lang).config_file.name
        raise DirectiveError(f"{config}: extra.words.figure_caption lacks {name}.{part}") from None
    number = _figure_number(ctx)
    pngs = figures.figure_pngs(run, part, ctx.lang, ctx.words["figures"])
    base = f"{ctx.site_root}/figures/{name}/{part}"
    desktop, phone = figures.png_info(pngs[f"{part}.png"]), figures.png_info(pngs[f"{part}-phone.png"])
    alt, title = html.escape(ctx.words["figure_alt"][part]), html.escape(ctx.words["figure_open"])
    label = html.escape(ctx.words["figure_number"].format(number=number), quote=False)
    # Raw HTML (no blank line inside), so its URLs are relative to the page's URL.
    return (f'<figure class="site-figure" id="figure-{number.replace(".", "-")}">\n'
            f'<a class="site-figure__zoom" href="{base}@2x.png" title="{title}"'
            f' data-close="{html.escape(ctx.words["figure_close"])}">'
            f'<picture><source media="{PHONE}" srcset="{base}-phone.png"'
            f' width="{phone["width"]}" height="{phone["height"]}">'
            f'<img src="{base}.png" srcset="{base}.png 1x, {base}@2x.png 2x" alt="{alt}"'
            f' width="{desktop["width"]}" height="{desktop["height"]}"'
            f' loading="lazy" decoding="async"></picture></a>\n'
            f'<figcaption><span class="site-figure__number">{label}</span>'
            f' {html.escape(caption, quote=False)}</figcaption>\n'
            f'</figure>')


def referenced_experiments(markdown: str) -> set[str]:
    return {m.group(2) for m in DIRECTIVE.finditer(markdown)}


def expand(markdown: str, ctx: PageContext) -> str:
    def replace(match):
        try:
            return _render(match.group(1), match.group(2), match.group(3), ctx)
        except BuildError as err:
            raise DirectiveError(f"{ctx.where}: {match.group(0)}: {err}") from None
    markdown = site_facts.expand(markdown, ctx.lang, ctx.where)
    return DIRECTIVE.sub(replace, markdown)
