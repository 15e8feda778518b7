"""Run a notebook top to bottom in a new kernel, as a reader who downloaded it would:

    python tests/end_to_end/rerun_notebook.py <notebook.ipynb> <executed.ipynb>

Started by tests/conftest.py (`tutorial_rerun`) as soon as the built site exists, so that
its minutes of training overlap the other tests; its environment (a closed proxy, no
project on the path, the vendored MNIST file as Keras' cache) is set by the caller.
"""
import sys

import nbformat
from nbclient import NotebookClient

source, executed = sys.argv[1], sys.argv[2]
notebook = nbformat.read(source, as_version=4)
for cell in notebook.cells:
    if cell.cell_type == "code":
        cell.outputs = []
NotebookClient(notebook, kernel_name="python3", timeout=1800).execute()
nbformat.write(notebook, executed)
