"""Every `{{ … }}` directive of the pages: declared once, found once, checked before anything runs.

    {{ output: expanded_cnn/train }}        what a section printed, as a text block
    {{ value: expanded_cnn/test_accuracy }} one number or fact of the run, inline
    {{ figure: expanded_cnn/curves }}       a numbered figure, drawn in the page's language
    {{ notebook: expanded_cnn }}            links to the notebook page, its download and Colab
    {{ demo: expanded_cnn }}                "draw a digit" with the run's trained model
    {{ claim: expanded_cnn/below-claim }}   the sentence before it, checked against the run (claims.py)
    {{ study: expanded_cnn/mean_percent }}  a number of the seed study's record (engine/study.py)
    {{ count: errata }}                     a fact about the site itself, counted when it is built
    {{ glossary }}                          the glossary table (glossary.py)
    {{ errata_list }}                       the list of every erratum (errata.py)
    {{ contents }}                          the list of the pages, titled as the navigation titles them
    {{ report_url }}                        the address for reporting a problem with this page
    {{ eq: adam-article }}                  a link to a numbered formula: 式（3.2） / Eq. (3.2)
    {{ cite }}                              how to cite the site: a reference and BibTeX, with the build's commit

`DIRECTIVES` declares each one as data: what it takes, which experiments and keys
it accepts, whether its experiment is run, what it shows when execution is off,
what it adds to the site's files, and how typography treats it. `find` is the
only code that knows the `{{ … }}` syntax. An unknown directive, experiment or
key fails the build naming the page, the line and the valid keys, also with
execution off.
"""
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import languages
from sitebuild.engine import claims, study
from sitebuild.engine.experiments import EXPERIMENTS, Experiment
from sitebuild.engine.sections import section_names
from sitebuild.errors import BuildError
from sitebuild.pages import errata, glossary, structure
from sitebuild.reader import citation, digit_demo, figures

SYNTAX = re.compile(r"\{\{\s*(?P<name>[a-z_]+)\s*(?::\s*(?P<argument>[^{}]*?))?\s*\}\}")

# How typography treats a directive: like a Latin word (a space between it and Chinese text),
# as neutral (no space added: a mark or a link target), or as a block on a line of its own.
LATIN, NEUTRAL, BLOCK = "latin", "neutral", "block"
CLASSIFIER, REGRESSION = "classifier", "regression"


class DirectiveError(BuildError):
    pass


@dataclass(frozen=True)
class Occurrence:
    """One `{{ … }}` in a text: its directive's name, experiment and key as written."""
    name: str
    experiment: str | None
    key: str | None
    line: int                 # 1-based, in the text given to `find`
    span: tuple[int, int]     # character offsets in that text
    text: str                 # as written, e.g. "{{ value: expanded_cnn/epochs }}"


def find(markdown: str) -> list[Occurrence]:
    """Every directive in `markdown`, in order (known or not: `check` judges them)."""
    found, line, counted = [], 1, 0
    for match in SYNTAX.finditer(markdown):
        line += markdown.count("\n", counted, match.start())
        counted = match.start()
        name, argument = match["name"], match["argument"]
        experiment, _, key = (argument or "").partition("/")
        if name in DIRECTIVES and DIRECTIVES[name].takes == "key":
            experiment, key = "", argument or ""
        found.append(Occurrence(name, experiment or None, key.strip() or None, line, match.span(), match[0]))
    return found


@dataclass
class PageContext:
    where: str                      # page path, for error messages
    lang: str
    words: dict                     # the language's interface words (extra.words)
    runs: dict                      # experiment name -> execution.Run (empty: execution off)
    notebook_urls: Callable[[str], tuple[str, str, str]]  # experiment -> (page, download, colab)
    site_root: str = "."            # URL of the language's root, relative to the page's URL
    report_url: str | None = None   # where a reader reports a problem with this page
    first_line: int = 1             # the file's line the Markdown starts on (after front matter)
    figures_shown: list = field(default_factory=list)  # figures numbered so far on this page
    citation: "citation.Citation | None" = None  # what {{ cite }} shows (the build's commit, address)


# --- values: {{ value: experiment/key }} ---------------------------------------------------

def _percent(x: float) -> str:
    return f"{100 * x:.2f}%"


def _versions(run, words) -> str:
    v = run.run_info["inputs"]["versions"]
    return f"Python {v['python']}, TensorFlow {v['tensorflow']}, Keras {v['keras']}, NumPy {v['numpy']}"


