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
import html
import io
import json
import struct
import subprocess
import zipfile
import zlib

import h5py
import numpy as np

from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT

ARCHITECTURE = ["InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten",
                "Dense", "Dropout", "Dense"]
WEIGHTED_LAYERS = ["Conv2D", "Conv2D", "Dense", "Dense"]  # in forward order
SAMPLE_DIGITS = 100
ANCHOR = "digit-demo"  # pages link to the demo by this id


class DemoExportError(BuildError):
    pass


def _layers(run) -> list[dict]:
    """The model's layer configurations, checked to be the architecture the page computes."""
    layers = json.loads(zipfile.ZipFile(run.file("model.keras")).read("config.json"))["config"]["layers"]
    classes = [layer["class_name"] for layer in layers]
    if classes != ARCHITECTURE:
        raise DemoExportError(f"{run.experiment.name}: the demo's forward pass expects layers "
                              f"{ARCHITECTURE}, the model has {classes}")
    return layers


_exported: dict[str, dict[str, bytes]] = {}


def export(run) -> dict[str, bytes]:
    """The files above, made once per run (the page's words and its printed view use them too)."""
    if run.run_info["key"] not in _exported:
        _exported[run.run_info["key"]] = _export(run)
    return _exported[run.run_info["key"]]


def _export(run) -> dict[str, bytes]:
    archive = zipfile.ZipFile(run.file("model.keras"))
    weights_file = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    names = [layer["config"]["name"] for layer in _layers(run) if layer["class_name"] in WEIGHTED_LAYERS]
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
    images, labels = _test_digits(SAMPLE_DIGITS)
    model = {"experiment": run.experiment.name, "run_key": run.run_info["key"],
             "test_accuracy": run.results["test_accuracy"], "dtype": "float16",
             "tensors": manifest, "sample_digits": SAMPLE_DIGITS}
    return {"demo/weights.bin": b"".join(blobs),
            "demo/model.json": json.dumps(model, indent=1).encode(),
            "demo/test-digits.bin": images.astype(np.uint8).tobytes() + labels.astype(np.uint8).tobytes()}


FORWARD = PROJECT_ROOT / "overrides" / "assets" / "javascripts" / "digit-demo.js"
NODE_FORWARD = PROJECT_ROOT / "sitebuild" / "reader" / "digit_demo_forward.mjs"
# The inside view's layers, in forward order (the keys digit-demo.js's forward() returns).
INSIDE = ["input", "conv1", "pool1", "conv2", "pool2", "dense", "output"]
DENSE_SHOWN = 8  # the dense layer's strongest units the page lists


