"""Jupyter notebooks made from the snippet modules: one code cell per section.

The site offers each tutorial's notebook with the build's outputs (made from
the cached run, no second execution). `notebooks/` in the repository holds the
same notebooks without outputs, for "Open in Colab"; regenerate them with
`python -m sitebuild.notebooks` (a test fails when they are out of date).
"""
import sys

import nbformat

from sitebuild.experiments import EXPERIMENTS, PROJECT_ROOT, Experiment
from sitebuild.snippet_sections import split_sections

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
INTRO = ("# {name}\n\nThe code of `snippets/{name}.py`, one cell per section, as shown on the site "
         "(本站页面中的代码，每节一个单元格). In Colab, `mnist.load_data()` downloads MNIST as usual; "
         "in the project it reads the vendored `data/mnist.npz`.")


def notebook_for(experiment: Experiment, section_outputs: dict | None = None):
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3",
                                       "language": "python"},
                        "language_info": {"name": "python"}})
    nb.cells.append(nbformat.v4.new_markdown_cell(INTRO.format(name=experiment.name)))
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


def notebook_text(experiment: Experiment, section_outputs: dict | None = None) -> str:
    return nbformat.writes(notebook_for(experiment, section_outputs)) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
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
    sys.exit(main(sys.argv[1:]))
