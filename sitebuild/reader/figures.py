"""Figures drawn from an experiment's cached results, with words in the page's language.

Drawing costs no training: it reads `results.json` / `arrays.npz` of the run,
or, for the `seeds` figure, the seed study's record (engine/study.py).
Each figure is drawn in two layouts, because one drawing cannot be legible at
both widths: `wide` for the desktop column (688 CSS px at 1280 px, shown at
its natural size, so every figure has the same label size) and `narrow` for a
phone (358 CSS px at 390 px: panels stacked, fewer columns). The files:

    <figure>.png        wide, 1x: the desktop column
    <figure>@2x.png     wide, 2x: the full-size view (loaded only when opened)
    <figure>-phone.png  narrow, about 2x of 358 px: phones, through <picture>

Each PNG records the size of its smallest label in image pixels (text chunk
`min-label-px`), so a test can measure the label size a reader gets. Files are
cached under a hash of the run's key, this file, the language and its words
(`extra.words.figures` of the language's config); a figure's number and caption
are the page's (directives.py), so renumbering a chapter redraws nothing.
"""
import hashlib
import html
import io
import json
import multiprocessing
import os
import struct
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from sitebuild import settings
from sitebuild.engine import study
from sitebuild.errors import BuildError

CJK_FONT = "Noto Sans CJK SC"
RED = "#c62828"
BLUE = "#1565c0"
STUDY_FIGURE = "seeds"  # drawn from the seed study's record, not from the run
# file suffix -> (layout, dots per inch)
VARIANTS = {"": ("wide", 100), "@2x": ("wide", 200), "-phone": ("narrow", 170)}
MIN_LABEL = "min-label-px"


class FigureError(BuildError):
    pass


def _pyplot(lang: str):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot
    families = ["DejaVu Sans"]
    if lang == "zh":
        font = font_manager.FontProperties(family=CJK_FONT)
        try:
            font_manager.findfont(font, fallback_to_default=False)
        except ValueError:  # perhaps installed after matplotlib cached its font list: rescan once
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        try:
            font_manager.findfont(font, fallback_to_default=False)
        except ValueError:
            raise FigureError(f"Chinese figure labels need the font '{CJK_FONT}' "
                              "(Debian/Ubuntu: apt-get install fonts-noto-cjk)") from None
        families = [CJK_FONT] + families
    pyplot.rcParams.update({"font.family": "sans-serif", "font.sans-serif": families,
                            "axes.unicode_minus": False, "figure.dpi": 100, "font.size": 10,
                            "legend.fontsize": 10, "xtick.labelsize": 10, "ytick.labelsize": 10})
    return pyplot


# Titles are not drawn: the page's numbered <figcaption> says what a figure shows.

def _curves(plt, results, arrays, w, layout):
    history = results["history"]
    epochs = np.arange(1, len(history["loss"]) + 1)
    if layout == "wide":
        fig, axes = plt.subplots(1, 2, figsize=(6.9, 2.9))
    else:  # stacked, so each panel gets the phone's whole width
        fig, axes = plt.subplots(2, 1, figsize=(4.2, 5.6))
    for ax, metric in zip(axes, ("loss", "accuracy"), strict=True):
        ax.plot(epochs, history[metric], "o-", label=w["train"])
        ax.plot(epochs, history[f"val_{metric}"], "s--", label=w["val"])
        ax.set_xlabel(w["epoch"]); ax.set_ylabel(w[metric]); ax.set_xticks(epochs)
        ax.grid(alpha=0.3); ax.legend()
    fig.tight_layout()
    return fig


FIRST_DIGITS, WRONG_DIGITS = 24, 8  # the digit grid: the first test digits, then the next misread ones


def caption(words: dict, experiment: str, figure: str) -> str:
    """A figure's caption in the page's language, with the numbers the drawing uses."""
    return words["figure_caption"][experiment][figure].format(first=FIRST_DIGITS, wrong=WRONG_DIGITS,
                                                              seeds=len(study.SEEDS))


def _digits(plt, results, arrays, w, layout):
    from snippets.vendored_mnist import VENDORED_MNIST  # here: importing `snippets` checks the data
    with np.load(VENDORED_MNIST) as data:
        images = data["x_test"]
    labels, predicted = arrays["labels"], arrays["probabilities"].argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    shown = list(range(FIRST_DIGITS)) + [i for i in wrong if i >= FIRST_DIGITS][:WRONG_DIGITS]
    # The same 32 digits in both layouts: 4 rows of 8, or 8 rows of 4 on a phone.
    rows, cols, size = (4, 8, (6.9, 4.6)) if layout == "wide" else (8, 4, (4.2, 9.4))
    fig, axes = plt.subplots(rows, cols, figsize=size)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, i in zip(axes.flat, shown, strict=False):  # fewer than 32 shown if few are wrong
        ok = predicted[i] == labels[i]
        ax.set_axis_on()
        ax.imshow(images[i], cmap="gray_r")
        title = f"{w['pred']} {predicted[i]}" + ("" if ok else f"\n{w['true']} {labels[i]}")
        ax.set_title(title, fontsize=10, color="black" if ok else RED)
        ax.set_xticks([]); ax.set_yticks([])
        if not ok:
            for spine in ax.spines.values():
                spine.set_color(RED); spine.set_linewidth(2)
    fig.tight_layout()
    return fig