def _machine(run, words: dict) -> str:
    cores, gpus = run.run_info["cpu_cores"], run.results["gpus"]
    gpu_part = words["machine_gpus"].format(gpus=gpus) if gpus else words["machine_no_gpu"]
    return words["machine"].format(cores=cores, gpu_part=gpu_part)


@dataclass(frozen=True)
class Value:
    """How one value is printed from a run (in the page's words), and which experiments have it."""
    show: Callable[..., str]               # (run, words) -> text
    kinds: tuple[str, ...] = (CLASSIFIER,)
    needs_claim: bool = False              # only an experiment with the accuracy the article reports
    collected: bool = False                # only an experiment that collects this variable

    def applies(self, experiment: Experiment, key: str) -> bool:
        return (experiment.kind in self.kinds
                and (experiment.claim is not None or not self.needs_claim)
                and (key in experiment.collect or not self.collected))


EVERY_KIND = (CLASSIFIER, REGRESSION)
VALUES: dict[str, Value] = {
    "test_accuracy": Value(lambda r, w: f"{r.results['test_accuracy']:.4f}"),
    "test_accuracy_percent": Value(lambda r, w: _percent(r.results["test_accuracy"])),
    "test_loss": Value(lambda r, w: f"{r.results['test_loss']:.4f}"),
    "final_train_accuracy_percent": Value(lambda r, w: _percent(r.results["history"]["accuracy"][-1])),
    "final_val_accuracy_percent": Value(lambda r, w: _percent(r.results["history"]["val_accuracy"][-1])),
    "first_train_accuracy_percent": Value(lambda r, w: _percent(r.results["history"]["accuracy"][0])),
    "epochs": Value(lambda r, w: str(r.results["epochs"])),
    "parameters": Value(lambda r, w: f"{r.results['parameters']:,}"),
    "wall_time": Value(lambda r, w: f"{r.run_info['wall_seconds']:.0f} s", EVERY_KIND),
    "peak_memory": Value(lambda r, w: f"{r.run_info['peak_memory_mb'] / 1024:.1f} GB", EVERY_KIND),
    "versions": Value(_versions, EVERY_KIND),
    # A run records its GPUs when the snippet imports TensorFlow: the classifiers do.
    "machine": Value(_machine),
    "claim_percent": Value(lambda r, w: _percent(r.experiment.claim), needs_claim=True),
    "gap_to_claim_points": Value(lambda r, w: f"{100 * (r.experiment.claim - r.results['test_accuracy']):.2f}",
                                 needs_claim=True),
    "beta": Value(lambda r, w: ", ".join(f"{b:.4f}" for b in r.results["beta"]), (REGRESSION,), collected=True),
    "beta_least_squares": Value(lambda r, w: ", ".join(f"{b:.4f}" for b in r.results["beta_least_squares"]),
                                (REGRESSION,), collected=True),
}


# --- the seed study: {{ study: experiment/key }}, from the record (no run needed) --------------

def _study_provenance(summary: study.Summary, words: dict) -> str:
    v, m = summary.versions, summary.machine
    facts = {"cpu": m["cpu"], "cores": m["cores"], "python": v["python"], "tensorflow": v["tensorflow"],
             "keras": v["keras"], "tolerance": f"{100 * study.OTHER_MACHINE_TOLERANCE:.1f}"}
    return words["study"]["same_machine" if summary.same_machine else "other_machine"].format(**facts)


STUDY_VALUES: dict[str, Callable[[study.Summary, dict], str]] = {
    "n": lambda s, w: str(s.n),
    "mean_percent": lambda s, w: _percent(s.mean),
    "sd_points": lambda s, w: f"{100 * s.sd:.2f}",
    "range_percent": lambda s, w: f"{_percent(s.low)}–{_percent(s.high)}",
    "reaching_claim": lambda s, w: str(s.reaching_claim),
    "provenance": _study_provenance,
}


def _study(occurrence: Occurrence, run, ctx: PageContext) -> str:
    # With a run of the page (execution on), the record's seed-42 run is checked against it.
    return STUDY_VALUES[occurrence.key](study.summary(occurrence.experiment, run), ctx.words)


# --- how each directive is shown ------------------------------------------------------------

def _output(occurrence: Occurrence, run, ctx: PageContext) -> str:
    text = run.results["section_outputs"][occurrence.key].strip("\n")
    if not text:
        raise DirectiveError(f"section '{occurrence.experiment}/{occurrence.key}' printed nothing")
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return f'{fence}{{.text .run-output title="{ctx.words["output_title"]}"}}\n{text}\n{fence}'


