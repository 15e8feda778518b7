"""Find anything in the built site that would make a browser contact another host.

Links a reader clicks (`<a href>`) are navigation, not requests, and are
allowed; so are `rel=canonical` / `rel=alternate` links. What is reported:
`src`/`href` of loaded elements in HTML, `url()` / `@import` in CSS, and
URLs inside JavaScript, except the few strings of Material's bundle that are
dead code on this site (listed below with why).
"""
import re
from pathlib import Path
from urllib.parse import urlparse

LOADED_IN_HTML = re.compile(
    r"<(?!a[\s>])(\w+)\b[^>]*?\s(?:src|href|srcset|data|poster)=[\"']((?:https?:)?//[^\"']+)", re.I)
SAFE_LINK_REL = re.compile(r"<link\b[^>]*\brel=[\"']?(canonical|alternate)", re.I)
URL_IN_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])((?:https?:)?//[^\"')\s]+)", re.I)
URL_IN_JS = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'`)]*", re.I)

# Material's bundle names these hosts, in code this site never reaches:
DORMANT_IN_MATERIAL_BUNDLE = {
    "api.github.com": "repository facts: only with `repo_url` on GitHub (we set none)",
    "unpkg.com": "mermaid / ResizeObserver polyfill: only with a diagram / an old browser",
    "clipboardjs.com": "licence comment of the bundled clipboard.js",
    "github.com": "licence comments of bundled libraries",
    "www.w3.org": "XML namespace names (SVG), never fetched",
}


def _host(url: str) -> str:
    return urlparse(url if "://" in url else "https:" + url).hostname or ""


def find(site_dir: Path, own_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> list[str]:
    problems = []
    for path in sorted(site_dir.rglob("*")):
        suffix = path.suffix
        if suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(site_dir)
        if suffix == ".html":
            for tag in re.finditer(r"<[^>]+>", text):
                if SAFE_LINK_REL.match(tag.group(0)):
                    continue
                for m in LOADED_IN_HTML.finditer(tag.group(0)):
                    if _host(m.group(2)) not in own_hosts:
                        problems.append(f"{rel}: <{m.group(1)}> loads {m.group(2)}")
        elif suffix == ".css":
            problems += [f"{rel}: {u}" for u in URL_IN_CSS.findall(text)
                         if _host(u) not in own_hosts]
        else:
            for m in URL_IN_JS.finditer(text):
                host = _host(m.group(0))
                if host not in own_hosts and host not in DORMANT_IN_MATERIAL_BUNDLE:
                    problems.append(f"{rel}: {m.group(0)[:80]}")
    return problems
