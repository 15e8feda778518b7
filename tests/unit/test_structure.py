"""The pages of a language in one place: reading order, titles, chapters, figure numbers and the
page of each notebook, read again when a page changes; numbering never redraws a figure."""
import os

import pytest

from sitebuild import languages
from sitebuild.engine import experiments
from sitebuild.engine.execution import Run
from sitebuild.pages import directives, structure
from tests.support.pages import LANGS


def test_chapters_come_from_file_names_and_appendices_get_letters_in_reading_order():
    names = [page.file for page in structure.of(LANGS[0]).pages]
    labels = structure.chapter_labels(structure.reading_order(names))
    assert labels["05-project.md"] == "5" and labels["04-math.md"] == "4" and labels["11-conclusion.md"] == "11"
    assert labels["appendix-first-draft.md"] == "A" and labels["appendix-momentum-variant.md"] == "B"
    assert labels["index.md"] == ""
    # An explicit nav that lists the appendices the other way round letters them the other way round.
    nav = [{"Home": "index.md"}, {"Appendices": ["appendix-momentum-variant.md", "appendix-first-draft.md"]}]
    swapped = structure.chapter_labels(structure.reading_order(names, nav))
    assert swapped["appendix-momentum-variant.md"] == "A" and swapped["appendix-first-draft.md"] == "B"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_come_in_reading_order_with_their_titles_and_figure_numbers(lang):
    pages = structure.of(lang)
    files = [page.file for page in pages.pages]
    assert files[0] == "index.md" and files[1:] == sorted(files[1:])  # MkDocs' order without a nav
    project = pages.page("05-project.md")
    assert project.title and "{" not in project.title and project.url == "05-project/"
    assert [number for _, _, number in project.figures] == ["5.1", "5.2", "5.3", "5.4"]
    assert pages.notebook_page("expanded_cnn") is project


def test_a_page_is_read_again_only_when_it_changed(tmp_path):
    page = tmp_path / "01-a.md"
    page.write_text("# First { #first }\n")
    before = structure.read(tmp_path)
    assert structure.read(tmp_path) is before  # unchanged: not read again
    page.write_text("# Second title { #first }\n")
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)  # a later save, even within the clock's tick
    assert structure.read(tmp_path).page("01-a.md").title == "Second title"


def test_renumbering_a_figure_keeps_its_cache_key(tmp_path, monkeypatch):
    """The same figure shown as 4.1, then as A.1 with another caption, is drawn once."""
    monkeypatch.setenv("SITE_FIGURE_CACHE_DIR", str(tmp_path / "figures"))
    run = Run(experiments.get("linear_regression"), folder=tmp_path, results={"losses": [4.0, 1.0, 0.3]},
              run_info={"key": "a-run"}, executed=False, seconds=0.0)
    words = languages.get("en").words
    shown = []
    for page, caption in (("04-math.md", "A caption"), ("appendix-first-draft.md", "Another caption")):
        page_words = {**words, "figure_caption": {"linear_regression": {"loss_curve": caption}}}
        ctx = directives.PageContext(where=f"docs/en/{page}", lang="en", words=page_words,
                                     runs={"linear_regression": run}, notebook_urls=None)
        shown.append(directives.expand("{{ figure: linear_regression/loss_curve }}", ctx))
    assert 'id="figure-4-1"' in shown[0] and 'id="figure-A-1"' in shown[1]
    assert len(list((tmp_path / "figures").glob("*.png"))) == 3  # one drawing: desktop, full size, phone


def test_a_title_loses_its_english_gloss_to_a_subtitle_but_keeps_an_abbreviation():
    assert structure.split_gloss("1. 背景介绍（Background Introduction）") == ("1. 背景介绍", "Background Introduction")
    trends = "8. 总结：未来发展趋势与挑战"
    assert structure.split_gloss(f"{trends}（Summary: Future Development Trends and Challenges）") == (
        trends, "Summary: Future Development Trends and Challenges")
    for kept in ["3.1 卷积神经网络（CNN）", "总结", "4. Mathematical models and formulas", "附录（初稿 first draft）"]:
        assert structure.split_gloss(kept) == (kept, "")
    page = structure.Page("01-background.md", "docs/zh/01-background.md", "", "1. 背景介绍", True, "1",
                          "Background Introduction")
    markdown = "# 1. 背景介绍（Background Introduction） { #background }\n\n正文\n"
    assert page.with_subtitle(markdown) == ("# 1. 背景介绍 { #background }\n\nBackground Introduction\n"
                                            '{ .page-subtitle lang="en" }\n\n正文\n')


@pytest.mark.parametrize("lang", LANGS)
def test_the_navigation_titles_of_a_language_carry_no_gloss(lang):
    pages = structure.of(lang).pages
    assert [p.title for p in pages if "（" in p.title and p.title.endswith("）")] == []
    assert all(not p.gloss for p in pages) if lang != "zh" else sum(bool(p.gloss) for p in pages) >= 8