def _notebook(occurrence: Occurrence, run, ctx: PageContext) -> str:
    page, download, colab = ctx.notebook_urls(occurrence.experiment)
    # The download is the file mkdocs-jupyter copies beside the notebook page (raw HTML:
    # MkDocs checks Markdown links against its files, and that copy is not one of them).
    return (f"[:material-notebook-outline: {ctx.words['notebook_page']['link']}]({page})"
            f' · <a href="{download}" download>{ctx.words["notebook_download"]}</a>'
            f" · [{ctx.words['notebook_colab']}]({colab})\n{{: .notebook-links }}")


def _claim(occurrence: Occurrence, run, ctx: PageContext) -> str:
    try:
        claims.check(occurrence.key, run, ctx.runs)
    except claims.ClaimFailed as failed:
        raise DirectiveError(str(failed)) from None
    words = ctx.words["claim_checked"]
    return (f'<span class="claim-checked" data-claim="{occurrence.experiment}/{occurrence.key}"'
            f' title="{words}" aria-label="{words}">✓</span>')


PHONE = figures.PHONE  # the notebook pages' figures use it too


def _figure(occurrence: Occurrence, run, ctx: PageContext) -> str:
    """A numbered <figure> (figures.markup)."""
    name, part = occurrence.experiment, occurrence.key
    try:
        caption = figures.caption(ctx.words, name, part)
    except KeyError:
        config = languages.get(ctx.lang).config_file.name
        raise DirectiveError(f"{config}: extra.words.figure_caption lacks {name}.{part}") from None
    ctx.figures_shown.append(occurrence)
    number = structure.figure_number(structure.of(ctx.lang).chapter(ctx.where), len(ctx.figures_shown))
    pngs = figures.figure_pngs(run, part, ctx.lang, ctx.words["figures"])
    return figures.markup(f"{ctx.site_root}/figures/{name}/{part}", pngs, number, caption,
                          ctx.words["figure_alt"][part], ctx.words)


def _figure_files(occurrence: Occurrence, run, lang: str, words: dict) -> dict[str, bytes]:
    pngs = figures.figure_pngs(run, occurrence.key, lang, words["figures"])  # desktop, full size, phone
    return {f"figures/{occurrence.experiment}/{file_name}": png for file_name, png in pngs.items()}


def _not_executed(occurrence: Occurrence, ctx: PageContext) -> str:
    return f"*[{occurrence.name} {occurrence.experiment}/{occurrence.key or ''}: {ctx.words['not_executed']}]*"


def _demo_not_executed(occurrence: Occurrence, ctx: PageContext) -> str:  # keeps the anchor pages link to
    return f'<p id="{digit_demo.ANCHOR}"><em>[demo {occurrence.experiment}: {ctx.words["not_executed"]}]</em></p>'


def _report_url(occurrence: Occurrence, run, ctx: PageContext) -> str:
    if ctx.report_url is None:
        raise DirectiveError("this page has no report address")
    return ctx.report_url


def _cite(occurrence: Occurrence, run, ctx: PageContext) -> str:
    if ctx.citation is None:
        raise DirectiveError("this page has no citation")
    return citation.markdown(ctx.citation, ctx.words)


def _errata_count(lang: str) -> int:
    return len(errata.collect(structure.of(lang).docs_dir))


COUNTS: dict[str, Callable[[str], int]] = {"errata": _errata_count}


def _equation(occurrence: Occurrence, run, ctx: PageContext) -> str:
    """A link to a labelled formula of this language (equations.py), named by its number."""
    known = structure.of(ctx.lang).equations
    equation = known.get(occurrence.key)
    if equation is None:
        raise DirectiveError(f"unknown equation label 'eq:{occurrence.key}' "
                             f"(labels: {', '.join(sorted(known)) or 'none'})")
    page = "" if equation.page == Path(ctx.where).name else equation.page
    return f"[{ctx.words['equation_reference'].format(number=equation.number)}]({page}#{equation.anchor})"


