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
URL_IN_JS = re.compile(r"https?://[a-z0-9.-]+\.[a-z]{2,}[^\s\"'`)]*", re.I)

# URLs that Material's JavaScript contains as text, each in code this site
# never runs or in a message; matched by prefix, so nothing else slips through.
DORMANT_JS_URLS = {
    "https://api.github.com/repos/": "repository facts: only with `repo_url` (we set none)",
    "https://api.github.com/users/": "repository facts: only with `repo_url` (we set none)",
    "https://unpkg.com/mermaid": "only on pages with a mermaid diagram (we have none)",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver",
    "https://clipboardjs.com/": "text of clipboard.js's error message",
    "https://bit.ly/2s3ChXG": "text of the search worker's console warning",
    "https://github.com/isaacs/node-glob/issues/167": "text of an error message in lunr's wordcut.js",
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
            # Comments (licences, docs) name hosts but load nothing.
            code = re.sub(r"/\*[\s\S]*?\*/|(?:^|(?<=[\s;{}]))//[^\n]*", "", text)
            for m in URL_IN_JS.finditer(code):
                url = m.group(0)
                if _host(url) not in own_hosts and not url.startswith(tuple(DORMANT_JS_URLS)):
                    problems.append(f"{rel}: {m.group(0)[:80]}")
    return problems
