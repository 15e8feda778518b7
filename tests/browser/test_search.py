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


RESULT_LINKS = """() => [...document.querySelectorAll('.md-search-result__link')].map(a => ({
  h: new URL(a.href).searchParams.get('h'), page: !a.closest('details') && a.parentElement.firstElementChild === a,
  text: a.innerText}))"""


def test_every_result_links_with_its_words_and_the_page_reached_highlights_them(browser, served_site):
    for lang, query, words in (("zh", "梯度下降", {"梯度", "下降"}), ("en", "gradient descent", {"gradient"})):
        visit = Visit(browser, f"{served_site}/{lang}/")
        try:
            page, warnings = _open_search(visit)
            assert _search(page, query)["count"] > 0
            links = page.evaluate(RESULT_LINKS)
            # Material gives a page found only by its sections no words: its link had an empty ?h=.
            assert [link["text"][:40] for link in links if not link["h"]] == [], lang
            assert all(words & set(link["h"].split()) for link in links), lang
            page.locator(".md-search-result__item > .md-search-result__link").first.click()
            page.wait_for_selector("article mark[data-md-highlight]", timeout=10000)
            marked = page.locator("article mark[data-md-highlight]").all_text_contents()
            assert {m.lower() for m in marked} & words, (lang, marked[:5])
            assert warnings == []
        finally:
            visit.close()


def test_a_formula_shows_in_a_search_preview_once_as_its_tex(browser, served_site):
    for lang in ("zh", "en"):
        visit = Visit(browser, f"{served_site}/{lang}/")
        try:
            page, _ = _open_search(visit)
            _search(page, "adam")
            previews = " ".join(page.locator(".md-search-result__article").all_inner_texts())
            assert r"w_{t+1} = w_t - \alpha \cdot \nabla_w L(w_t)" in previews, lang
            # The typeset formula's own text (KaTeX's glyphs, the MathML) is not in the preview.
            assert "wt+1" not in previews and "α" not in previews, lang
        finally:
            visit.close()
