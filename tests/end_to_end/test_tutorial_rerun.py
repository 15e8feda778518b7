"""A reader re-runs the tutorial: the code they copy or download is the code the build ran, and
running it prints what the page shows.

By construction: the engine (sitebuild/engine/child.py) executes a snippet as the sequence of
its segments; the named ones are exactly what the pages include (in each language's variant,
whose comments differ and whose tokens are the same: tests/unit/test_snippet_languages.py), and
the unnamed gaps hold no statement. So comparing text is proof, and cheap: the page shows
exactly the included sections, and the notebook a reader downloads holds exactly the page's
code. Once, end to end, that downloaded notebook runs in a fresh kernel with nothing but the
vendored MNIST file, and prints what the page and the notebook show (timings aside), which also
proves a run is repeatable. One run covers both ways a reader takes the code, because the
cheap tests prove the two are the same code.
"""
import ast
import re

import pytest

from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.engine.sections import split_sections
from sitebuild.notebooks import notebook_pages
from tests.support.built_html import TIMING, code_blocks, downloaded_notebook, run_outputs
from tests.support.pages import LANGS, included_code, pages

PAGES_WITH_CODE = [name for name, text in pages(LANGS[0]).items() if ".py:" in text]
WITH_NOTEBOOK = sorted(name for name, e in EXPERIMENTS.items() if e.notebook)


@pytest.mark.parametrize("name", sorted(EXPERIMENTS))
def test_the_engine_runs_nothing_but_the_sections_pages_show(name):
    """Between sections there is only the module docstring, comments and blank lines."""
    for segment in split_sections(EXPERIMENTS[name].path):
        if segment.name is None:
            body = ast.parse(segment.code).body
            statements = [n for n in body if not (isinstance(n, ast.Expr)
                                                  and isinstance(n.value, ast.Constant))]
            assert statements == [], f"{name}.py line {segment.first_line}: code outside any section"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES_WITH_CODE)
def test_the_page_shows_exactly_the_included_sections(built_site, lang, page):
    shown = code_blocks(built_site, lang, page)
    assert shown and shown == included_code(lang, page, python_only=True)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WITH_NOTEBOOK)
def test_the_downloaded_notebook_holds_exactly_the_code_of_its_article_page(built_site, lang, name):
    """So the one fresh-kernel run below also stands for code copied block by block from the page."""
    article = notebook_pages.article_page(name, lang)
    cells = [c.source for c in downloaded_notebook(built_site, lang, name).cells if c.cell_type == "code"]
    assert cells and cells == code_blocks(built_site, lang, article.file)


def test_the_downloaded_tutorial_runs_in_a_fresh_kernel_and_prints_what_the_page_shows(
        executed_site, tutorial_rerun, training_run):
    lang, name, rerun = tutorial_rerun  # tests/conftest.py starts it once the site is built
    nb = downloaded_notebook(executed_site, lang, name)
    stored = {c.id: "".join(o.text for o in c.outputs) for c in nb.cells if c.cell_type == "code"}
    on_page = run_outputs(executed_site, lang, notebook_pages.article_page(name, lang).file)
    assert len(on_page) >= 2
    printed = {c.id: "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
               for c in rerun.cells if c.cell_type == "code"}
    assert sorted(printed) == sorted(stored)
    for cell_id, text in stored.items():
        assert TIMING.sub("", printed[cell_id]) == TIMING.sub("", text), cell_id
    everything = TIMING.sub("", "".join(printed.values()))
    for block in on_page:
        assert TIMING.sub("", block) in everything, block[:300]
    accuracy = float(re.search(r"Test accuracy: ([\d.]+)", printed[f"{name}-evaluate".replace("_", "-")]).group(1))
    assert accuracy == pytest.approx(training_run(name).results["test_accuracy"], abs=1e-7)