@dataclass(frozen=True)
class Directive:
    name: str
    takes: str                        # "experiment/key", "experiment", "key" or "" (nothing)
    show: Callable[[Occurrence, object, PageContext], str]    # (occurrence, run or None, page)
    typography: str = LATIN
    kinds: tuple[str, ...] = EVERY_KIND                       # experiment kinds it accepts
    keys: Callable[[Experiment], Iterable[str]] | None = None  # valid keys for an experiment
    fixed_keys: tuple[str, ...] = ()  # valid keys of a directive that takes only a key (none: checked when shown)
    requires: tuple[str, Callable[[Experiment], bool]] | None = None  # (what, test) of the experiment
    runs_experiment: bool = False     # the build runs the experiment it names
    not_executed: Callable[[Occurrence, PageContext], str] | None = None  # shown without a run
    files: Callable[[Occurrence, object, str, dict], dict[str, bytes]] | None = None  # site files it adds
    one_experiment_per_site: bool = False  # its files have fixed names
    reads_study: Callable[[Occurrence], bool] = lambda o: False  # shows the seed study's record


DIRECTIVES: dict[str, Directive] = {d.name: d for d in [
    Directive("output", "experiment/key", _output, BLOCK, keys=lambda e: section_names(e.path),
              runs_experiment=True, not_executed=_not_executed),
    Directive("value", "experiment/key", lambda o, run, ctx: VALUES[o.key].show(run, ctx.words), LATIN,
              keys=lambda e: [key for key, value in VALUES.items() if value.applies(e, key)],
              runs_experiment=True, not_executed=_not_executed),
    Directive("figure", "experiment/key", _figure, BLOCK, keys=lambda e: e.figures,
              runs_experiment=True, not_executed=_not_executed, files=_figure_files,
              reads_study=lambda o: o.key == figures.STUDY_FIGURE),
    # The notebook page exists with or without a run (then without outputs); it shows the run's.
    Directive("notebook", "experiment", _notebook, BLOCK, requires=("a notebook", lambda e: e.notebook),
              runs_experiment=True),
    Directive("demo", "experiment",
              lambda o, run, ctx: digit_demo.markup(ctx.words["demo"], run,
                                                    VALUES["test_accuracy_percent"].show(run, ctx.words),
                                                    ctx.site_root),
              BLOCK, kinds=(CLASSIFIER,), runs_experiment=True, not_executed=_demo_not_executed,
              files=lambda o, run, lang, words: digit_demo.export(run), one_experiment_per_site=True),
    # Nothing was run, so nothing is shown as checked.
    Directive("claim", "experiment/key", _claim, NEUTRAL, kinds=(CLASSIFIER,), keys=lambda e: claims.CLAIMS,
              runs_experiment=True, not_executed=lambda o, ctx: "",
              reads_study=lambda o: o.key.startswith(claims.STUDY_PREFIX)),
    # Shown with execution off too: the record is data, not a run.
    Directive("study", "experiment/key", _study, LATIN, kinds=(CLASSIFIER,),
              keys=lambda e: STUDY_VALUES if e.name in study.STUDIED else (), runs_experiment=True,
              reads_study=lambda o: True),
    Directive("count", "key", lambda o, run, ctx: str(COUNTS[o.key](ctx.lang)), LATIN, fixed_keys=tuple(COUNTS)),
    Directive("glossary", "", lambda o, run, ctx: glossary.markdown_table(
        ctx.lang, languages.codes(), ctx.words, structure.of(ctx.lang).docs_dir), BLOCK),
    Directive("errata_list", "", lambda o, run, ctx: errata.markdown_list(
        errata.collect(structure.of(ctx.lang).docs_dir), ctx.words), BLOCK),
    Directive("report_url", "", _report_url, NEUTRAL),
    # Its key is a formula's label; labels come from the pages, so the link checks it (_equation).
    Directive("eq", "key", _equation, NEUTRAL),
    Directive("contents", "", lambda o, run, ctx: structure.of(ctx.lang).contents(), BLOCK),
    Directive("cite", "", _cite, BLOCK),
]}


# --- checks, before anything runs ------------------------------------------------------------

def _usage(directive: Directive) -> str:
    argument = {"experiment/key": ": <experiment>/<key>", "experiment": ": <experiment>", "key": ": <key>"}
    return f"{{{{ {directive.name}{argument.get(directive.takes, '')} }}}}"


