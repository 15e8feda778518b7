"""The vendored MNIST is used offline by the unchanged load_data(), and a bad file fails loudly."""
import os
import shutil
import subprocess
import sys
import time

import pytest

from snippets.vendored_mnist import MNIST_SHA256, VENDORED_MNIST, DatasetError, check_vendored_mnist

ROOT = VENDORED_MNIST.parent.parent


def test_the_vendored_file_has_the_hash_keras_checks():
    assert check_vendored_mnist() == VENDORED_MNIST
    assert MNIST_SHA256 in (ROOT / "data" / "README.md").read_text()


def test_a_truncated_file_names_its_path_and_the_expected_hash(tmp_path):
    bad = tmp_path / "mnist.npz"
    bad.write_bytes(VENDORED_MNIST.read_bytes()[:1000])
    with pytest.raises(DatasetError) as error:
        check_vendored_mnist(bad)
    assert str(bad) in str(error.value) and MNIST_SHA256 in str(error.value)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(DatasetError, match="missing"):
        check_vendored_mnist(tmp_path / "mnist.npz")


def test_a_snippet_run_on_an_altered_file_stops_at_once(tmp_path):
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    (tmp_path / "data").mkdir()
    data = bytearray(VENDORED_MNIST.read_bytes())
    data[5000] ^= 0xFF  # one flipped byte
    (tmp_path / "data" / "mnist.npz").write_bytes(bytes(data))
    env = {k: v for k, v in os.environ.items() if k != "KERAS_HOME"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "snippets.first_draft_cnn"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "corrupt or altered" in done.stderr and MNIST_SHA256 in done.stderr
    assert str(tmp_path / "data" / "mnist.npz") in done.stderr
    assert time.monotonic() - started < 30  # no training, no download attempt


def test_load_data_reads_the_vendored_file_without_any_network_attempt(tmp_path):
    # A proxy on a closed port makes any download fail at once instead of succeeding quietly.
    env = dict({k: v for k, v in os.environ.items() if k != "KERAS_HOME"},
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
               HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    code = ("import snippets, tensorflow as tf\n"
            "(x, y), (xt, yt) = tf.keras.datasets.mnist.load_data()\n"
            "print(x.shape, xt.shape)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "(60000, 28, 28) (10000, 28, 28)" in done.stdout
