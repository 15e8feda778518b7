"""What a reader does with the links and controls: the language switch keeps the page and the
section, an errata link lands with the corrected text in view, the home page's demo card leads
to the demo, a figure opens full size, the report link names the section being read, a formula
that scrolls shows where more is hidden. Each test samples, and reuses one page for its steps."""
from urllib.parse import parse_qs, urlparse

import pytest

from sitebuild import languages
from sitebuild.dev.browser import SCREENS, Visit
from sitebuild.pages import errata
from tests.support.pages import DOCS, LANGS, heading_ids

# The language switch, tried from the home page, an article page and a notebook page.
SWITCHED_PAGES = ["index.md", "05-project.md", "notebooks/expanded_cnn/"]


def url_path(name: str) -> str:
    if not name.endswith(".md"):
        return name
    return "" if name == "index.md" else f"{name[:-3]}/"


@pytest.mark.parametrize("name", SWITCHED_PAGES)
def test_the_language_switch_lands_on_the_same_page_and_section_and_back(browser, served_site, name):
    """Headings share their ids across languages, so the switch keeps the reader's section."""
    section = f"#{heading_ids((DOCS / LANGS[0] / name).read_text())[-1]}" if name.endswith(".md") else ""
    visit = Visit(browser, f"{served_site}/{LANGS[0]}/{url_path(name)}{section}")
    try:
        page = visit.page
        for lang in [*LANGS[1:], LANGS[0]]:  # to each other language in turn, and back
            visit.switch_language(lang)
            page.wait_for_url(f"{served_site}/{lang}/{url_path(name)}{section}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.lang") == lang, name
            if name.startswith("notebooks/"):
                assert page.locator(".jupyter-wrapper").count() == 1
        assert visit.errors == []
    finally:
        visit.close()


def sampled_errata(lang: str) -> list:
    """Errata to follow, one per kind and one per page: for each kind (rarest first) one on a page
    not yet sampled if there is one, then each page's last (the nearest the page's end, where a
    landing is hardest). In page order."""
    every = errata.collect(DOCS / lang)
    chosen = []
    for kind in sorted({e.kind for e in every}, key=lambda k: (sum(e.kind == k for e in every), k)):
        of_kind = [e for e in every if e.kind == kind]
        chosen.append(next((e for e in reversed(of_kind) if e.page not in {c.page for c in chosen}), of_kind[-1]))
    for page in dict.fromkeys(e.page for e in every):
        if page not in {c.page for c in chosen}:
            chosen.append([e for e in every if e.page == page][-1])
    return sorted(chosen, key=every.index)


def test_the_errata_sample_has_every_page_and_every_kind():
    for lang in LANGS:
        every, sample = errata.collect(DOCS / lang), sampled_errata(lang)
        assert {e.page for e in sample} == {e.page for e in every}
        assert {e.kind for e in sample} == {e.kind for e in every}
        assert [e.id for e in sample] == [e.id for e in sampled_errata(LANGS[0])]  # the same boxes


LANDING = """id => {
    const box = document.getElementById(id), before = box.previousElementSibling;
    const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
    const top = document.querySelector(".md-top");
    const b = box.getBoundingClientRect(), p = before.getBoundingClientRect();
    return {header, box: b.top, seen: Math.min(p.bottom, b.top) - Math.max(p.top, header),
            before: p.height, button: top && !top.hidden ? top.getBoundingClientRect().bottom : 0,
            view: innerHeight};
}"""


