"""Export the tutorial's trained CNN for the in-page "draw a digit" demo.

Reads the cached run's `model.keras` (a zip holding config.json and
model.weights.h5: no TensorFlow import, no training) and writes:

  demo/weights.bin      all weights, float16 little-endian, in forward order
  demo/model.json       shapes and offsets of those weights, and where they come from
  demo/test-digits.bin  the first 100 MNIST test images (uint8, 28x28) then their labels

The page's own forward pass (overrides/assets/javascripts/digit-demo.js)
implements exactly this architecture; a different one fails the build here.
"""
import base64
import functools
import io
import json
import struct
import zipfile
import zlib

import h5py
import numpy as np

from sitebuild.errors import BuildError

ARCHITECTURE = ["InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten",
                "Dense", "Dropout", "Dense"]
WEIGHTED_LAYERS = ["Conv2D", "Conv2D", "Dense", "Dense"]  # in forward order
SAMPLE_DIGITS = 100
ANCHOR = "digit-demo"  # pages link to the demo by this id


class DemoExportError(BuildError):
    pass


def export(run) -> dict[str, bytes]:
    archive = zipfile.ZipFile(run.file("model.keras"))
    layers = json.loads(archive.read("config.json"))["config"]["layers"]
    classes = [layer["class_name"] for layer in layers]
    if classes != ARCHITECTURE:
        raise DemoExportError(f"{run.experiment.name}: the demo's forward pass expects layers "
                              f"{ARCHITECTURE}, the model has {classes}")
    weights_file = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    names = [layer["config"]["name"] for layer in layers if layer["class_name"] in WEIGHTED_LAYERS]
    blobs, manifest, offset = [], [], 0
    for name in names:
        for role, index in (("kernel", "0"), ("bias", "1")):
            # Read float32, then round in NumPy: HDF5's own float32->float16
            # conversion truncates, which put some weights 1 ulp (or an exponent) off.
            array = np.asarray(weights_file[f"layers/{name}/vars/{index}"], dtype="<f4").astype("<f2")
            blobs.append(array.tobytes())
            manifest.append({"layer": name, "role": role, "shape": list(array.shape),
                             "offset": offset, "length": int(array.size)})
            offset += array.size
    from snippets.vendored_mnist import VENDORED_MNIST  # here: importing `snippets` checks the data
    with np.load(VENDORED_MNIST) as data:
        images, labels = data["x_test"][:SAMPLE_DIGITS], data["y_test"][:SAMPLE_DIGITS]
    model = {"experiment": run.experiment.name, "run_key": run.run_info["key"],
             "test_accuracy": run.results["test_accuracy"], "dtype": "float16",
             "tensors": manifest, "sample_digits": SAMPLE_DIGITS}
    return {"demo/weights.bin": b"".join(blobs),
            "demo/model.json": json.dumps(model, indent=1).encode(),
            "demo/test-digits.bin": images.astype(np.uint8).tobytes() + labels.astype(np.uint8).tobytes()}


PRINT_DIGITS = 10  # test digits shown in place of the demo on paper


@functools.lru_cache(maxsize=1)
def _print_digits_png() -> bytes:
    """The first test digits, dark on white as the pad shows them, side by side: paper cannot run
    the model, so the printed page shows what the demo's "test digit" button starts with."""
    from snippets.vendored_mnist import VENDORED_MNIST
    with np.load(VENDORED_MNIST) as data:
        images = data["x_test"][:PRINT_DIGITS]
    gap = np.full((28, 4), 255, np.uint8)
    strip = np.hstack([part for image in images for part in (255 - image, gap)][:-1])
    return _grey_png(strip)


def _grey_png(pixels: np.ndarray) -> bytes:
    """An 8-bit greyscale PNG (written by hand: a few lines, no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    height, width = pixels.shape
    rows = b"".join(b"\0" + row.tobytes() for row in pixels.astype(np.uint8))  # filter 0 per row
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def markup(w: dict, accuracy: str, site_root: str) -> str:
    """The demo's HTML: `w` its interface words, `accuracy` the run's test accuracy as shown.

    The `digit-demo__print` figure is shown on paper only (print.css), instead of the pad."""
    root = site_root.rstrip("/") + "/"
    bars = "".join(f'<li><span class="digit-demo__digit">{d}</span><span class="digit-demo__bar"></span>'
                   f'<span class="digit-demo__value">0.0%</span></li>' for d in range(10))
    note = w["note"].format(acc=accuracy)
    # Inline (a data: URL): a printed page must not depend on a lazy image the reader never scrolled to.
    digits = base64.b64encode(_print_digits_png()).decode()
    on_paper = (f'<figure class="digit-demo__print">'
                f'<img src="data:image/png;base64,{digits}" alt="{w["print_alt"].format(n=PRINT_DIGITS)}">'
                f'<figcaption>{w["print"].format(acc=accuracy, n=PRINT_DIGITS)}</figcaption></figure>\n')
    return (f'<div class="digit-demo" id="{ANCHOR}" data-script="{root}assets/javascripts/digit-demo.js" '
            f'data-model="{root}demo/model.json" data-samples="{root}demo/test-digits.bin" '
            f'data-empty="{w["empty"]}" data-prediction="{w["prediction"]}" data-true-label="{w["trueLabel"]}">\n'
            f'<p class="digit-demo__title"><strong>{w["title"]}</strong></p>\n'
            f'<div class="digit-demo__body"><canvas class="digit-demo__pad" width="280" height="280" '
            f'role="img" aria-label="{w["pad"]}"></canvas>\n'
            f'<div class="digit-demo__side"><p class="digit-demo__result" aria-live="polite">{w["loading"]}</p>\n'
            f'<ol class="digit-demo__bars" aria-label="{w["bars"]}" start="0">{bars}</ol>\n'
            f'<p><button type="button" class="md-button" data-action="clear">{w["clear"]}</button> '
            f'<button type="button" class="md-button md-button--primary" '
            f'data-action="sample">{w["sample"]}</button></p>'
            f'</div></div>\n{on_paper}<p class="digit-demo__note">{note}</p>\n</div>')