def _confusion(plt, results, arrays, w, layout):
    labels, predicted = arrays["labels"], arrays["probabilities"].argmax(axis=1)
    matrix = np.zeros((10, 10), dtype=int)
    np.add.at(matrix, (labels, predicted), 1)
    fig, ax = plt.subplots(figsize=(5.6, 5.0) if layout == "wide" else (4.2, 4.2))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    # Four-digit counts must fit a cell a tenth of a phone's width wide.
    cell_font = 9 if layout == "wide" else 8
    for (r, c), n in np.ndenumerate(matrix):
        ax.text(c, r, str(n), ha="center", va="center", fontsize=cell_font,
                color="white" if r == c else (RED if n else "#777777"))
    ax.set_xticks(range(10)); ax.set_yticks(range(10))
    ax.set_xlabel(w["predicted"]); ax.set_ylabel(w["actual"])
    fig.tight_layout()
    return fig


def _loss_curve(plt, results, arrays, w, layout):
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator
    fig, ax = plt.subplots(figsize=(5.6, 3.2) if layout == "wide" else (4.2, 3.2))
    losses = np.asarray(results["losses"])
    ax.plot(np.arange(len(losses)), losses)
    ax.set_yscale("log")
    # Plain numbers at 1-2-5 steps that the run's range spans (a log axis would otherwise
    # label one power of ten, or crowd a phone's axis with 6×10⁻¹, 4×10⁻¹…).
    steps = [m * 10.0 ** e for e in range(-4, 5) for m in (1, 2, 5)]
    ax.yaxis.set_major_locator(FixedLocator([t for t in steps if losses.min() <= t <= losses.max()]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_locator(NullLocator()); ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(w["step"]); ax.set_ylabel(w["mse"]); ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _seeds(plt, results, arrays, w, layout):
    """One row per seed, sorted by accuracy: a dot at its test accuracy; the page's seed
    marked; the article's claimed accuracy as a vertical line."""
    runs = sorted(results["accuracies"], key=lambda pair: pair[1])
    claim, page_seed = results["claim"], results["page_seed"]
    fig, ax = plt.subplots(figsize=(6.9, 3.4) if layout == "wide" else (4.2, 4.6))
    for row, (seed, accuracy) in enumerate(runs):
        mine = seed == page_seed
        ax.plot(100 * accuracy, row, "D" if mine else "o", color=RED if mine else BLUE, markersize=8 if mine else 6)
    ax.set_yticks(range(len(runs)))
    ax.set_yticklabels([w["page_seed"].format(seed=seed) if seed == page_seed else str(seed) for seed, _ in runs])
    ax.axvline(100 * claim, color="#555555", linestyle="--")
    low = min(100 * min(a for _, a in runs), 100 * claim)
    high = max(100 * max(a for _, a in runs), 100 * claim)
    margin = max(0.05, (high - low) * 0.08)
    # The line's label on the side with room: inside the axes, never over the frame.
    right_half = 100 * claim > (low + high) / 2
    ax.text(100 * claim, len(runs) - 0.4, f" {w['claimed'].format(claim=f'{100 * claim:.2f}')} ",
            ha="right" if right_half else "left", va="bottom", fontsize=10, color="#333333")
    ax.set_xlim(low - margin, high + margin)
    ax.set_ylim(-0.7, len(runs) + 0.3)
    ax.set_xlabel(w["test_accuracy_percent"]); ax.set_ylabel(w["seed"])
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


DRAWERS = {"seeds": _seeds, "curves": _curves, "digits": _digits, "confusion": _confusion, "loss_curve": _loss_curve}


def _smallest_label_pt(fig) -> float:
    from matplotlib.text import Text
    fig.draw_without_rendering()  # tick labels exist only once laid out; no pixels needed here
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes)


def _png(fig, dpi: int, min_label_pt: float) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    # Uncompressed: this PNG is only decoded again below; compressing it cost as much as the drawing.
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None},
                pil_kwargs={"compress_level": 0})
    # A 256-colour palette keeps every line and label and halves the bytes of a plot.
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").quantize(256, dither=Image.Dither.NONE)
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text(MIN_LABEL, f"{min_label_pt * dpi / 72:.1f}")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, pnginfo=info)
    return out.getvalue()


