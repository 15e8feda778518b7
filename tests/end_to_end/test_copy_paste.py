"""Copy-paste proof: the code a reader copies from a page is the code the build ran.

By construction: the engine (sitebuild/engine/child.py) executes a
snippet as the sequence of its segments; the named ones are exactly what the
pages include (in each language's variant, whose comments differ and whose
tokens are the same: tests/unit/test_snippet_languages.py), and the unnamed gaps
hold no statement. So comparing text is proof, and cheap. Once, end to end: the tutorial's code copied from the built
page, run in a fresh process with nothing but the vendored MNIST file, prints
what the page shows (timings aside), which also proves a run is repeatable.
"""
import ast
import html
import os
import re
import shutil
import subprocess
import sys

import pytest

from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.engine.sections import split_sections
from snippets.vendored_mnist import VENDORED_MNIST
from tests.support.pages import LANGS, included_code, pages

CODE_BLOCK = re.compile(  # its title, the file and section it shows, is not code
    r'<div class="language-python highlight">(?:<span class="filename">.*?</span>)?<pre>(.*?)</pre></div>', re.S)
OUTPUT_BLOCK = re.compile(
    r'<div class="language-text run-output highlight"><span class="filename">[^<]*</span><pre>(.*?)</pre></div>', re.S)
TIMING = re.compile(r"\d+m?s(/step)?")
PAGES_WITH_CODE = [name for name, text in pages(LANGS[0]).items() if ".py:" in text]


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def built_code(site, lang, page) -> list[str]:
    folder = site / lang / ("" if page == "index.md" else page[:-3])
    return [text_of(b).strip("\n") for b in CODE_BLOCK.findall((folder / "index.html").read_text())]


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
    shown = built_code(built_site, lang, page)
    assert shown and shown == included_code(lang, page, python_only=True)


def test_code_copied_from_the_tutorial_page_prints_what_the_page_shows(executed_site, tmp_path):
    built = (executed_site / LANGS[0] / "05-project" / "index.html").read_text()
    code = "\n\n".join(text_of(block) for block in CODE_BLOCK.findall(built))
    shown = [text_of(block).strip() for block in OUTPUT_BLOCK.findall(built)]
    assert code and len(shown) >= 2
    (tmp_path / "copied.py").write_text(code)
    keras_home = tmp_path / "keras"
    (keras_home / "datasets").mkdir(parents=True)
    shutil.copy(VENDORED_MNIST, keras_home / "datasets" / "mnist.npz")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "KERAS_HOME": str(keras_home),
           "TF_CPP_MIN_LOG_LEVEL": "3", "HTTPS_PROXY": "http://127.0.0.1:9"}  # no network
    done = subprocess.run([sys.executable, "copied.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = TIMING.sub("", done.stdout)
    for block in shown:
        assert TIMING.sub("", block) in printed, block[:300]
