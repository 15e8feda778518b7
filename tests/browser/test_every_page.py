"""What every page shows a reader, asserted over one tour of the built site (tests/browser/tour.py):
each test is one property, checked on every page the property concerns, and names each page that
fails it. The tour's docstring says which views (width, colour scheme) each property is seen in."""
import re

import pytest

from sitebuild import languages
from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.pages import errata, structure
from sitebuild.reader import figures
from tests.support.pages import DOCS, LANGS, ROOT, directives_in, formula_counts, included_code, pages

# Formulas allowed to scroll sideways at 390 px (page, start of the TeX), each with its reason.
# Anything else wider than the column fails, and a listed formula that fits fails too (stale list).
SCROLLS_ON_PHONE = {
    # One equation with no natural break: on two lines it would read worse at every other
    # width for the sake of 20 px inside the erratum box on a phone.
    ("04-math.md", r"\text{Cross-Entropy Loss} = -\frac{1}{N}"),
}
# Text blocks given the run-output class by hand (besides the {{ output: … }} directives).
HAND_RUN_OUTPUT = re.compile(r'^[ \t]*`{3,}\{[^}\n]*\.run-output[^}\n]*\}\n[ \t]*--8<-- "([^"]+)"', re.M)
MIN_LABEL_CSS_PX = 9
NOTE_LABEL = re.compile(r"^\*\*(本站补充：|Added by this site:)\*\*", re.M)
ERRATUM_BLOCK = re.compile(r"^[ \t]*/// erratum \|", re.M)
# Names, not words to translate: the other language's own name in the language menu, products, data.
PROPER_NAMES = re.compile(r"\b(English|Zen and the Art of Computer Programming|Python|TensorFlow|Keras|NumPy|"
                          r"MNIST|Jupyter|Colab|GitHub|KaTeX|MkDocs|Material|SGD|Adam|arXiv)\b")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]")


def source(lang: str, name: str) -> str:
    return (DOCS / lang / name).read_text(encoding="utf-8")


def run_outputs(lang: str, name: str) -> list[tuple[str, ...]]:
    """(experiment, section) or (file,) of each run-output block of a page, in page order."""
    text = source(lang, name)
    found = [(o.span[0], (o.experiment, o.key)) for o in directives_in(text, "output")]
    found += [(m.start(), (m[1],)) for m in HAND_RUN_OUTPUT.finditer(text)]
    return [block for _, block in sorted(found)]


def figures_in(lang: str, name: str) -> list[tuple[str, str]]:
    """(experiment, figure) of each figure directive of a page, in page order."""
    return [(o.experiment, o.key) for o in directives_in(source(lang, name), "figure")]


def english_labels(found: list) -> list:
    return sorted({(where, text) for where, text in found
                   if LATIN_WORD.search(PROPER_NAMES.sub("", text)) and not CJK.search(text)})


def report(failures: list[str]) -> str:
    return f"{len(failures)} failing:\n" + "\n".join(failures[:40])


def test_the_label_check_catches_an_english_label():
    assert english_labels([("BUTTON@title", "Copy to clipboard"), ("A@title", "复制 TensorFlow 代码"),
                           ("A@title", "English"), ("H1", "404 - Not found")]) == [
        ("BUTTON@title", "Copy to clipboard"), ("H1", "404 - Not found")]


# ---- what every page load shows ------------------------------------------------------------

def test_the_tour_saw_every_page_in_every_view(tour):
    from sitebuild.dev.browser import site_pages
    from tests.browser.tour import VIEWS
    seen = {(s.lang, s.path, s.scheme, s.width) for s in tour}
    expected = {(lang, path, scheme, width) for scheme, width in VIEWS for lang in LANGS for path in site_pages()}
    notebooks = sum(1 for e in EXPERIMENTS.values() if e.notebook)
    assert expected <= seen and len(site_pages()) == len(pages(LANGS[0])) + notebooks


def test_no_page_requests_anything_from_another_host(tour):
    from urllib.parse import urlparse
    failures = [f"{s.where}: {u}" for s in tour for u in s.requests if urlparse(u).hostname not in ("127.0.0.1", None)]
    assert failures == [], report(failures)


def test_no_page_logs_a_console_error(tour):
    failures = [f"{s.where}: {e}" for s in tour for e in s.errors]
    assert failures == [], report(failures)


def test_every_page_declares_its_language(tour):
    failures = [f"{s.where}: lang={s.seen['lang']!r}" for s in tour if s.seen["lang"] != s.lang]
    assert failures == [], report(failures)


