"""Typeset every formula at build time with the project's own KaTeX (npm).

pymdownx.arithmatex (generic mode) leaves `\\(...\\)` and `\\[...\\]` in
elements of class `arithmatex`; we replace each with KaTeX's HTML + MathML.
Readers download only KaTeX's CSS and woff2 fonts from this site: no
JavaScript, no CDN, and nothing left for a browser to typeset.
"""
import html
import json
import re
import subprocess
from pathlib import Path

from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT

KATEX_DIST = PROJECT_ROOT / "node_modules" / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.js")
ARITHMATEX = re.compile(
    r'<(span|div) class="arithmatex">\s*(\\\(|\\\[)(.*?)(\\\)|\\\])\s*</\1>', re.S)


class MathError(BuildError):
    pass


# KaTeX's output depends only on the formulas: a process that builds again (the dev
# server's builder) reuses it instead of starting node for every page (~0.1 s each).
_rendered: dict[str, list[str]] = {}


def render_formulas(formulas: list[tuple[str, bool]], where: str) -> list[str]:
    if not KATEX_DIST.is_dir():
        raise MathError("KaTeX is not installed: run `npm ci` in the project root")
    payload = json.dumps([{"tex": t, "display": d} for t, d in formulas])
    if payload not in _rendered:
        done = subprocess.run(["node", str(RENDERER)], input=payload, capture_output=True,
                              text=True, cwd=PROJECT_ROOT)
        if done.returncode != 0:
            raise MathError(f"{where}: {done.stderr.strip()}")
        _rendered[payload] = json.loads(done.stdout)
    return _rendered[payload]


def typeset(page_html: str, where: str) -> tuple[str, int]:
    """Return the page with every formula rendered, and how many there were."""
    matches = list(ARITHMATEX.finditer(page_html))
    if not matches:
        return page_html, 0
    rendered = render_formulas(
        [(html.unescape(m.group(3)).strip(), m.group(1) == "div") for m in matches], where)
    pieces, last = [], 0
    for match, formula in zip(matches, rendered, strict=True):
        pieces += [page_html[last:match.start()], formula]
        last = match.end()
    pieces.append(page_html[last:])
    return "".join(pieces), len(matches)


def searchable(page_html: str) -> str:
    """The page as the search index should read it: each formula once, as its TeX in <code>.
    Typeset, a formula holds its text three times over (KaTeX's glyphs, the MathML, the TeX
    annotation), and a search preview would show all three run together."""
    return ARITHMATEX.sub(lambda m: f"<code>{m.group(3).strip()}</code>", page_html)


def katex_assets() -> dict[str, bytes]:
    """KaTeX's stylesheet with woff2 fonts only (every browser that runs the site has woff2)."""
    css = (KATEX_DIST / "katex.min.css").read_text()
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    assets = {"assets/katex/katex.min.css": css.encode()}
    for font in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
        assets[f"assets/katex/fonts/{font.name}"] = font.read_bytes()
    return assets