def _problem(occurrence: Occurrence) -> str | None:
    """What is wrong with a directive as written, or None."""
    directive = DIRECTIVES.get(occurrence.name)
    if directive is None:
        return f"unknown directive '{occurrence.name}' (known: {', '.join(DIRECTIVES)})"
    wants_experiment = directive.takes in ("experiment/key", "experiment")
    wants_key = directive.takes in ("experiment/key", "key")
    if bool(occurrence.experiment) != wants_experiment or bool(occurrence.key) != wants_key:
        return f"'{occurrence.name}' is written {_usage(directive)}"
    if directive.takes == "key":
        if directive.fixed_keys and occurrence.key not in directive.fixed_keys:
            return f"unknown key '{occurrence.key}' (valid keys: {', '.join(directive.fixed_keys)})"
        return None
    if not wants_experiment:
        return None
    experiment = EXPERIMENTS.get(occurrence.experiment)
    if experiment is None:
        return f"unknown experiment '{occurrence.experiment}' (known: {', '.join(EXPERIMENTS)})"
    if experiment.kind not in directive.kinds:
        return (f"'{occurrence.name}' takes a {' or '.join(directive.kinds)} experiment; "
                f"'{experiment.name}' is a {experiment.kind}")
    if directive.requires and not directive.requires[1](experiment):
        return f"experiment '{experiment.name}' has no {directive.requires[0].removeprefix('a ')}"
    if wants_key:
        valid = list(directive.keys(experiment))
        if occurrence.key not in valid:
            return (f"unknown {occurrence.name} '{occurrence.key}' for '{experiment.name}' "
                    f"(a {experiment.kind} experiment{'' if experiment.claim is None else ' with a claim'}; "
                    f"valid keys: {', '.join(valid)})")
    return None


def check(occurrence: Occurrence, where: str, first_line: int = 1) -> None:
    """A DirectiveError naming page, line, directive and the valid keys if `occurrence` is wrong."""
    problem = _problem(occurrence)
    if problem:
        raise DirectiveError(f"{where}:{first_line - 1 + occurrence.line}: {occurrence.text}: {problem}")


def checked_site(pages: "structure.Structure") -> list[Occurrence]:
    """Every directive of a language's pages, checked, and the seed study's record fresh for the
    experiments they show it of; the build calls this before running anything."""
    found = []
    for page in pages.pages:
        for occurrence in page.directives:
            check(occurrence, page.where)
            found.append(occurrence)
    for name, directive in DIRECTIVES.items():
        used = sorted({o.experiment for o in found if o.name == name})
        if directive.one_experiment_per_site and len(used) > 1:
            raise DirectiveError(f"{pages.where}: one {name} per site (its files have fixed names), "
                                 f"the pages ask for {used}")
    for name in sorted({o.experiment for o in found if DIRECTIVES[o.name].reads_study(o)}):
        try:
            study.fresh_entry(name)
        except study.StudyError as err:
            shown_on = sorted({p.where for p in pages.pages for o in p.directives
                               if o.experiment == name and DIRECTIVES[o.name].reads_study(o)})
            raise DirectiveError(f"{err} (shown on {', '.join(shown_on)})") from None
    return found


def experiments_to_run(occurrences: Iterable[Occurrence]) -> set[str]:
    return {o.experiment for o in occurrences if DIRECTIVES[o.name].runs_experiment}


def site_files(occurrences: Iterable[Occurrence], runs: dict, lang: str, words: dict) -> dict[str, bytes]:
    """{path on the site: bytes} of what the directives add besides the pages (figures, demo weights)."""
    files = {}
    for occurrence in occurrences:
        make = DIRECTIVES[occurrence.name].files
        if make and occurrence.experiment in runs:
            files.update(make(occurrence, runs[occurrence.experiment], lang, words))
    return files


def referenced_experiments(markdown: str) -> set[str]:
    return {o.experiment for o in find(markdown) if o.experiment and o.name in DIRECTIVES
            and DIRECTIVES[o.name].takes.startswith("experiment")}


def expand(markdown: str, ctx: PageContext) -> str:
    """The page with every directive replaced by what it shows."""
    pieces, last = [], 0
    for occurrence in find(markdown):
        check(occurrence, ctx.where, ctx.first_line)
        directive = DIRECTIVES[occurrence.name]
        run = ctx.runs.get(occurrence.experiment) if occurrence.experiment else None
        try:
            if directive.not_executed and run is None:
                shown = directive.not_executed(occurrence, ctx)
            else:
                shown = directive.show(occurrence, run, ctx)
        except BuildError as err:
            raise DirectiveError(f"{ctx.where}:{ctx.first_line - 1 + occurrence.line}: "
                                 f"{occurrence.text}: {err}") from None
        pieces += [markdown[last:occurrence.span[0]], shown]
        last = occurrence.span[1]
    return "".join(pieces) + markdown[last:]
