"""Terms a reader can follow (glossary.py): the first use of each glossary term on an article page
links to its entry, with its definition as the link's title, in every language, and never inside
code, formulas, headings, links, HTML, directives or erratum titles; the glossary page is an index
in the reader's alphabetical order (English by letters, Chinese by pinyin)."""
import re

import pytest

from sitebuild.pages import glossary, structure
from tests.support.pages import DOCS, LANGS

TERMS = glossary.load(list(LANGS))
LINK = re.compile(r'\[([^\]]+)\]\((?:\.\./)?glossary\.md#term-([\w-]+) "([^"]*)"\)\{ \.glossary-link \}')


def linked(markdown: str, lang: str) -> str:
    return glossary.link_terms(markdown, lang, TERMS, "glossary.md")


def test_the_first_use_of_a_term_links_to_its_entry_with_its_definition():
    text = linked("Dropout helps. More dropout.\n\nAnd dropout again.", "en")
    links = LINK.findall(text)
    dropout = next(t for t in TERMS if t.id == "dropout")
    assert links == [("Dropout", "dropout", dropout.definitions["en"])]
    assert text.endswith("helps. More dropout.\n\nAnd dropout again.")


def test_the_longest_term_wins_and_a_latin_term_takes_its_whole_word():
    text = linked("Convolutional neural networks use max pooling, then pooling; generalization.", "en")
    assert [(shown, target) for shown, target, _ in LINK.findall(text)] == [
        ("Convolutional neural networks", "cnn"), ("max pooling", "max-pooling"), ("pooling", "pooling"),
        ("generalization", "generalization")]
    text = linked("卷积神经网络使用最大池化和池化，不是卷积层的一部分", "zh")
    assert [target for _, target, _ in LINK.findall(text)] == ["cnn", "max-pooling", "pooling", "convolution"]
    assert LINK.findall(linked("The adamant reader.", "en")) == []  # "adam" starts no word here


PROTECTED = """# Dropout in a heading { #dropout }

**Dropout**:

`dropout` in code, $\\text{dropout}$ in a formula, [dropout](03-algorithms.md) in a link,
<span title="dropout">HTML</span>, {{ value: expanded_cnn/epochs }}, { .dropout }, :material-dropout:

```python
dropout = 0.5
```

$$
\\text{dropout}
$$

/// erratum | Erratum: dropout in a title
    attrs: {id: erratum-dropout, data-kind: fact}

The body's dropout.
///
"""


def test_terms_are_not_linked_inside_code_formulas_headings_links_html_or_erratum_titles():
    text = linked(PROTECTED, "en")
    assert [shown for shown, _, _ in LINK.findall(text)] == ["dropout"]
    assert "The body's [dropout](glossary.md#term-dropout" in text
    assert text.replace(LINK.search(text)[0], "dropout") == PROTECTED


def test_the_home_pages_contents_and_notes_on_the_site_are_not_linked():
    for section in sorted(glossary.NOT_ARTICLE_SECTIONS):
        text = f"## Contents {{ #{section} }}\n\nDropout.\n\n## Abstract {{ #abstract }}\n\nDropout."
        links = LINK.findall(linked(text, "en"))
        assert len(links) == 1 and linked(text, "en").startswith(text.split("## Abstract")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_every_article_page_links_each_term_at_most_once_and_most_terms_somewhere(lang):
    pages = [p for p in structure.read(DOCS / lang).pages if p.file not in glossary.NOT_ARTICLE]
    reached = set()
    for page in pages:
        targets = [target for _, target, _ in LINK.findall(linked(page.text, lang))]
        assert len(targets) == len(set(targets)), (lang, page.file)
        reached |= set(targets)
    # Every term is linked on some page (a term used only in headings or code would not be).
    assert reached == {t.id for t in TERMS}, sorted({t.id for t in TERMS} - reached)


def test_english_terms_are_listed_by_letters_and_chinese_terms_by_pinyin():
    assert sorted(["momentum", "Adam", "accuracy", "batch size"], key=lambda t: glossary.sort_key(t, "en")) == [
        "accuracy", "Adam", "batch size", "momentum"]
    zh = ["长短时记忆网络", "测试集", "Adam", "变分自编码器", "重置门", "超参数"]
    assert sorted(zh, key=lambda t: glossary.sort_key(t, "zh")) == [
        "Adam", "变分自编码器", "测试集", "长短时记忆网络", "超参数", "重置门"]  # ce, chang, chao, chong
    assert [glossary.initial(t, "zh") for t in ["重置门", "ReLU", "独热"]] == ["C", "R", "D"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_has_a_letter_index_and_a_table_per_letter_in_order(built_site, lang):
    page = (built_site / lang / "glossary" / "index.html").read_text()
    index = re.search(r'<p class="glossary-index">(.*?)</p>', page, re.S)[1]
    letters = re.findall(r'<a href="#(letter-[a-z]+)">([A-Z#])</a>', index)
    assert letters and [letter for _, letter in letters] == sorted(letter for _, letter in letters)
    terms = {t.id: t.terms[lang] for t in TERMS}
    shown = []
    for anchor, letter in letters:
        section = page[page.index(f'id="{anchor}"'):]
        section = section[:section.index("</table>")]
        ids = re.findall(r'<span id="term-([\w-]+)">', section)
        assert ids and all(glossary.initial(terms[i], lang) == letter for i in ids), (lang, letter, ids)
        shown += ids
    assert [terms[i] for i in shown] == sorted(terms.values(), key=lambda t: glossary.sort_key(t, lang))
    assert sorted(shown) == sorted(terms)


@pytest.mark.parametrize("lang", LANGS)
def test_term_links_on_the_built_pages_reach_an_entry_and_carry_its_definition(built_site, lang):
    glossary_page = (built_site / lang / "glossary" / "index.html").read_text()
    definitions = {t.id: t.definitions[lang] for t in TERMS}
    found = 0
    for page in (built_site / lang).glob("*/index.html"):
        for href, title in re.findall(r'<a class="glossary-link" href="([^"]+)" title="([^"]*)"', page.read_text()):
            target = href.split("#term-")[1]
            assert href == f"../glossary/#term-{target}" and f'id="term-{target}"' in glossary_page
            assert title.replace("&quot;", '"').replace("&amp;", "&") == definitions[target], (page, target)
            found += 1
    assert found > len(TERMS)