def layer_shapes(run) -> dict[str, dict]:
    """Each inside-view layer's numbers for its label ({n} maps of {size} x {size}), from the
    exported weights' shapes: 3 x 3 "valid" convolutions, 2 x 2 pooling."""
    tensors = {t["layer"]: t["shape"] for t in json.loads(export(run)["demo/model.json"])["tensors"]
               if len(t["shape"]) > 1}
    (_, _, _, maps1), (_, _, _, maps2), (flat, units), (_, classes) = tensors.values()
    size = 28
    return {"input": {"size": size}, "conv1": {"n": maps1, "size": size - 2},
            "pool1": {"n": maps1, "size": (size - 2) // 2}, "conv2": {"n": maps2, "size": (size - 2) // 2 - 2},
            "pool2": {"n": maps2, "size": ((size - 2) // 2 - 2) // 2, "flat": f"{flat:,}"},
            "dense": {"n": units, "shown": DENSE_SHOWN}, "output": {"n": classes}}


class DemoForwardError(DemoExportError):
    pass


_forward_cache: dict[str, dict] = {}


def page_forward(run, pixels: np.ndarray) -> dict[str, dict]:
    """Every layer's output for `pixels` (784 values in [0, 1]), computed by the page's own
    forward pass (digit-demo.js, under Node) from the weights the page loads: the printed page
    shows what the screen would, not a second model's numbers."""
    exported = export(run)
    job = json.dumps({"script": str(FORWARD), "manifest": json.loads(exported["demo/model.json"]),
                      "weights": base64.b64encode(exported["demo/weights.bin"]).decode(),
                      "pixels": [float(v) for v in pixels.ravel()]})
    if job not in _forward_cache:
        done = subprocess.run(["node", str(NODE_FORWARD)], input=job, capture_output=True, text=True,
                              cwd=PROJECT_ROOT)
        if done.returncode != 0:
            raise DemoForwardError(f"{FORWARD.relative_to(PROJECT_ROOT)} under Node: {done.stderr.strip()}")
        _forward_cache[job] = json.loads(done.stdout)
    return _forward_cache[job]


PRINT_DIGITS = 10  # test digits shown in place of the demo on paper


def _test_digits(n: int) -> tuple[np.ndarray, np.ndarray]:
    from snippets.vendored_mnist import VENDORED_MNIST  # here: importing `snippets` checks the data
    with np.load(VENDORED_MNIST) as data:
        return data["x_test"][:n], data["y_test"][:n]


@functools.lru_cache(maxsize=1)
def _print_digits_png() -> bytes:
    """The first test digits, dark on white as the pad shows them, side by side: paper cannot run
    the model, so the printed page shows what the demo's "test digit" button starts with."""
    images, _ = _test_digits(PRINT_DIGITS)
    gap = np.full((28, 4), 255, np.uint8)
    strip = np.hstack([part for image in images for part in (255 - image, gap)][:-1])
    return _grey_png(strip)


def _grey_png(pixels: np.ndarray, bits: int = 8) -> bytes:
    """A greyscale PNG of `bits` (8, or 4: 16 greys, half the bytes) per pixel, written by hand:
    a few lines, no image library needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    height, width = pixels.shape
    levels = np.round(pixels.astype(np.float32) * (2 ** bits - 1) / 255).astype(np.uint8)
    if bits == 4:  # two pixels a byte, the first in the high half
        levels = np.pad(levels, ((0, 0), (0, width % 2)))
        levels = (levels[:, 0::2] << 4) | levels[:, 1::2]
    rows = b"".join(b"\0" + row.tobytes() for row in levels)  # filter 0 per row
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bits, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


# On paper, each layer as a grid of maps: (columns, gap in pixels, CSS pixels per map pixel).
PRINT_GRIDS = {"input": (1, 0, 4), "conv1": (8, 2, 1.5), "pool1": (8, 1, 3), "conv2": (8, 1, 3),
               "pool2": (8, 1, 4), "dense": (16, 1, 10), "output": (10, 1, 16)}
PRINT_GAP_GREY = 170  # the lines between maps: visible on paper next to an all-zero (white) map


def layer_grid(layer: dict, columns: int, gap: int) -> tuple[np.ndarray, float]:
    """A layer's maps side by side in a grey image, darker is larger (0 white, the layer's largest
    value black: one scale per layer), and that largest value."""
    h, w, c = layer["h"], layer["w"], layer["c"]
    values = np.asarray(layer["values"], dtype=np.float32).reshape(h, w, c)
    top = float(values.max())
    grey = 255 - np.round(255 * values / top if top > 0 else 0 * values).astype(np.int32)
    rows = -(-c // columns)
    grid = np.full((rows * h + (rows - 1) * gap, columns * w + (columns - 1) * gap), PRINT_GAP_GREY, np.uint8)
    for channel in range(c):
        y, x = (channel // columns) * (h + gap), (channel % columns) * (w + gap)
        grid[y:y + h, x:x + w] = grey[:, :, channel]
    return grid, top


def _print_inside(run, w: dict, names: dict[str, str], shapes: dict) -> str:
    """The inside view for the first test digit, as images: what the screen draws, on paper
    (where the dense layer shows all its units, and there are no bars beside a pad)."""
    names = {**names, "dense": w["print_dense"].format(**shapes["dense"]),
             "output": w["print_output"].format(**shapes["output"])}
    images, labels = _test_digits(1)
    layers = page_forward(run, images[0] / 255.0)
    predicted = int(np.argmax(layers["output"]["values"]))
    parts = []
    for key in INSIDE:
        columns, gap, scale = PRINT_GRIDS[key]
        grid, top = layer_grid(layers[key], columns, gap)
        png = base64.b64encode(_grey_png(grid, bits=4)).decode()  # 16 greys: enough on paper
        parts.append(f'<div class="digit-demo__print-layer"><img src="data:image/png;base64,{png}" '
                     f'style="width: {round(grid.shape[1] * scale)}px" alt="{html.escape(names[key])}">'
                     f'<span>{html.escape(names[key])} · {w["print_scale"].format(max=f"{top:.2f}")}</span></div>')
    intro = w["print"].format(label=int(labels[0]), pred=predicted)
    return (f'<figure class="digit-demo__print-inside"><figcaption>{html.escape(intro)}</figcaption>'
            f'{"".join(parts)}</figure>\n')


def _ramp(w: dict, kind: str = "") -> str:  # a legend's colour bar, read as "to"
    return f'<span class="digit-demo__ramp {kind}"><span class="digit-demo__sr">{html.escape(w["to"])}</span></span>'


def _layer_block(key: str, name: str, w: dict, shapes: dict) -> str:
    label_id = f"{ANCHOR}-{key}"
    head = f'<section class="digit-demo__layer" data-layer="{key}" aria-labelledby="{label_id}"'
    name_p = f'<p class="digit-demo__layer-name" id="{label_id}">{html.escape(name)}</p>'
    if key == "dense":
        return (f'{head} data-shown="{shapes["dense"]["shown"]}">{name_p}'
                f'<ol class="digit-demo__units" aria-labelledby="{label_id}"></ol></section>')
    digits = "".join(f"<span>{d}</span>" for d in range(shapes["output"]["n"])) if key == "output" else ""
    digits = digits and f'<span class="digit-demo__digits" aria-hidden="true">{digits}</span>'
    return (f'{head}>{name_p}<div class="digit-demo__grid"><canvas tabindex="0" role="img" '
            f'aria-label="{html.escape(name)}. {html.escape(w["keys"])}"></canvas>'
            f'<span class="digit-demo__mark" hidden></span>{digits}</div>'
            f'<p class="digit-demo__legend"><span class="digit-demo__sr">{html.escape(w["legend"])}</span>'
            f'<span>0</span>{_ramp(w)}<span data-max>–</span></p></section>')


def inside_markup(run, w: dict) -> tuple[str, str]:
    """(the inside view's HTML for the screen, its static rendering for paper): `w` the words."""
    shapes = layer_shapes(run)
    names = {key: w[key].format(**shapes[key]) for key in INSIDE}
    rate = next(layer["config"]["rate"] for layer in _layers(run) if layer["class_name"] == "Dropout")
    blocks = [_layer_block(key, names[key], w, shapes) for key in INSIDE]
    dropout = (f'<p class="site-note digit-demo__dropout"><strong>{html.escape(w["note_label"])}</strong>'
               f'{html.escape(w["dropout"].format(rate=rate))}</p>')
    blocks.insert(INSIDE.index("dense") + 1, dropout)
    rows = "".join("<tr>" + "<td></td>" * 3 + "</tr>" for _ in range(3))
    detail = (f'<div class="digit-demo__detail"><p aria-live="polite">{html.escape(w["hint"])}</p>'
              f'<div class="digit-demo__kernel"><canvas hidden></canvas>'
              f'<table class="digit-demo__weights" hidden aria-label="{html.escape(w["kernel_table"])}">{rows}</table>'
              f'<p class="digit-demo__legend" hidden>'
              f'<span class="digit-demo__sr">{html.escape(w["kernel_legend"])}</span>'
              f'<span data-min></span>{_ramp(w, "digit-demo__ramp--diverging")}'
              f'<span data-max></span></p></div></div>')
    screen = (f'<section class="digit-demo__inside" aria-labelledby="{ANCHOR}-inside">'
              f'<p id="{ANCHOR}-inside"><strong>{html.escape(w["title"])}</strong> {html.escape(w["how"])}</p>'
              f'<div class="digit-demo__layers">{"".join(blocks)}</div>{detail}</section>\n')
    return screen, _print_inside(run, w, names, shapes)


def markup(w: dict, run, accuracy: str, site_root: str) -> str:
    """The demo's HTML: `w` its interface words, `accuracy` the run's test accuracy as shown.

    The `digit-demo__print` figure is shown on paper only (print.css), instead of the pad, and the
    `digit-demo__print-inside` figure instead of the inside view (digit-demo.css)."""
    root = site_root.rstrip("/") + "/"
    bars = "".join(f'<li><span class="digit-demo__digit">{d}</span><span class="digit-demo__bar"></span>'
                   f'<span class="digit-demo__value">–</span></li>' for d in range(10))
    note = w["note"].format(acc=accuracy)
    inside, inside_on_paper = inside_markup(run, w["inside"])
    # The words the script writes (a map's index, its kernel, a unit), in the page's language.
    script_words = html.escape(json.dumps({k: w["inside"][k] for k in SCRIPT_WORDS}, ensure_ascii=False))
    # Inline (a data: URL): a printed page must not depend on a lazy image the reader never scrolled to.
    digits = base64.b64encode(_print_digits_png()).decode()
    on_paper = (f'<figure class="digit-demo__print">'
                f'<img src="data:image/png;base64,{digits}" alt="{w["print_alt"].format(n=PRINT_DIGITS)}">'
                f'<figcaption>{w["print"].format(acc=accuracy, n=PRINT_DIGITS)}</figcaption></figure>\n'
                f'{inside_on_paper}')
    return (f'<div class="digit-demo" id="{ANCHOR}" data-script="{root}assets/javascripts/digit-demo.js" '
            f'data-model="{root}demo/model.json" data-samples="{root}demo/test-digits.bin" '
            f'data-empty="{w["empty"]}" data-prediction="{w["prediction"]}" data-true-label="{w["trueLabel"]}" '
            f'data-inside="{script_words}">\n'
            f'<p class="digit-demo__title"><strong>{w["title"]}</strong></p>\n'
            f'<div class="digit-demo__body"><canvas class="digit-demo__pad" width="280" height="280" '
            f'role="img" aria-label="{w["pad"]}"></canvas>\n'
            f'<div class="digit-demo__side"><p class="digit-demo__result" aria-live="polite">{w["loading"]}</p>\n'
            f'<ol class="digit-demo__bars" aria-label="{w["bars"]}" start="0">{bars}</ol>\n'
            f'<p><button type="button" class="md-button" data-action="clear">{w["clear"]}</button> '
            f'<button type="button" class="md-button md-button--primary" '
            f'data-action="sample">{w["sample"]}</button></p>'
            f'</div></div>\n{inside}{on_paper}<p class="digit-demo__note">{note}</p>\n</div>')


SCRIPT_WORDS = ["map", "kernel1", "kernel2", "pooled1", "pooled2", "digit", "input_detail", "hint", "unit", "favours"]
