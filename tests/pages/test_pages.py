"""The two languages have the same pages, structure, formulas and code; code lives in snippets/."""
import html
import re

import pytest

from sitebuild.engine.sections import section_names, split_sections
from tests.support.pages import (
    ANY_HEADING,
    DOCS,
    ERRATUM_ID,
    FENCE,
    HEADING,
    INCLUDE,
    LANGS,
    ROOT,
    directives_in,
    formula_counts,
    heading_ids,
    pages,
    without_code,
)

ZH, EN = pages("zh"), pages("en")


def test_both_languages_have_the_same_pages():
    assert sorted(ZH) == sorted(EN)
    assert len(ZH) >= 14


@pytest.mark.parametrize("page", sorted(ZH))
def test_every_heading_has_an_explicit_id_in_both_languages(page):
    for text in (ZH[page], EN[page]):
        body = without_code(text)
        assert len(ANY_HEADING.findall(body)) == len(HEADING.findall(body)), page


@pytest.mark.parametrize("page", sorted(ZH))
def test_heading_anchors_are_the_same_in_the_same_order(page):
    assert heading_ids(ZH[page]) == heading_ids(EN[page])


@pytest.mark.parametrize("page", sorted(ZH))
def test_formula_counts_match(page):
    assert formula_counts(ZH[page]) == formula_counts(EN[page])


@pytest.mark.parametrize("page", sorted(ZH))
def test_snippet_includes_and_output_directives_match(page):
    assert INCLUDE.findall(ZH[page]) == INCLUDE.findall(EN[page])
    zh, en = ([(o.name, o.experiment, o.key) for o in directives_in(t)] for t in (ZH[page], EN[page]))
    assert sorted(zh) == sorted(en)  # inline values may move with word order
    blocks = lambda ds: [d for d in ds if d[0] != "value"]  # noqa: E731
    assert blocks(zh) == blocks(en)


@pytest.mark.parametrize("page", sorted(ZH))
def test_errata_ids_match_and_are_titled_in_each_language(page):
    assert ERRATUM_ID.findall(ZH[page]) == ERRATUM_ID.findall(EN[page])
    assert ZH[page].count("/// erratum | 勘误：") == EN[page].count("/// erratum | Erratum: ")
    assert ZH[page].count("/// erratum |") == ZH[page].count("/// erratum | 勘误：")


def test_erratum_ids_are_unique_on_the_site():
    ids = [i for text in ZH.values() for i in ERRATUM_ID.findall(text)]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert len(ids) >= 20


@pytest.mark.parametrize("lang", LANGS)
def test_no_code_is_written_inline_in_docs(lang):
    for page, text in pages(lang).items():
        for fence in FENCE.finditer(text):
            lines = [line.strip() for line in fence.group("body").splitlines() if line.strip()]
            assert lines and all(INCLUDE.fullmatch(line) for line in lines), \
                f"docs/{lang}/{page}: a code block that is not an include: {lines[:3]}"


def _included_sections():
    used = {}
    for text in ZH.values():
        for target in INCLUDE.findall(text):
            file, _, section = target.partition(":")
            used.setdefault(file, []).append(section)
    return used


def test_every_include_names_an_existing_file_and_section():
    for file, sections in _included_sections().items():
        path = ROOT / file
        assert path.is_file(), file
        if path.suffix == ".py":
            assert all(s in section_names(path) for s in sections), (file, sections)


def test_every_line_a_snippet_runs_is_shown_on_a_page():
    """Pages include exactly what the modules run: nothing runs outside a section that a page shows."""
    used = _included_sections()
    for path in sorted((ROOT / "snippets").glob("*.py")):
        if path.name in ("__init__.py", "vendored_mnist.py"):
            continue  # the offline data set-up, not article code (see snippets/__init__.py)
        shown = set(used.get(f"snippets/{path.name}", []))
        assert shown, f"{path.name} is on no page"
        for segment in split_sections(path):
            if segment.name is None:
                code = re.sub(r'^"""[\s\S]*?"""', "", segment.code.strip())
                assert not re.sub(r"#[^\n]*", "", code).strip(), \
                    f"{path.name}:{segment.first_line}: code outside a section"
            else:
                assert segment.name in shown, f"{path.name}: section '{segment.name}' is on no page"


def test_sections_appear_in_file_order_on_each_page():
    for page, text in ZH.items():
        by_file = {}
        for target in INCLUDE.findall(text):
            file, _, section = target.partition(":")
            if section and file.endswith(".py"):
                by_file.setdefault(file, []).append(section)
        for file, sections in by_file.items():
            order = section_names(ROOT / file)
            positions = [order.index(s) for s in sections]
            assert positions == sorted(positions), (page, file, sections)


TITLE = re.compile(r"^# (?P<text>.+?)\s*\{\s*#[\w-]+\s*\}\s*$", re.M)
HOME_CONTENTS = re.compile(r'<h2 id="contents">.*?</h2>\s*<ul>(?P<list>.*?)</ul>', re.S)
CONTENTS_LINK = re.compile(r'<a href="(?P<page>[\w-]+)/">(?P<text>.*?)</a>', re.S)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("lang", LANGS)
def test_titles_are_the_same_in_the_page_the_home_contents_and_the_navigation(built_site, lang):
    """The home page's contents list (made from sitebuild/pages/structure.py), each page's title
    and its navigation label agree, every page listed in reading order."""
    from sitebuild.pages import structure
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    entries = [(m["page"] + ".md", _text(m["text"]))
               for m in CONTENTS_LINK.finditer(HOME_CONTENTS.search(home)["list"])]
    order = [p for p in structure.of(lang).pages if p.file != "index.md"]
    assert entries == [(p.file, p.title) for p in order]
    for file, title in entries:
        page_html = (built_site / lang / file[:-3] / "index.html").read_text(encoding="utf-8")
        assert _text(re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page_html, re.S)[1]) == title, file
        links = re.findall(rf'<a href="{file[:-3]}/" class="md-nav__link">(.*?)</a>', home, re.S)
        assert {_text(link) for link in links} == {title}, file


CALQUES = ["Specific Operational Steps", "Project Practice", "Extended Reading", "Reference Materials",
           "Practical Application Scenarios", "Tools and Resources Recommendations", "Detailed Explanation"]


def test_english_titles_are_not_calques_of_the_chinese():
    titles = [TITLE.search(text)["text"] for text in pages("en").values()]
    assert [t for t in titles if any(c.lower() in t.lower() for c in CALQUES)] == []


def test_pages_follow_the_typography_rules():
    """Spacing between Chinese and Latin text, Chinese quotes, 98.73% (sitebuild/pages/typography.py)."""
    from sitebuild.pages import typography
    found = []
    for lang in LANGS:
        for page in sorted((DOCS / lang).glob("*.md")):
            found += typography.violations(page, chinese=lang.startswith("zh"))
    assert found == [], "run `python -m sitebuild typography --fix`:\n" + "\n".join(found[:20])


def test_the_typography_rules_catch_what_they_describe():
    from sitebuild.pages.typography import fix_line
    assert fix_line("使用Python和`x`，第1轮为96.64 %，“好”与\"坏\"", chinese=True) == \
        "使用 Python 和 `x`，第 1 轮为 96.64%，“好”与“坏”"
    assert fix_line("（CNN）的 {{ value: a/b }}，下降{{ claim: a/b }}。", chinese=True) == \
        "（CNN）的 {{ value: a/b }}，下降{{ claim: a/b }}。"
