"""Figures readers can read: numbered per chapter (图 5.1 / Figure 5.1) in a <figure> with a
caption in the page's language, drawn legible for a 390 px phone. In the browser (the tour and
the zoom) they are checked by tests/browser/."""
import io
import re

import pytest

from sitebuild import languages
from sitebuild.engine import experiments
from sitebuild.engine.execution import Run
from sitebuild.pages import directives, structure
from sitebuild.reader import figures
from tests.support.pages import LANGS, directives_in, pages

PHONE_COLUMN, DESKTOP_COLUMN = 358, 688  # the article column in CSS px at 390 and 1280 px (measured)
MIN_LABEL_CSS_PX = 9


def tiny_png(width: int, smallest_label_px: float) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text(figures.MIN_LABEL, str(smallest_label_px))
    out = io.BytesIO()
    Image.new("RGB", (width, width // 2), "white").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def fake_run(name: str) -> Run:
    return Run(experiments.get(name), folder=None, results={}, run_info={}, executed=False, seconds=0.0)


def context(lang, runs, where):
    return directives.PageContext(where=where, lang=lang, words=languages.get(lang).words, runs=runs,
                                    notebook_urls=None, site_root="..")


@pytest.fixture
def fake_drawings(monkeypatch):
    """figures.figure_pngs without drawing: every variant a blank PNG of a plausible size."""
    sizes = {"": 600, "@2x": 1200, "-phone": 700}
    monkeypatch.setattr(figures, "figure_pngs", lambda run, figure, lang, words: {
        f"{figure}{suffix}.png": tiny_png(width, 14) for suffix, width in sizes.items()})


@pytest.mark.parametrize("lang", LANGS)
def test_figures_are_numbered_in_page_order_with_a_caption_in_the_pages_language(fake_drawings, lang):
    words = languages.get(lang).words
    number, caption = words["figure_number"], words["figure_caption"]["first_draft_cnn"]
    runs = {"first_draft_cnn": fake_run("first_draft_cnn")}
    markdown = "Text.\n\n{{ figure: first_draft_cnn/curves }}\n\nMore.\n\n{{ figure: first_draft_cnn/confusion }}\n"
    html = directives.expand(markdown, context(lang, runs, f"docs/{lang}/appendix-first-draft.md"))
    found = re.findall(r'<figure class="site-figure" id="([\w-]+)">.*?<img ([^>]*)>.*?'
                       r'<figcaption><span class="site-figure__number">([^<]*)</span> ([^<]*)</figcaption>',
                       html, re.S)
    assert [(f[0], f[2], f[3]) for f in found] == [
        ("figure-A-1", number.format(number="A.1"), caption["curves"]),
        ("figure-A-2", number.format(number="A.2"), caption["confusion"]),
    ]
    assert 'src="../figures/first_draft_cnn/curves.png"' in found[0][1]
    assert 'width="600"' in found[0][1]  # the drawing's own size: no layout shift, shown at 1:1
    assert 'srcset="../figures/first_draft_cnn/curves-phone.png"' in html  # the phone's drawing
    assert 'href="../figures/first_draft_cnn/curves@2x.png"' in html       # full size, also without JS
    assert "\n\n" not in html.split("Text.\n\n", 1)[1].split("\n\nMore.")[0]  # one raw HTML block


def test_a_figure_without_a_caption_fails_naming_the_config(fake_drawings):
    ctx = context("en", {"first_draft_cnn": fake_run("first_draft_cnn")}, "docs/en/appendix-first-draft.md")
    ctx.words = {**ctx.words, "figure_caption": {"first_draft_cnn": {}}}
    with pytest.raises(directives.DirectiveError,
                       match=r"appendix-first-draft\.md.*mkdocs\.en\.yml: extra\.words\.figure_caption lacks "
                             r"first_draft_cnn\.curves"):
        directives.expand("{{ figure: first_draft_cnn/curves }}", ctx)


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_on_the_pages_has_a_caption_and_every_caption_a_figure(lang):
    used = {(o.experiment, o.key) for text in pages(lang).values() for o in directives_in(text, "figure")}
    captions = languages.get(lang).words["figure_caption"]
    assert {(e, f) for e, figs in captions.items() for f in figs} == used
    assert all(captions[e][f].strip() for e, f in used)


def test_png_info_reads_size_and_the_smallest_label():
    info = figures.png_info(tiny_png(321, 12.5))
    assert (info["width"], info["height"], info["text"][figures.MIN_LABEL]) == (321, 160, "12.5")
    with pytest.raises(figures.FigureError):
        figures.png_info(b"GIF89a" + bytes(30))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name, figure", sorted({(e.name, f) for e in experiments.EXPERIMENTS.values()
                                                  for f in e.figures}))
def test_labels_are_at_least_9_css_px_on_a_phone_and_on_a_desktop(training_run, lang, name, figure):
    # The build's drawings of the build's runs (both from their caches).
    pngs = figures.figure_pngs(training_run(name), figure, lang, languages.get(lang).words["figures"])
    phone = figures.png_info(pngs[f"{figure}-phone.png"])
    desktop = figures.png_info(pngs[f"{figure}.png"])
    # The phone drawing fills the phone's column; the desktop one is shown at its size, or narrower.
    phone_px = float(phone["text"][figures.MIN_LABEL]) * PHONE_COLUMN / phone["width"]
    desktop_px = float(desktop["text"][figures.MIN_LABEL]) * min(1, DESKTOP_COLUMN / desktop["width"])
    assert phone_px >= MIN_LABEL_CSS_PX and desktop_px >= MIN_LABEL_CSS_PX, (phone_px, desktop_px)
    assert phone["width"] >= 1.8 * PHONE_COLUMN  # sharp on a phone's 2x screen
    assert desktop["width"] <= DESKTOP_COLUMN  # the desktop column shows it at its own size
    full = figures.png_info(pngs[f"{figure}@2x.png"])
    assert full["width"] >= 2 * desktop["width"] - 4  # the full-size view is bigger than the page's