def test_no_text_on_any_page_falls_below_aa_contrast(tour):
    """axe-core's color-contrast rule (the one Lighthouse runs), every page, both schemes."""
    checked = tour.stops(width=1280)
    assert {s.scheme for s in checked} == {"light", "dark"}
    failures = [f"{s.where}: {v}" for s in checked for v in s.contrast]
    assert failures == [], report(failures)


def test_math_is_typeset_with_a_formula_for_screen_readers(tour):
    failures = []
    for s in tour.stops(width=1280, scheme="light", kind="article"):
        display, inline = formula_counts(source(s.lang, s.name))
        k = s.seen["katex"]
        if s.seen["rawMath"]:
            failures.append(f"{s.where}: untypeset math {s.seen['rawMath']}")
        if (k["all"], k["display"], k["mathml"]) != (display + inline, display, display + inline):
            failures.append(f"{s.where}: {k} typeset, the source has {display} display and {inline} inline")
    assert failures == [], report(failures)


def test_every_image_has_alt_text_and_loads(tour):
    failures = [f"{s.where}: {i['src']} " + ("has no alt text" if not i["alt"] else "did not load")
                for s in tour.stops(scheme="light", kind="article") for i in s.seen["images"]
                if not (i["alt"] and i["loaded"])]
    assert failures == [], report(failures)


# ---- nothing hidden off-screen -------------------------------------------------------------

def test_display_formulas_fit_the_column(tour):
    failures, scrolling = [], set()
    for s in tour.stops(scheme="light", kind="article"):
        column = s.seen["column"]
        for f in s.seen["formulas"]:
            where = f"{s.where}: {f['tex'][:50]!r}"
            # The box itself never leaves the column; only its content may scroll inside it.
            if f["left"] < column["left"] - 1 or f["right"] > column["right"] + 1:
                failures.append(f"{where} leaves the column")
            if f["overflow"] <= 1:
                continue
            listed = any(page == s.name and f["tex"].startswith(start) for page, start in SCROLLS_ON_PHONE)
            if s.width == 390 and listed:
                scrolling.add((s.lang, s.name, f["tex"]))
                if not f["cue"]:
                    failures.append(f"{where} scrolls without the scroll cue")
            else:
                failures.append(f"{where} is {f['overflow']} px wider than the column")
    for page, start in SCROLLS_ON_PHONE:  # the list names only formulas that really scroll, in every language
        for lang in LANGS:
            if not any(n == page and tex.startswith(start) for lg, n, tex in scrolling if lg == lang):
                failures.append(f"{lang}/{page}: {start!r} is listed as scrolling at 390 px but fits: "
                                "drop it from SCROLLS_ON_PHONE")
    assert failures == [], report(failures)


def test_no_page_scrolls_sideways_and_run_outputs_show_every_metric(tour):
    failures = []
    for s in tour.stops(scheme="light"):
        if s.seen["pageOverflow"] > 0:
            failures.append(f"{s.where}: the page scrolls sideways by {s.seen['pageOverflow']} px")
        if s.kind != "article":
            continue
        if len(s.seen["outputs"]) != len(run_outputs(s.lang, s.name)):
            failures.append(f"{s.where}: {len(s.seen['outputs'])} run outputs shown, "
                            f"{len(run_outputs(s.lang, s.name))} in the source")
        # Material lets code blocks reach the screen's edges on phones: there the limit is the screen.
        column = s.seen["column"]
        left, right = (0, s.seen["viewport"]) if s.width < 720 else (column["left"], column["right"])
        for o in s.seen["outputs"]:
            if o["overflow"] > 0:
                failures.append(f"{s.where}: {o['text']!r} scrolls sideways by {o['overflow']} px")
            if o["left"] < left - 1 or o["right"] > right + 1:
                failures.append(f"{s.where}: {o['text']!r} leaves the column")
    assert failures == [], report(failures)


def test_a_wrapped_log_line_breaks_between_entries_never_inside_one(tour):
    """At 390 px every log line wraps: each " - " starts an entry that sits on one line."""
    failures = []
    for s in tour.stops(width=390, kind="article"):
        for i, (separators, entries, broken) in enumerate(s.seen["logEntries"], 1):
            if entries != separators or broken:
                failures.append(f"{s.where}: run output {i} has {separators} separators, {entries} entries, "
                                f"{broken} broken over two lines")
    for lang in LANGS:  # the tutorial's logs are such lines: the check has something to check
        tutorial = next(s for s in tour.stops(width=390, lang=lang) if s.path == "05-project/")
        assert tutorial.seen["logEntries"] and all(sep > 0 for sep, _, _ in tutorial.seen["logEntries"])
    assert failures == [], report(failures)


