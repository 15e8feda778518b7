"""Make `tf.keras.datasets.mnist.load_data()` work offline, unchanged.

Keras looks for `$KERAS_HOME/datasets/mnist.npz` and downloads only when that
file is missing or its SHA-256 differs. We check the project's copy in
`data/mnist.npz` first (a bad file must fail here, loudly, instead of making
Keras try a download that hangs offline) and link it where Keras looks.
Must run before TensorFlow/Keras is imported: Keras reads KERAS_HOME once.
"""
import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENDORED_MNIST = PROJECT_ROOT / "data" / "mnist.npz"
# The hash Keras itself checks (keras/src/datasets/mnist.py).
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


class DatasetError(RuntimeError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_vendored_mnist(path: Path = VENDORED_MNIST) -> Path:
    if not path.is_file():
        raise DatasetError(
            f"MNIST file missing: {path} (expected SHA-256 {MNIST_SHA256}). "
            "Restore it with `git checkout -- data/mnist.npz`.")
    actual = sha256_of(path)
    if actual != MNIST_SHA256:
        raise DatasetError(
            f"MNIST file is corrupt or altered: {path} has SHA-256 {actual}, "
            f"expected {MNIST_SHA256} ({path.stat().st_size} bytes; the real "
            "file has 11,490,434). Restore it with `git checkout -- data/mnist.npz`.")
    return path


def use_vendored_mnist() -> Path:
    """Point Keras at the checked project copy; return where Keras will read it."""
    source = check_vendored_mnist()
    keras_home = Path(os.environ.setdefault(
        "KERAS_HOME", str(PROJECT_ROOT / ".cache" / "keras")))
    target = keras_home / "datasets" / "mnist.npz"
    if target.is_file() and (target.resolve() == source
                             or sha256_of(target) == MNIST_SHA256):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(source)
    os.replace(tmp, target)  # atomic: Keras never sees a half-made link
    return target
