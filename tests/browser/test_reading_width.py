"""Nothing the text talks about is hidden off-screen: every display formula and every run
output fits the content column, at desktop (1280 px) and phone (390 px) widths, in every
language; a formula that must scroll on a phone shows that it does; and a wrapped run
output still copies exactly what the run printed."""
import re

import pytest

from sitebuild.dev.browser import Visit
from sitebuild.reader.output_wrap import keep_entries_together
from tests.support.pages import DISPLAY_MATH, INLINE_MATH, LANGS, ROOT, pages, without_code

PAGE_NAMES = sorted(pages(LANGS[0]))
WIDTHS = (1280, 390)

# Formulas allowed to scroll sideways at 390 px (page, start of the TeX), each with its reason.
# Anything else wider than the column fails, and a listed formula that fits fails too (stale list).
SCROLLS_ON_PHONE = {
    # One equation with no natural break: on two lines it would read worse at every other
    # width for the sake of 20 px inside the erratum box on a phone.
    ("04-math.md", r"\text{Cross-Entropy Loss} = -\frac{1}{N}"),
}

# {{ output: experiment/section }} blocks, and text blocks given the run-output class by hand.
RUN_OUTPUT = re.compile(r'\{\{\s*output:\s*([\w-]+)/([\w-]+)\s*\}\}'
                        r'|^[ \t]*`{3,}\{[^}\n]*\.run-output[^}\n]*\}\n[ \t]*--8<-- "([^"]+)"', re.M)


def url_path(name: str) -> str:
    return "" if name == "index.md" else f"{name[:-3]}/"


def run_outputs(lang: str, name: str) -> list[tuple[str, ...]]:
    """(experiment, section) or (file,) of each run-output block of a page, in page order."""
    text = (ROOT / "docs" / lang / name).read_text(encoding="utf-8")
    return [(m[1], m[2]) if m[1] else (m[3],) for m in RUN_OUTPUT.finditer(text)]


# ---- fast: the sources -------------------------------------------------------------------

def formulas(text: str) -> tuple[list[str], list[str]]:
    text = without_code(text)
    return DISPLAY_MATH.findall(text), INLINE_MATH.findall(DISPLAY_MATH.sub("", text))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_language_sets_each_formula_with_the_same_tex(name):
    """A formula broken onto aligned lines is broken the same way in every language."""
    base = formulas(pages(LANGS[0])[name])
    for lang in LANGS[1:]:
        assert formulas(pages(lang)[name]) == base, f"{lang}/{name} differs from {LANGS[0]}/{name}"


def test_log_entries_become_unbreakable_spans_and_the_text_is_unchanged():
    code = "Epoch 1/2\n844/844 - 8s - 9ms/step - accuracy: 0.6041 - val_loss: 0.2925\nTest accuracy: 0.98"
    page = (f'<p>a - b</p><div class="language-text run-output highlight">'
            f'<pre><span></span><code>{code}</code></pre></div>')
    wrapped = keep_entries_together(page)
    assert wrapped.count('<span class="run-output__entry">') == 4
    assert '<span class="run-output__entry">- accuracy: 0.6041</span>' in wrapped
    assert "<p>a - b</p>" in wrapped  # only run outputs are touched
    assert re.sub(r'<span class="run-output__entry">(.*?)</span>', r"\1", wrapped) == page


def test_log_entries_leave_a_block_that_is_already_marked_up_alone():
    page = '<div class="run-output highlight"><pre><code><span class="hll">a - b</span></code></pre></div>'
    assert keep_entries_together(page) == page


# ---- browser: what a reader sees ---------------------------------------------------------

MEASURE = """async () => {
  await document.fonts.ready;  // KaTeX's widths depend on its fonts
  const column = document.querySelector("article").getBoundingClientRect();
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right}; };
  const formulas = [...document.querySelectorAll("article .katex-display")].map(e => {
    const style = getComputedStyle(e);
    return {tex: e.querySelector("annotation").textContent.trim(), ...box(e),
            overflow: e.scrollWidth - e.clientWidth,
            cue: style.backgroundImage.includes("radial-gradient")
                 && style.backgroundAttachment.includes("local") && style.backgroundAttachment.includes("scroll")};
  });
  const outputs = [...document.querySelectorAll("article .run-output")].map(e => {
    const code = e.querySelector("code");
    return {text: code.textContent.slice(0, 60), ...box(e), overflow: code.scrollWidth - code.clientWidth};
  });
  return {column: box(document.querySelector("article")), viewport: document.documentElement.clientWidth,
          pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          formulas, outputs};
}"""


@pytest.fixture(scope="module")
def measured(browser, served_site, executed_site):
    """{(width, lang, page): measurements}: one page per width, one evaluate per page."""
    results = {}
    for width in WIDTHS:
        visit = Visit(browser, "about:blank", width=width, height=900)
        try:
            for lang in LANGS:
                for name in PAGE_NAMES:
                    visit.page.goto(f"{served_site}/{lang}/{url_path(name)}", wait_until="load")
                    results[width, lang, name] = visit.page.evaluate(MEASURE)
        finally:
            visit.close()
    return results


def listed(name: str, tex: str) -> bool:
    return any(page == name and tex.startswith(start) for page, start in SCROLLS_ON_PHONE)


