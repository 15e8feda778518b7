"""Jupyter notebooks made from the snippet modules: one code cell per section.

Each language's site offers each tutorial's notebook with the build's outputs,
an introduction and code comments in that language (made from the cached run,
no second execution). `notebooks/<lang>/` in the repository holds the same
notebooks without outputs, for "Open in Colab"; regenerate them with
`python -m sitebuild notebooks` (a test fails when they are out of date).
"""
import argparse
import sys
from pathlib import Path

import nbformat

from sitebuild import languages
from sitebuild.pages import snippet_comments
from sitebuild.engine.experiments import EXPERIMENTS, Experiment
from sitebuild.settings import PROJECT_ROOT
from sitebuild.engine.sections import split_sections
from sitebuild.errors import exit_status

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"


def intro(experiment: Experiment, intros: list[str]) -> str:
    return f"# {experiment.name}\n\n" + "\n\n".join(i.format(name=experiment.name) for i in intros)


def cell_id(experiment: str, section: str) -> str:
    """A code cell's id: the experiment and its section (ids allow no "_")."""
    return f"{experiment}-{section}".replace("_", "-")


def notebook_for(experiment: Experiment, section_outputs: dict | None, intros: list[str],
                 source: Path | None = None):
    """One code cell per section of `source` (default: the snippet itself; the build passes
    the page language's variant, whose comments are in that language)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3",
                                       "language": "python"},
                        "language_info": {"name": "python"}})
    nb.cells.append(nbformat.v4.new_markdown_cell(intro(experiment, intros)))
    for index, segment in enumerate(s for s in split_sections(source or experiment.path) if s.name):
        cell = nbformat.v4.new_code_cell(segment.code.strip("\n"))
        cell.id = cell_id(experiment.name, segment.name)
        text = (section_outputs or {}).get(segment.name, "")
        if text:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            cell.execution_count = index + 1
        nb.cells.append(cell)
    nb.cells[0].id = f"{experiment.name}-intro".replace("_", "-")
    return nb


def notebook_text(experiment: Experiment, section_outputs: dict | None, intros: list[str],
                  source: Path | None = None) -> str:
    return nbformat.writes(notebook_for(experiment, section_outputs, intros, source)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild notebooks",
                                     description="Regenerate the output-free notebooks in notebooks/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook is out of date")
    check = parser.parse_args(argv).check
    stale = []
    for lang in languages.languages():
        snippet_comments.write_variants(lang.code)
        for experiment in EXPERIMENTS.values():
            if not experiment.notebook:
                continue
            path = NOTEBOOK_DIR / lang.code / f"{experiment.name}.ipynb"
            text = notebook_text(experiment, None, [lang.words["notebook_intro"]],
                                 snippet_comments.variant_path(experiment.path, lang.code))
            if path.is_file() and path.read_text() == text:
                continue
            stale.append(str(path.relative_to(PROJECT_ROOT)))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    if check and stale:
        print("out of date (run `python -m sitebuild notebooks`):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main))
