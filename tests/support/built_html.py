"""Reading the built pages' HTML, for the tests: code blocks, run outputs, notebooks."""
import html
import re
from pathlib import Path

import nbformat

CODE_BLOCK = re.compile(  # its title, the file and section it shows, is not code
    r'<div class="language-python highlight">(?:<span class="filename">.*?</span>)?<pre>(.*?)</pre></div>', re.S)
OUTPUT_BLOCK = re.compile(
    r'<div class="language-text run-output highlight"><span class="filename">[^<]*</span><pre>(.*?)</pre></div>', re.S)
TIMING = re.compile(r"\d+m?s(/step)?")  # what differs between two runs of the same code


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def page_file(site: Path, lang: str, page: str) -> Path:
    return site / lang / ("" if page == "index.md" else page[:-3]) / "index.html"


def code_blocks(site: Path, lang: str, page: str) -> list[str]:
    """The text of each Python block of a built page, as its copy button copies it."""
    return [text_of(b).strip("\n") for b in CODE_BLOCK.findall(page_file(site, lang, page).read_text())]


def run_outputs(site: Path, lang: str, page: str) -> list[str]:
    return [text_of(b).strip() for b in OUTPUT_BLOCK.findall(page_file(site, lang, page).read_text())]


def downloaded_notebook(site: Path, lang: str, name: str) -> nbformat.NotebookNode:
    """The .ipynb the notebook page's download button gives."""
    return nbformat.read(site / lang / "notebooks" / name / f"{name}.ipynb", as_version=4)