@pytest.mark.parametrize("width", WIDTHS)
def test_display_formulas_fit_the_column(measured, width):
    too_wide, seen_scrolling = [], set()
    for (w, lang, name), m in measured.items():
        if w != width:
            continue
        for f in m["formulas"]:
            where = f"{lang}/{name} at {width} px: {f['tex'][:50]!r}"
            # The box itself never leaves the column; only its content may scroll inside it.
            assert f["left"] >= m["column"]["left"] - 1 and f["right"] <= m["column"]["right"] + 1, where
            if f["overflow"] <= 1:
                continue
            if width == 390 and listed(name, f["tex"]):
                assert f["cue"], f"{where} scrolls without the scroll cue"
                seen_scrolling.add((lang, name, f["tex"]))
            else:
                too_wide.append(f"{where} is {f['overflow']} px wider than the column")
    assert too_wide == []
    if width == 390:  # the list names only formulas that really scroll, in every language
        for page, start in SCROLLS_ON_PHONE:
            for lang in LANGS:
                assert any(n == page and tex.startswith(start) for (lg, n, tex) in seen_scrolling if lg == lang), \
                    f"{lang}/{page}: {start!r} is listed as scrolling at 390 px but fits: drop it from the list"


@pytest.mark.parametrize("width", WIDTHS)
def test_run_outputs_show_every_metric_without_scrolling(measured, width):
    for (w, lang, name), m in measured.items():
        if w != width:
            continue
        assert m["pageOverflow"] <= 0, f"{lang}/{name} scrolls sideways at {width} px"
        assert len(m["outputs"]) == len(run_outputs(lang, name)), f"{lang}/{name}: run outputs missing"
        # Material lets code blocks reach the screen's edges on phones: there the limit is the screen.
        left, right = (0, m["viewport"]) if width < 720 else (m["column"]["left"], m["column"]["right"])
        for o in m["outputs"]:
            where = f"{lang}/{name} at {width} px: {o['text']!r}"
            assert o["overflow"] <= 0, f"{where} scrolls sideways by {o['overflow']} px"
            assert o["left"] >= left - 1 and o["right"] <= right + 1, where


def test_a_formula_that_scrolls_shows_a_cue_at_the_edge_where_more_is_hidden(browser, served_site):
    """The cue is drawn, not only declared: at the start the right edge differs from the same
    formula without the cue and the left edge does not; scrolled to the end, the reverse."""
    page_name, start = sorted(SCROLLS_ON_PHONE)[0]
    visit = Visit(browser, f"{served_site}/{LANGS[0]}/{url_path(page_name)}", width=390, height=844)
    try:
        page = visit.page
        page.evaluate("document.fonts.ready")
        formula = page.locator("article .katex-display").filter(has=page.locator("annotation", has_text=start))
        assert formula.count() == 1, f"{page_name}: no formula starts with {start!r}"
        formula.scroll_into_view_if_needed()
        box = formula.bounding_box()

        def edges():
            strip = dict(y=box["y"], width=12, height=box["height"])
            return (page.screenshot(clip={**strip, "x": box["x"]}),
                    page.screenshot(clip={**strip, "x": box["x"] + box["width"] - 12}))

        def without_cue():
            formula.evaluate("e => e.style.background = 'none'")
            shots = edges()
            formula.evaluate("e => e.style.background = ''")
            return shots

        left, right = edges()
        plain_left, plain_right = without_cue()
        assert right != plain_right, "no cue at the right edge of a formula that continues there"
        assert left == plain_left, "a cue at the left edge before the reader has scrolled"
        formula.evaluate("e => e.scrollLeft = e.scrollWidth")
        left, right = edges()
        plain_left, plain_right = without_cue()
        assert left != plain_left, "no cue at the left edge after scrolling to the end"
        assert right == plain_right, "a cue at the right edge after scrolling to the end"
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGS)
def test_wrapped_run_outputs_copy_exactly_what_the_run_printed(browser, served_site, training_run, lang):
    """At phone width, where every log line wraps, the copy button still copies the printed text."""
    for name in PAGE_NAMES:
        expected = []
        for source in run_outputs(lang, name):
            if len(source) == 2:
                expected.append(training_run(source[0]).results["section_outputs"][source[1]].strip("\n"))
            else:
                expected.append((ROOT / source[0]).read_text(encoding="utf-8").strip("\n"))
        if not expected:
            continue
        visit = Visit(browser, f"{served_site}/{lang}/{url_path(name)}", width=390, height=844)
        try:
            page = visit.page
            page.evaluate("""window.__copied = [];
                document.addEventListener("copy", () => window.__copied.push(String(document.getSelection())));""")
            for block in page.locator("article .run-output").all():
                block.hover()
                block.locator("button[data-md-type=copy]").click()
            assert [c.strip("\n") for c in page.evaluate("window.__copied")] == expected, f"{lang}/{name}"
        finally:
            visit.close()


def test_a_wrapped_log_line_breaks_between_entries_never_inside_one(browser, served_site, executed_site):
    """Needs the hook to call run_output_wrap.keep_entries_together: at 390 px every
    " - " of a log line starts an entry that sits on one line."""
    visit = Visit(browser, f"{served_site}/{LANGS[0]}/05-project/", width=390, height=844)
    try:
        counts = visit.page.evaluate("""() => [...document.querySelectorAll("article .run-output code")].map(c => [
            c.textContent.split("\\n").reduce((n, line) => n + line.split(" - ").length - 1, 0),
            c.querySelectorAll(".run-output__entry").length,
            [...c.querySelectorAll(".run-output__entry")].filter(e => e.getClientRects().length > 1).length])""")
        assert counts and all(separators > 0 for separators, _, _ in counts)
        for separators, entries, broken in counts:
            assert entries == separators and broken == 0
    finally:
        visit.close()