def png_info(png: bytes) -> dict:
    """Width, height (pixels) and text chunks of a PNG."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise FigureError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    texts, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"tEXt":
            key, _, value = png[at + 8:at + 8 + length].partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + length
    return {"width": width, "height": height, "text": texts}


_drawn: dict[tuple[Path, str], dict[str, bytes]] = {}  # (cache, recipe stem) -> files, this process
_helpers: list[ProcessPoolExecutor] = []  # started at the first figure this process draws


def _helper() -> ProcessPoolExecutor:
    if not _helpers:  # spawned, not forked: the caller may have threads (a test process with TensorFlow)
        _helpers.append(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")))
    return _helpers[0]


def _draw_layout(figure: str, results: dict, arrays: dict, words: dict, lang: str, layout: str) -> dict[str, bytes]:
    """{file name: PNG bytes} of the figure's variants in one layout."""
    plt = _pyplot(lang)
    fig = DRAWERS[figure](plt, results, arrays, words, layout)
    smallest = _smallest_label_pt(fig)
    drawn = {f"{figure}{suffix}.png": _png(fig, dpi, smallest)
             for suffix, (variant_layout, dpi) in VARIANTS.items() if variant_layout == layout}
    plt.close(fig)
    return drawn


def figure_pngs(run, figure: str, lang: str, words: dict) -> dict[str, bytes]:
    """{file name: PNG bytes} of one figure of a run in every variant, from the figure cache when possible."""
    if figure not in run.experiment.figures:
        raise FigureError(f"experiment '{run.experiment.name}' has no figure '{figure}' "
                          f"(it has: {', '.join(run.experiment.figures)})")
    if figure == STUDY_FIGURE:  # the record's runs (checked against this run), not this run's results
        summary = study.summary(run.experiment.name, run)
        results = {"accuracies": list(summary.accuracies.items()), "claim": run.experiment.claim,
                   "page_seed": study.SEEDS[0]}
        data, load_arrays = results, dict
    else:
        results, data = run.results, run.run_info["key"]
        def load_arrays():
            return dict(np.load(run.file("arrays.npz"))) if run.file("arrays.npz").is_file() else {}
    recipe = json.dumps([data, Path(__file__).read_text(), lang, figure, words], sort_keys=True)
    cache = settings.current().figure_cache_dir
    stem = f"{run.experiment.name}-{figure}-{lang}-{hashlib.sha256(recipe.encode()).hexdigest()[:16]}"
    # The page, its notebook page and the site's files all ask for the same drawing in one build.
    if (cache, stem) in _drawn:
        return _drawn[cache, stem]
    paths = {f"{figure}{suffix}.png": cache / f"{stem}{suffix}.png" for suffix in VARIANTS}
    if all(path.is_file() for path in paths.values()):
        _drawn[cache, stem] = {name: path.read_bytes() for name, path in paths.items()}
        return _drawn[cache, stem]
    arrays = load_arrays()
    # The phone layout is drawn by a helper process while this one draws the wide one: a cold
    # build draws every figure of every language, and the build itself uses one core.
    phone = _helper().submit(_draw_layout, figure, results, arrays, words, lang, "narrow")
    drawn = _draw_layout(figure, results, arrays, words, lang, "wide")
    drawn.update(phone.result())
    cache.mkdir(parents=True, exist_ok=True)
    for name, path in paths.items():
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(drawn[name])
        os.replace(tmp, path)
    _drawn[cache, stem] = drawn
    return drawn


PHONE = "(max-width: 519px)"  # below this the desktop drawing's labels would be under 9 CSS px


def markup(base: str, pngs: dict[str, bytes], number: str, caption_text: str, alt: str, words: dict) -> str:
    """A numbered <figure> as raw HTML (no blank line inside, so Markdown leaves it alone): the phone
    drawing below PHONE, the desktop one above, and a link to the full-size drawing (figures.js
    opens it in place; without JS it is a link). `base` is the figure's URL without ".png"."""
    part = base.rsplit("/", 1)[-1]
    desktop, phone = png_info(pngs[f"{part}.png"]), png_info(pngs[f"{part}-phone.png"])
    label = html.escape(words["figure_number"].format(number=number), quote=False)
    return (f'<figure class="site-figure" id="figure-{number.replace(".", "-")}">\n'
            f'<a class="site-figure__zoom" href="{base}@2x.png" title="{html.escape(words["figure_open"])}"'
            f' data-close="{html.escape(words["figure_close"])}">'
            f'<picture><source media="{PHONE}" srcset="{base}-phone.png"'
            f' width="{phone["width"]}" height="{phone["height"]}">'
            f'<img src="{base}.png" srcset="{base}.png 1x, {base}@2x.png 2x" alt="{html.escape(alt)}"'
            f' width="{desktop["width"]}" height="{desktop["height"]}"'
            f' loading="lazy" decoding="async"></picture></a>\n'
            f'<figcaption><span class="site-figure__number">{label}</span>'
            f' {html.escape(caption_text, quote=False)}</figcaption>\n'
            f'</figure>')