@pytest.mark.parametrize("width", SCREENS)
def test_an_errata_link_lands_with_the_corrected_text_in_view(browser, served_site, width):
    """Followed from the errata page (Material's instant navigation), a link stops with its box below
    the sticky header and the original text it corrects (the element before the box) on screen.
    Every sampled erratum is followed at both widths, in one language at each (they alternate)."""
    failures = []
    for n, lang in enumerate(LANGS):
        sample = [e for i, e in enumerate(sampled_errata(lang)) if (i + n + (width == 390)) % len(LANGS) == 0]
        errata_page = f"{served_site}/{lang}/errata/"
        visit = Visit(browser, errata_page, width, SCREENS[width])
        try:
            page = visit.page
            for i, erratum in enumerate(sample):
                if i:
                    page.goto(errata_page)
                page.locator(f"article li > a[href$='#{erratum.id}']").click()
                page.wait_for_function(f"location.hash === '#{erratum.id}' && document.getElementById('{erratum.id}')")
                page.wait_for_timeout(150)  # the scroll settles
                at = page.evaluate(LANDING, erratum.id)
                where = f"{lang}/{url_path(erratum.page)}#{erratum.id} at {width} px: {at}"
                if not at["header"] <= at["box"] < at["view"]:
                    failures.append(f"{where}: the box is not below the header on screen")
                if at["box"] < at["button"]:
                    failures.append(f"{where}: the box is under the back-to-top button")
                if at["seen"] < min(at["before"], 20):  # at least a line of the original
                    failures.append(f"{where}: the text it corrects is not in view")
            assert visit.errors == []
        finally:
            visit.close()
    assert failures == [], "\n".join(failures)


@pytest.fixture(scope="module", params=LANGS)
def tutorial(request, browser, served_site):
    """(lang, Visit) of the tutorial page, reached from the home page's demo card by Material's
    instant navigation (so what the page's scripts set up must survive a page swap)."""
    lang = request.param
    visit = Visit(browser, f"{served_site}/{lang}/", 1280, 900)
    try:
        visit.page.locator("article .grid.cards a[href$='#digit-demo']").click()
        visit.page.wait_for_function("location.pathname.endsWith('/05-project/')")
        visit.page.wait_for_load_state("networkidle")
        yield lang, visit
    finally:
        visit.close()


def test_the_home_pages_demo_card_lands_on_the_demo(tutorial):
    _, visit = tutorial
    assert visit.page.locator("#digit-demo.digit-demo").count() == 1
    assert visit.page.evaluate("""() => { const r = document.getElementById("digit-demo").getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""")


def test_a_click_opens_the_figure_full_size_and_escape_closes_it(tutorial, served_site):
    lang, visit = tutorial
    page = visit.page
    link = page.locator("a.site-figure__zoom").first
    link.scroll_into_view_if_needed()
    in_page = link.locator("img").evaluate("img => img.getBoundingClientRect().width")
    link.click()
    dialog = page.locator("dialog.site-lightbox")
    page.wait_for_function("() => { const i = document.querySelector('dialog.site-lightbox img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("img").get_attribute("src").endswith("@2x.png")
    assert dialog.locator("img").evaluate("img => img.getBoundingClientRect().width") > 1.3 * in_page
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        languages.get(lang).words["figure_close"]
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('site-figure__zoom')")
    # The link was not followed (navigation.tracking may have added the section's #anchor).
    assert page.url.split("#")[0] == f"{served_site}/{lang}/05-project/"
    assert visit.errors == []


def test_the_report_link_names_the_section_being_read(tutorial):
    lang, visit = tutorial
    page = visit.page
    page.evaluate("document.getElementById('results').scrollIntoView()")
    page.evaluate("window.scrollBy(0, 200)")
    page.wait_for_timeout(200)  # the section being read is noted on scroll
    href = page.evaluate("""() => {
        const link = document.querySelector('.site-report-line a.site-report');
        link.addEventListener('click', e => e.preventDefault());
        link.click();
        return link.href;
    }""")
    body = parse_qs(urlparse(href).query)["body"][0]
    section_label = languages.get(lang).words["report_issue_body"].split("{section}")[0].rsplit("\n", 1)[-1]
    assert f"{section_label}5.4" in body and f"/{lang}/05-project/#results" in body, body


def test_a_formula_that_scrolls_shows_a_cue_at_the_edge_where_more_is_hidden(browser, served_site):
    """The cue is drawn, not only declared: at the start the right edge differs from the same
    formula without the cue and the left edge does not; scrolled to the end, the reverse."""
    from tests.browser.test_every_page import SCROLLS_ON_PHONE
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
