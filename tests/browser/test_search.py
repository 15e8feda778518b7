"""Chinese search in the reader's browser: a term finds a section that contains it, nothing of the
query is reported missing, a word from inside a body paragraph is found, and English search still
works. (tests/site/test_search_zh.py checks the word cutting itself, without a browser.)"""
import json
import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitebuild.dev.browser import Visit
from tests.site.test_search_zh import TERMS

TOP_RESULT = """() => {
  const first = document.querySelector('.md-search-result__item');
  const best = [...first.querySelectorAll('article')]
    .sort((a, b) => b.dataset.mdScore - a.dataset.mdScore)[0];
  return best.closest('a').getAttribute('href');
}"""


def _index_text(site: Path, lang: str) -> dict[str, str]:
    """Each search entry's title and whole text (the result list shows two matching
    paragraphs at most), by location, without jieba's zero-width spaces and markup."""
    index = json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: re.sub(r"<[^>]*>", "", doc["title"] + " " + doc["text"]).replace("\u200b", "")
            for doc in index["docs"]}


def _location(href: str, lang: str) -> str:
    """The search entry a result links to: 'zh/04-math/?h=…#gradient-descent' -> '04-math/#gradient-descent'."""
    path, _, anchor = href.split(f"/{lang}/", 1)[1].partition("#")
    return path.split("?")[0] + (f"#{anchor}" if anchor else "")


def _search(page, query):
    """Type the query; the result list once the worker has answered it."""
    box = page.locator("input.md-search__input")
    # Until the worker has built its index, Material ignores queries: ask again until answered.
    for _ in range(30):
        page.evaluate("document.querySelector('.md-search-result__list').innerHTML = ''")
        box.fill("")
        box.fill(query)
        box.press("End")  # a key event: Material searches on keyup, once per changed value
        try:
            page.wait_for_function("document.querySelector('.md-search-result__list').children.length",
                                   timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    return {"count": page.locator(".md-search-result__item").count(),
            "missing": page.locator(".md-search-result__list .md-search-result__terms").all_text_contents(),
            "top": page.evaluate(TOP_RESULT)}


def _open_search(visit):
    page = visit.page
    warnings = []
    page.on("console", lambda m: "Invalid query" in m.text and warnings.append(m.text))
    page.locator("input.md-search__input").click()
    return page, warnings


def test_chinese_terms_find_a_section_containing_them_with_nothing_missing(browser, served_site, built_site):
    text = _index_text(built_site, "zh")
    visit = Visit(browser, f"{served_site}/zh/")
    try:
        page, warnings = _open_search(visit)
        for term in TERMS + ["梯度下"]:  # a term half typed already finds the whole word
            result = _search(page, term)
            assert result["count"] > 0, term
            assert result["missing"] == [], f"{term}: a query word is reported missing"
            top = _location(result["top"], "zh")
            assert term in text[top], f"{term}: the top result, {top}, does not contain it"
            # A section about the term ranks above the glossary, which lists every term.
            assert top != "glossary/", f"{term}: the glossary ranks first"
        # Latin words set in full-width brackets are words too: （CNN） is found by CNN.
        assert _location(_search(page, "CNN")["top"], "zh") == "03-algorithms/#cnn"
        # A word from inside a body paragraph, not a heading.
        assert _location(_search(page, "局限性")["top"], "zh").startswith("01-background/")
        assert warnings == []
    finally:
        visit.close()


def test_english_search_still_finds_a_term(browser, served_site, built_site):
    visit = Visit(browser, f"{served_site}/en/")
    try:
        page, warnings = _open_search(visit)
        result = _search(page, "overfitting")
        assert result["count"] > 0 and result["missing"] == []
        assert "overfitting" in _index_text(built_site, "en")[_location(result["top"], "en")].lower()
        assert warnings == []
    finally:
        visit.close()
