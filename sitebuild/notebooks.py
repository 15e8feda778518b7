"""Jupyter notebooks made from the snippet modules: one code cell per section.

Each language's site offers each tutorial's notebook with the build's outputs
and an introduction in that language (made from the cached run, no second
execution). `notebooks/` in the repository holds the same notebooks without
outputs, introduced in every language, for "Open in Colab"; regenerate them
with `python -m sitebuild.notebooks` (a test fails when they are out of date).
"""
import argparse
import sys

import nbformat

from sitebuild import languages
from sitebuild.experiments import EXPERIMENTS, Experiment
from sitebuild.settings import PROJECT_ROOT
from sitebuild.snippet_sections import split_sections

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"


def intro(experiment: Experiment, intros: list[str]) -> str:
    return f"# {experiment.name}\n\n" + "\n\n".join(i.format(name=experiment.name) for i in intros)


def notebook_for(experiment: Experiment, section_outputs: dict | None = None,
                 intros: list[str] | None = None):
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3",
                                       "language": "python"},
                        "language_info": {"name": "python"}})
    if intros is None:  # the repository's copy: every language's introduction
        intros = [lang.words["notebook_intro"] for lang in languages.languages()]
    nb.cells.append(nbformat.v4.new_markdown_cell(intro(experiment, intros)))
    for index, segment in enumerate(s for s in split_sections(experiment.path) if s.name):
        cell = nbformat.v4.new_code_cell(segment.code.strip("\n"))
        cell.id = f"{experiment.name}-{segment.name}".replace("_", "-")
        text = (section_outputs or {}).get(segment.name, "")
        if text:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            cell.execution_count = index + 1
        nb.cells.append(cell)
    nb.cells[0].id = f"{experiment.name}-intro".replace("_", "-")
    return nb


def notebook_text(experiment: Experiment, section_outputs: dict | None = None,
                  intros: list[str] | None = None) -> str:
    return nbformat.writes(notebook_for(experiment, section_outputs, intros)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.notebooks",
                                     description="Regenerate the output-free notebooks in notebooks/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook is out of date")
    check = parser.parse_args(argv).check
    stale = []
    NOTEBOOK_DIR.mkdir(exist_ok=True)
    for experiment in EXPERIMENTS.values():
        if not experiment.notebook:
            continue
        path = NOTEBOOK_DIR / f"{experiment.name}.ipynb"
        text = notebook_text(experiment)
        if path.is_file() and path.read_text() == text:
            continue
        stale.append(path.name)
        if not check:
            path.write_text(text)
    if check and stale:
        print("out of date (run `python -m sitebuild.notebooks`):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
