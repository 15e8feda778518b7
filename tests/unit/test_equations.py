"""Numbered equations (sitebuild/pages/equations.py): a label after a display formula, numbers per
chapter that are the same in every language, and references that must name a label that exists."""
import re

import pytest

from sitebuild import languages
from sitebuild.pages import directives, equations, structure
from tests.support.pages import LANGS, directives_in, pages


def context(where="docs/en/04-math.md", lang="en"):
    return directives.PageContext(where=where, lang=lang, words=languages.get(lang).words, runs={},
                                  notebook_urls=None)


def numbered(lang):
    return {page.file: [(e.label, e.number) for e in page.equations] for page in structure.of(lang).pages}


def test_equations_have_the_same_labels_and_numbers_in_every_language():
    first, *others = [numbered(lang) for lang in LANGS]
    for other in others:
        assert other == first
    assert sum(len(found) for found in first.values()) >= 10
    assert [n for _, n in first["04-math.md"]] == [f"4.{i}" for i in range(1, len(first["04-math.md"]) + 1)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_cited_label_exists_and_every_numbered_formula_is_cited(lang):
    cited = {o.key for text in pages(lang).values() for o in directives_in(text, "eq")}
    known = set(structure.of(lang).equations)
    assert cited - known == set()
    assert known - cited == set(), "a numbered formula nobody refers to"


@pytest.mark.parametrize("lang", LANGS)
def test_no_erratum_or_site_note_points_at_the_formula_above_in_words(lang):
    words = re.compile(r"上式|下式|formula above|This formula|the formula itself", re.I)
    found = [f"{name}: {m.group(0)}" for name, text in pages(lang).items() for m in words.finditer(text)]
    assert found == []


def test_a_reference_links_to_the_formula_by_its_number_on_its_page_or_another():
    shown = directives.expand("See {{ eq: matmul }} and {{ eq: adam }}.", context())
    assert shown == "See [Eq. (4.1)](#equation-4-1) and [Eq. (3.4)](03-algorithms.md#equation-3-4)."
    shown = directives.expand("见{{ eq: matmul }}。", context("docs/zh/03-algorithms.md", "zh"))
    assert shown == "见[式（4.1）](04-math.md#equation-4-1)。"


def test_an_unknown_label_fails_naming_page_line_and_label():
    with pytest.raises(directives.DirectiveError) as failed:
        directives.expand("# Math\n\nAs {{ eq: no-such-formula }} shows.", context())
    message = str(failed.value)
    assert message.startswith("docs/en/04-math.md:3: {{ eq: no-such-formula }}: ")
    assert "unknown equation label 'eq:no-such-formula'" in message and "matmul" in message


PAGE = "# P\n\nText.\n\n    $$\n    a = b\n    $$\n    { #eq:first }\n\n$$\nc = d\n$$\n{ #eq:second }\n"


@pytest.mark.parametrize("chapter, numbers", [("4", ["4.1", "4.2"]), ("A", ["A.1", "A.2"]), ("", ["1", "2"])])
def test_labelled_formulas_are_numbered_in_page_order_by_chapter(chapter, numbers):
    found = equations.on_page(PAGE, "p.md", "docs/en/p.md", chapter)
    assert [(e.label, e.number, e.line) for e in found] == [("first", numbers[0], 8), ("second", numbers[1], 13)]


def test_numbering_puts_the_tag_inside_the_formula_and_its_anchor_before_it():
    found = equations.on_page(PAGE, "p.md", "docs/en/p.md", "4")
    out = equations.number(PAGE, found)
    assert '    <span class="equation-anchor" id="equation-4-1"></span>\n\n    $$ a = b\n    \\tag{4.1} $$\n' in out
    assert '<span class="equation-anchor" id="equation-4-2"></span>\n\n$$ c = d\n\\tag{4.2} $$\n' in out
    assert "#eq:" not in out and out.count("\n") == PAGE.count("\n")  # errors keep naming the file's lines


def test_a_label_that_does_not_follow_a_display_formula_fails_naming_page_and_line():
    text = "# P\n\nSome text.\n{ #eq:stray }\n"
    with pytest.raises(equations.EquationError) as failed:
        equations.on_page(text, "p.md", "docs/en/p.md", "4")
    assert str(failed.value).startswith("docs/en/p.md:4: equation label 'eq:stray'")


def test_a_label_used_twice_fails_naming_both_places(tmp_path):
    (tmp_path / "01-a.md").write_text("# A\n\n$$\nx\n$$\n{ #eq:same }\n")
    (tmp_path / "02-b.md").write_text("# B\n\n$$\ny\n$$\n{ #eq:same }\n")
    with pytest.raises(equations.EquationError) as failed:
        equations.on_site(structure.read(tmp_path, "docs/xx"))
    assert str(failed.value) == ("docs/xx/02-b.md:6: equation label 'eq:same' is already used in "
                                 "docs/xx/01-a.md:6")


def test_a_label_numbers_only_the_formula_right_before_it():
    text = "$$\na\n$$\n\n$$\nb\n$$\n{ #eq:second }\n"
    out = equations.number(text, equations.on_page(text, "p.md", "docs/en/p.md", "4"))
    assert out == ("$$\na\n$$\n\n"
                   '<span class="equation-anchor" id="equation-4-1"></span>\n\n$$ b\n\\tag{4.1} $$\n')
