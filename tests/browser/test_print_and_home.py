"""A printed page is the article without the screen's controls, with the demo replaced by a
sentence and a figure; 404 pages speak the site's language; the demo's controls are readable
in both schemes. The tutorial page is loaded once per language and scheme for all of these;
the home page's first screen is checked on the tour (test_every_page.py)."""
import re

import pytest

from sitebuild import languages
from sitebuild.dev.browser import Visit
from tests.support.pages import LANGS

SCHEMES = ("light", "dark")


def percent(x: float) -> str:
    return f"{100 * x:.2f}%"


def words(lang: str) -> dict:
    return languages.get(lang).words


@pytest.fixture(scope="module")
def tutorial(browser, served_site, executed_site):
    """tutorial(lang, scheme): the tutorial page in that scheme, loaded once for this module's tests,
    shown on screen (each test that emulates print puts the screen back)."""
    visits = {}

    def open_tutorial(lang, scheme):
        if (lang, scheme) not in visits:
            visits[lang, scheme] = Visit(browser, f"{served_site}/{lang}/05-project/", color_scheme=scheme)
        return visits[lang, scheme]
    yield open_tutorial
    for visit in visits.values():
        visit.close()


@pytest.mark.parametrize("lang", LANGS)
def test_printed_tutorial_shows_a_sentence_and_digits_instead_of_the_demo_pad(tutorial, training_run, lang):
    accuracy = percent(training_run("expanded_cnn").results["test_accuracy"])
    visit = tutorial(lang, "light")
    try:
        page = visit.page
        assert not page.locator(".digit-demo__print").is_visible()  # on screen: the live demo only
        assert page.locator("canvas.digit-demo__pad").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("canvas.digit-demo__pad").is_visible()
        assert not page.locator(".digit-demo [data-action]").first.is_visible()
        figure = page.locator(".digit-demo__print")
        assert figure.is_visible()
        image = figure.locator("img")
        assert image.evaluate("i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 200")
        expected = words(lang)["demo"]["print"].format(acc=accuracy, n=10)
        assert figure.locator("figcaption").inner_text().strip() == expected
    finally:
        visit.page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_printed_page_has_no_screen_controls_and_no_clipped_code(tutorial, lang, scheme):
    visit = tutorial(lang, scheme)
    try:
        page = visit.page
        assert page.locator("article button[data-md-type=copy], article .md-code__nav button").count() > 0
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                         ".md-top", ".md-footer__inner", "article .headerlink",
                         "article button[data-md-type=copy]", "article .md-code__nav button"):
            shown = [e for e in page.locator(selector).all() if e.is_visible()]
            assert shown == [], f"{selector} is printed"
        clipped = page.evaluate("""[...document.querySelectorAll("article pre > code")]
            .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 60))""")
        assert clipped == []
        assert page.locator("article pre").count() > 5 and page.locator("article img").count() >= 3
        # Dark ink on paper, whatever the screen's scheme.
        ink = page.evaluate("getComputedStyle(document.querySelector('article p')).color")
        assert max(int(v) for v in re.findall(r"\d+", ink)[:3]) < 100, ink
    finally:
        visit.page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", LANGS)
def test_each_languages_404_page_speaks_that_language(built_site, lang):
    html = (built_site / lang / "404.html").read_text(encoding="utf-8")
    assert words(lang)["not_found"] in html and words(lang)["not_found_home"] in html
    other = [w["not_found"] for code, w in ((c, words(c)) for c in LANGS) if code != lang]
    assert not any(text in html for text in other)
    assert "Not found" not in html  # Material's own English 404 text
    root = (built_site / "404.html").read_text(encoding="utf-8")
    assert words(lang)["not_found"] in root


CONTRAST = """root => {
  const rgba = s => { const v = s.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  function background(el) {  // the colour under an element: its own and its ancestors' backgrounds, composited
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, c) => over(c, under), [255, 255, 255, 1]);
  }
  const lum = c => { const l = c.slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const texts = "button, .digit-demo__result, .digit-demo__note, .digit-demo__title, "
    + ".digit-demo__bars li > span:not(.digit-demo__bar)";
  return [...root.querySelectorAll(texts)]
    .filter(e => e.offsetParent !== null && e.textContent.trim())
    .map(e => { const bg = background(e), fg = over(rgba(getComputedStyle(e).color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return [e.className || e.tagName, e.textContent.trim().slice(0, 20), (a + 0.05) / (b + 0.05)]; });
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_demo_controls_have_aa_text_contrast_in_both_schemes(tutorial, lang, scheme):
    page = tutorial(lang, scheme).page
    page.evaluate("document.querySelector('.digit-demo').scrollIntoView({block: 'center'})")
    page.wait_for_selector(".digit-demo[data-state=ready]", timeout=20000)
    page.click("[data-action=sample]")
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)  # Material fades button colours (125 ms): measure the settled state
    measured = page.locator(".digit-demo").evaluate(CONTRAST)
    for button in page.locator(".digit-demo button").all():  # and each button under the pointer
        button.hover()
        page.wait_for_timeout(400)
        measured += button.locator("xpath=..").evaluate(CONTRAST)
    assert len(measured) >= 15  # both buttons, the texts, ten digits and their values
    low = [(name, text, round(ratio, 2)) for name, text, ratio in measured if ratio < 4.5]
    assert low == [], low
