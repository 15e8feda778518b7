"""The zh–en glossary: one data file, complete in every language, covering the terms the pages gloss."""
import re

import pytest
import yaml

from sitebuild.pages import glossary
from sitebuild.settings import PROJECT_ROOT
from tests.support.pages import DOCS, LANGS

TERMS = glossary.load(list(LANGS))
# A Chinese term followed by its English in full-width parentheses: 卷积神经网络（CNN）.
GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])（(?P<gloss>[A-Za-z][A-Za-z0-9 ,\-]+)）")
PAGE_LINK = re.compile(r"\]\([\w-]+\.md")


def test_the_glossary_has_at_least_thirty_terms_each_in_every_language():
    assert len(TERMS) >= 30
    for term in TERMS:
        assert set(term.terms) == set(term.definitions) == set(LANGS), term.id


def test_an_entry_missing_a_language_fails_naming_the_entry(tmp_path):
    (tmp_path / "docs").mkdir()
    entries = yaml.safe_load((PROJECT_ROOT / glossary.GLOSSARY_FILE).read_text())
    del entries[3]["en"]
    (tmp_path / glossary.GLOSSARY_FILE).write_text(yaml.safe_dump(entries, allow_unicode=True))
    with pytest.raises(glossary.GlossaryError, match=rf"entry 4 \({entries[3]['id']}\): no term and definition for en"):
        glossary.load(list(LANGS), tmp_path)


@pytest.mark.parametrize("lang", LANGS)
def test_every_term_appears_in_the_pages_of_every_language(lang):
    where = glossary.first_appearances(TERMS, lang, DOCS / lang)
    assert set(where) == {t.id for t in TERMS}


def unglossed(text: str, known: set[str]) -> list[str]:
    """English glosses in Chinese text that name no glossary term."""
    missing = []
    for line in text.splitlines():
        if line.startswith("#") or PAGE_LINK.search(line):  # headings' and contents' English titles
            continue
        for match in GLOSS.finditer(line):
            if line.rfind("“", 0, match.start()) > line.rfind("”", 0, match.start()):
                continue  # quoted, e.g. a section title cited in an erratum
            parts = [p.strip().lower() for p in match["gloss"].split(",")]
            if not any(p in known or p.rstrip("s") in known for p in parts):
                missing.append(f"（{match['gloss']}）")
    return missing


KNOWN = set()
for _term in TERMS:
    KNOWN |= {_term.terms["en"].lower(), _term.find["en"]} | ({_term.abbr.lower()} if _term.abbr else set())


def test_every_term_the_chinese_pages_gloss_in_english_is_in_the_glossary():
    missing = [f"{page.name}: {gloss}" for page in sorted((DOCS / "zh").glob("*.md"))
               for gloss in unglossed(page.read_text(encoding="utf-8"), KNOWN)]
    assert missing == []


def test_a_glossed_term_missing_from_the_glossary_is_reported():
    text = "我们使用卷积神经网络（CNN）和胶囊网络（Capsule Networks）。\n# 标题（Heading Words） { #x }\n"
    assert unglossed(text, KNOWN) == ["（Capsule Networks）"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_lists_every_term_with_a_link_to_its_first_use(built_site, lang):
    page = (built_site / lang / "glossary" / "index.html").read_text()
    assert page.count('id="term-') == len(TERMS)
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if "<th" not in row]  # a table per letter
    assert len(rows) == len(TERMS)
    assert all(re.search(r'href="\.\./[\w-]*/?(#[\w-]+)?"', row) for row in rows)


@pytest.mark.parametrize("lang", LANGS)
def test_a_terms_first_use_is_in_the_article_not_in_the_home_pages_cards(lang):
    # The home page's first section (byline and cards) is the site's own text, not the article.
    found = glossary.first_appearances(glossary.load(LANGS), lang, DOCS / lang)
    assert [t for t, where in found.items() if where.page == "index.md" and where.anchor == "home"] == []
