"""What a reader's browser gets: typeset math, no third-party request, no console error,
a language switch that lands on the same page, copy buttons that copy the snippet,
figures that load, and Chinese search that finds words inside paragraphs."""
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitebuild.dev.browser import Visit
from tests.support.pages import INCLUDE, LANGS, ROOT, formula_counts, heading_ids, included_code, pages

SCREENSHOTS = ROOT / "build" / "screenshots"
PAGE_NAMES = sorted(pages(LANGS[0]))


def url_path(name: str) -> str:
    return "" if name == "index.md" else f"{name[:-3]}/"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_typeset_self_contained_and_error_free(browser, served_site, lang, name):
    visit = Visit(browser, f"{served_site}/{lang}/{url_path(name)}")
    try:
        page = visit.page
        visit.load_lazy_images()
        text = page.evaluate("""() => { const a = document.querySelector("article").cloneNode(true);
            a.querySelectorAll("pre, code, .katex").forEach(e => e.remove()); return a.innerText; }""")
        for raw in ("$$", "\\(", "\\["):
            assert raw not in text, f"untypeset math {raw!r} on {lang}/{name}"
        display, inline = formula_counts((ROOT / "docs" / lang / name).read_text())
        rendered = page.locator("article .katex").count()
        assert rendered == display + inline
        assert page.locator("article .katex-display").count() == display
        assert page.locator("article .katex-mathml math").count() == rendered  # screen readers
        for image in page.locator("article img").all():
            assert (image.get_attribute("alt") or "").strip(), image.get_attribute("src")
            assert image.evaluate("i => i.complete && i.naturalWidth > 0"), image.get_attribute("src")
        foreign = [u for u in visit.requests if urlparse(u).hostname not in ("127.0.0.1", None)]
        assert foreign == [], foreign
        assert visit.errors == []
        assert page.evaluate("document.documentElement.lang") == lang
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{lang}-{name[:-3]}-desktop.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=SCREENSHOTS / f"{lang}-{name[:-3]}-phone.png", full_page=True)
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_language_switch_lands_on_the_same_page_and_section(browser, served_site, lang, name):
    """Headings share their ids across languages, so the switch keeps the reader's section."""
    other = next(code for code in LANGS if code != lang)
    section = heading_ids((ROOT / "docs" / lang / name).read_text())[-1]
    visit = Visit(browser, f"{served_site}/{lang}/{url_path(name)}#{section}")
    try:
        page = visit.page
        visit.switch_language(other)
        page.wait_for_url(f"{served_site}/{other}/{url_path(name)}#{section}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == other
        assert visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [n for n, text in pages(LANGS[0]).items() if INCLUDE.search(text)])
def test_each_copy_button_copies_exactly_the_included_snippet(browser, served_site, lang, name):
    visit = Visit(browser, f"{served_site}/{lang}/{url_path(name)}")
    try:
        page = visit.page
        # clipboard.js copies the selected text with execCommand("copy"): record what was selected.
        page.evaluate("""window.__copied = [];
            document.addEventListener("copy", () => window.__copied.push(String(document.getSelection())));""")
        expected = included_code(lang, name)
        blocks = page.locator("article div.highlight:has(.filename a)").all()  # labelled with their file
        assert len(blocks) == len(expected)
        for block in blocks:
            block.hover()
            block.locator("button[data-md-type=copy]").click()
        copied = [c.rstrip("\n") for c in page.evaluate("window.__copied")]
        assert copied == expected
    finally:
        visit.close()


def test_zh_search_finds_a_word_from_a_body_paragraph(browser, served_site):
    visit = Visit(browser, f"{served_site}/zh/")
    try:
        page = visit.page
        search = page.locator("input.md-search__input")
        search.click()
        result = page.locator(".md-search-result__item a[href*='01-background/']").first
        # The search worker answers once it has loaded the index; ask again until it does.
        for _ in range(30):
            search.fill("局限性")
            search.press("End")  # a key event, as typing makes
            try:
                result.wait_for(timeout=1000)
                break
            except PlaywrightTimeout:
                continue
        assert result.is_visible()
        assert visit.errors == []
    finally:
        visit.close()