# ---- copy buttons ---------------------------------------------------------------------------

def test_each_copy_button_copies_exactly_the_included_snippet(tour):
    failures = []
    for s in tour.stops(width=1280, scheme="light", kind="article"):
        copied = [c.rstrip("\n") for c in s.copied_code]
        if copied != included_code(s.lang, s.name):
            failures.append(f"{s.where}: the copy buttons copied {len(copied)} blocks, not the "
                            f"{len(included_code(s.lang, s.name))} included snippets")
    assert failures == [], report(failures)


def test_wrapped_run_outputs_copy_exactly_what_the_run_printed(tour, training_run):
    """At phone width, where every log line wraps, the copy button still copies the printed text."""
    failures = []
    for s in tour.stops(width=390, kind="article"):
        expected = [training_run(src[0]).results["section_outputs"][src[1]].strip("\n") if len(src) == 2
                    else (ROOT / src[0]).read_text(encoding="utf-8").strip("\n") for src in run_outputs(s.lang, s.name)]
        if [c.strip("\n") for c in s.copied_outputs] != expected:
            failures.append(f"{s.where}: the run outputs' copy buttons did not copy what the runs printed")
    assert failures == [], report(failures)


# ---- three voices ---------------------------------------------------------------------------

def test_errata_are_set_at_the_body_text_size(tour):
    failures = []
    for s in tour.stops(scheme="light", kind="article"):
        e = s.seen["errata"]
        expected = len(ERRATUM_BLOCK.findall(source(s.lang, s.name)))
        if e["boxes"] != expected or (expected and not e["sizes"]):
            failures.append(f"{s.where}: {e['boxes']} errata shown, {expected} in the source")
        if set(e["sizes"]) - {e["body"]}:
            failures.append(f"{s.where}: errata set at {sorted(set(e['sizes']))}, the body at {e['body']}")
    assert failures == [], report(failures)


def test_site_notes_look_unlike_the_original_text_and_are_upright(tour):
    failures = []
    for s in tour.stops(width=1280, kind="article"):
        notes, plain = s.seen["notes"]["notes"], s.seen["notes"]["plain"]
        if NOTE_LABEL.search(source(s.lang, s.name)) and not notes:
            failures.append(f"{s.where}: the site's notes are not shown as notes")
        for n in notes:
            if n["note"]["border"] == plain["border"] or n["note"]["background"] == plain["background"]:
                failures.append(f"{s.where}: a note has the border or background of the original text")
            if n["note"]["style"] != "normal" or n["label"]["style"] != "normal":
                failures.append(f"{s.where}: a note is slanted")
            if n["labelTag"] != "STRONG" or n["label"]["color"] == n["note"]["color"]:
                failures.append(f"{s.where}: a note's label is not a bold label in its own colour")
    assert {s.scheme for s in tour.stops(width=1280, kind="article")} == {"light", "dark"}
    assert failures == [], report(failures)


def test_no_chinese_text_is_set_in_italics(tour):
    """Chinese fonts have no italics: a browser slants the glyphs (faux italic)."""
    failures = [f"{s.where}: {e}" for s in tour.stops(width=1280, scheme="light") for e in s.seen["slanted"]]
    assert failures == [], report(failures)


# ---- figures --------------------------------------------------------------------------------

def test_every_figure_is_numbered_captioned_fits_the_column_and_has_legible_labels(tour, executed_site):
    failures, seen = [], 0
    for s in tour.stops(scheme="light", kind="article"):
        words = languages.get(s.lang).words
        chapters = {page.file: page.chapter for page in structure.of(s.lang).pages}
        directives = figures_in(s.lang, s.name)
        shown = s.seen["figures"]
        if len(shown) != len(directives):
            failures.append(f"{s.where}: {len(shown)} figures shown, {len(directives)} in the source")
            continue
        for n, (fig, (experiment, part)) in enumerate(zip(shown, directives, strict=True), 1):
            where = f"{s.where}: figure {n} ({fig['src'].rsplit('/', 1)[-1]})"
            number = f"{chapters[s.name]}.{n}" if chapters[s.name] else str(n)
            caption = f'{words["figure_number"].format(number=number)} {figures.caption(words, experiment, part)}'
            if fig["caption"] != caption:
                failures.append(f"{where}: caption {fig['caption']!r}, expected {caption!r}")
            if not (fig["columnLeft"] - 0.5 <= fig["left"] and fig["right"] <= fig["columnRight"] + 0.5):
                failures.append(f"{where} leaves the column")
            png = executed_site / s.lang / "figures" / fig["src"].split("/figures/")[1]
            info = figures.png_info(png.read_bytes())
            if fig["natural"] != info["width"]:
                failures.append(f"{where}: {fig['natural']} px wide in the browser, {info['width']} px drawn")
            label_px = float(info["text"][figures.MIN_LABEL]) * fig["width"] / info["width"]
            if label_px < MIN_LABEL_CSS_PX:
                failures.append(f"{where}: its smallest label is {label_px:.1f} CSS px")
            if s.width == 390 and not (fig["src"].endswith("-phone.png")
                                       and fig["width"] >= fig["columnRight"] - fig["columnLeft"] - 1):
                failures.append(f"{where}: not the phone's drawing across the whole column")
            seen += 1
    assert failures == [], report(failures)
    assert seen >= 7 * 2 * len(LANGS)  # both widths, every language


