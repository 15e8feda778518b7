"""The search index holds each formula once, as its TeX, never the typeset page's three copies
(KaTeX's glyphs, the MathML and the TeX run together), and titles without their English gloss;
the reader's page is still typeset (sitebuild/reader/katex.py `searchable`, mkdocs_hooks)."""
import html
import json
import re

import pytest

from sitebuild.pages import structure
from tests.support.pages import LANGS

ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
MATHML = re.compile(r"<math\b.*?</math>", re.S)


def _index(site, lang) -> list[dict]:
    return json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("\u200b", "")


@pytest.mark.parametrize("lang", LANGS)
def test_each_formula_is_in_the_search_index_once_as_its_tex(built_site, lang):
    index = _index(built_site, lang)
    text = {doc["location"]: _plain(doc["text"]) for doc in index}
    checked = 0
    for page in structure.of(lang).pages:
        page_html = (built_site / lang / page.url / "index.html").read_text(encoding="utf-8")
        page_text = " ".join(t for location, t in text.items() if location.split("#")[0] == page.url)
        for math in MATHML.findall(page_html):
            tex = html.unescape(ANNOTATION.search(math)[1]).strip()
            glyphs = _plain(ANNOTATION.sub("", math)).strip()  # the MathML's own text: w t+1 = …
            assert " ".join(tex.split()) in " ".join(page_text.split()), (page.file, tex)
            if len(glyphs) > 3 and glyphs != tex:
                assert glyphs + tex not in page_text, (page.file, tex)   # the MathML's text run into the TeX
            checked += 1
    assert checked > 100  # every page's formulas, and the reader's pages are typeset


@pytest.mark.parametrize("lang", LANGS)
def test_search_titles_are_the_titles_without_their_gloss(built_site, lang):
    titles = {doc["location"]: _plain(doc["title"]) for doc in _index(built_site, lang)}
    for page in structure.of(lang).pages:
        if page.file != "index.md":
            assert titles[page.url] == page.title, page.file
