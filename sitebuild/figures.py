"""Figures drawn from an experiment's cached results, with words in the page's language.

Drawing costs no training: it reads `results.json` / `arrays.npz` of the run.
A figure is cached under a hash of the run's key, this file, the language and
its words (`extra.words.figures` of the language's config).
"""
import hashlib
import io
import json
import os
from pathlib import Path

import numpy as np

from sitebuild import settings
from sitebuild.errors import BuildError

CJK_FONT = "Noto Sans CJK SC"


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
                            "axes.unicode_minus": False, "figure.dpi": 100})
    return pyplot


def _curves(plt, results, arrays, w):
    history = results["history"]
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for ax, metric in zip(axes, ("loss", "accuracy"), strict=True):
        ax.plot(epochs, history[metric], "o-", label=w["train"])
        ax.plot(epochs, history[f"val_{metric}"], "s--", label=w["val"])
        ax.set_xlabel(w["epoch"]); ax.set_ylabel(w[metric]); ax.set_xticks(epochs)
        ax.grid(alpha=0.3); ax.legend()
    fig.suptitle(w["curves_title"])
    return fig


def _digits(plt, results, arrays, w):
    from snippets.vendored_mnist import VENDORED_MNIST  # here: importing `snippets` checks the data
    with np.load(VENDORED_MNIST) as data:
        images = data["x_test"]
    labels, predicted = arrays["labels"], arrays["probabilities"].argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    shown = list(range(24)) + [i for i in wrong if i >= 24][:8]
    fig, axes = plt.subplots(4, 8, figsize=(9, 5.2))
    for ax, i in zip(axes.flat, shown, strict=False):  # fewer than 32 shown if few are wrong
        ok = predicted[i] == labels[i]
        ax.imshow(images[i], cmap="gray_r")
        title = f"{w['pred']} {predicted[i]}" + ("" if ok else f"\n{w['true']} {labels[i]}")
        ax.set_title(title, fontsize=9, color="black" if ok else "#c62828")
        ax.set_xticks([]); ax.set_yticks([])
        if not ok:
            for spine in ax.spines.values():
                spine.set_color("#c62828"); spine.set_linewidth(2)
    fig.suptitle(w["digits_title"])
    fig.tight_layout()
    return fig


def _confusion(plt, results, arrays, w):
    labels, predicted = arrays["labels"], arrays["probabilities"].argmax(axis=1)
    matrix = np.zeros((10, 10), dtype=int)
    np.add.at(matrix, (labels, predicted), 1)
    fig, ax = plt.subplots(figsize=(6, 5.2))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    for (r, c), n in np.ndenumerate(matrix):
        ax.text(c, r, str(n), ha="center", va="center", fontsize=8,
                color="white" if r == c else ("#c62828" if n else "#999999"))
    ax.set_xticks(range(10)); ax.set_yticks(range(10))
    ax.set_xlabel(w["predicted"]); ax.set_ylabel(w["actual"]); ax.set_title(w["confusion_title"])
    return fig


def _loss_curve(plt, results, arrays, w):
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(np.arange(len(results["losses"])), results["losses"])
    ax.set_yscale("log"); ax.set_xlabel(w["step"]); ax.set_ylabel(w["mse"]); ax.grid(alpha=0.3)
    return fig


DRAWERS = {"curves": _curves, "digits": _digits, "confusion": _confusion, "loss_curve": _loss_curve}


def figure_png(run, figure: str, lang: str, words: dict) -> bytes:
    """PNG bytes of one figure of a run, labelled with `words`, from the figure cache when possible."""
    if figure not in run.experiment.figures:
        raise FigureError(f"experiment '{run.experiment.name}' has no figure '{figure}' "
                          f"(it has: {', '.join(run.experiment.figures)})")
    recipe = json.dumps([run.run_info["key"], Path(__file__).read_text(), lang, figure, words],
                        sort_keys=True)
    cache = settings.current().figure_cache_dir
    path = cache / f"{run.experiment.name}-{figure}-{lang}-" \
                          f"{hashlib.sha256(recipe.encode()).hexdigest()[:16]}.png"
    if path.is_file():
        return path.read_bytes()
    plt = _pyplot(lang)
    arrays = dict(np.load(run.file("arrays.npz"))) if run.file("arrays.npz").is_file() else {}
    fig = DRAWERS[figure](plt, run.results, arrays, words)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)
    return buffer.getvalue()