# ---- interface words ------------------------------------------------------------------------

def test_a_chinese_page_shows_no_english_interface_label(tour):
    """Header, menus, buttons, tooltips, accessible names, box titles, captions, footer, the demo's
    runtime labels and the 404 page: none left in English. Code, formulas and proper names are not
    interface text."""
    checked = tour.stops(width=1280, scheme="light", lang="zh")
    assert any(s.kind == "404" for s in checked)
    failures = [f"{s.where}: {where} {text!r}" for s in checked for where, text in english_labels(s.seen["labels"])]
    assert failures == [], report(failures)


# ---- particular pages -----------------------------------------------------------------------

def test_notebook_pages_show_outputs_and_figures_in_the_schemes_colours(tour):
    failures = []
    for s in tour.stops(width=1280, kind="notebook"):
        nb = s.seen["notebook"]
        if nb is None or not nb["codeShown"]:
            failures.append(f"{s.where}: no code cell shown")
            continue
        if not nb["outputs"] or not all(nb["outputs"]):
            failures.append(f"{s.where}: an output is missing, hidden or empty")
        failures += [f"{s.where}: {src} did not load" for src, loaded in nb["images"] if not loaded]
        if nb["codeBackground"] == nb["bodyBackground"]:
            failures.append(f"{s.where}: the code cells do not take the scheme's colours")
        if nb["katex"] < 1:
            failures.append(f"{s.where}: no formula typeset")
    assert {s.scheme for s in tour.stops(width=1280, kind="notebook")} == {"light", "dark"}
    assert failures == [], report(failures)


def test_the_errata_page_has_a_table_of_contents_of_its_pages(tour):
    for s in tour.stops(width=1280, scheme="light"):
        if s.path == "errata/":
            stems = [f"#{name[:-3]}" for name in dict.fromkeys(e.page for e in errata.collect(DOCS / s.lang))]
            assert s.seen["toc"] == ["#by-kind"] + stems, s.where


def percent(x: float) -> str:
    return f"{100 * x:.2f}%"


def test_home_first_screen_shows_real_accuracy_errata_count_demo_and_notebook(tour, training_run):
    accuracy = percent(training_run("expanded_cnn").results["test_accuracy"])
    failures = []
    for s in tour.stops(scheme="light"):
        if s.path != "":
            continue
        screen = s.first_screen
        assert screen, f"{s.where}: no cards"

        def on_first_screen(top, bottom, height=screen["height"]):
            return top >= 0 and bottom <= height

        errata_count = sum(len(ERRATUM_BLOCK.findall(text)) for text in pages(s.lang).values())
        for text in (accuracy, str(errata_count)):
            if not any(text in t and on_first_screen(top, bottom) for t, top, bottom in screen["texts"]):
                failures.append(f"{s.where}: {text} is not on the first screen")
        for href in ("05-project/#digit-demo", "05-project/#project", "errata/"):
            if not any(h and h.endswith(href) and on_first_screen(top, bottom) for h, top, bottom in screen["links"]):
                failures.append(f"{s.where}: no link to {href} on the first screen")
    assert failures == [], report(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_patterns_find_the_tutorials_outputs_figures_and_errata(lang):
    """The checks above compare the pages with these counts: a pattern that found nothing would pass them all."""
    tutorial = source(lang, "05-project.md")
    assert len(run_outputs(lang, "05-project.md")) >= 3 and len(figures_in(lang, "05-project.md")) >= 3
    assert ERRATUM_BLOCK.search(tutorial)
