"""The image link previews show (Open Graph / Twitter cards): the site's title and author.

Self-hosted, one per language, 1200 x 630 px (the size the cards use), drawn
with matplotlib and cached in the figure cache under a hash of what it shows.
"""
import hashlib
import io
import json
import os
import textwrap
from pathlib import Path

from sitebuild import settings
from sitebuild.reader import figures

SIZE = (1200, 630)
PATH = "assets/social-card.png"  # in each language's site
BACKGROUND, FOREGROUND, MUTED = "#303f9f", "#ffffff", "#c5cae9"  # Material's indigo, as in the header


def card_png(lang: str, title: str, subtitle: str, author: str) -> bytes:
    recipe = json.dumps([Path(__file__).read_text(), lang, title, subtitle, author])
    digest = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    path = settings.current().figure_cache_dir / f"social-card-{lang}-{digest}.png"
    if path.is_file():
        return path.read_bytes()
    plt = figures._pyplot("zh")  # CJK fonts in every language: the author's name is Chinese
    dpi = 100
    fig = plt.figure(figsize=(SIZE[0] / dpi, SIZE[1] / dpi), dpi=dpi, facecolor=BACKGROUND)
    width = 16 if lang == "zh" else 34  # characters per title line
    fig.text(0.07, 0.80, "\n".join(textwrap.wrap(title, width)), color=FOREGROUND, fontsize=40,
             fontweight="bold", va="top", linespacing=1.3)
    fig.text(0.07, 0.30, "\n".join(textwrap.wrap(subtitle, 2 * width)), color=MUTED, fontsize=20,
             va="top", linespacing=1.4)
    fig.text(0.07, 0.08, author, color=FOREGROUND, fontsize=18, va="bottom")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=BACKGROUND)
    plt.close(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")  # whole or absent: another build may read it now
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)
    return buffer.getvalue()
