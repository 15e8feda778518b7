"""The article's code, one runnable module per experiment.

Importing the package (which `python -m snippets.<name>` does first) makes
the unchanged `mnist.load_data()` calls read the vendored, hash-checked
`data/mnist.npz` instead of downloading.
"""
from snippets.vendored_mnist import use_vendored_mnist

use_vendored_mnist()
