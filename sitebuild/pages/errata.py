"""Collect the erratum blocks of all pages for the errata page.

A block is `/// erratum | title` followed by its attrs line,
`attrs: {id: erratum-..., data-kind: <kind>}`; it may be indented (inside a
list item). The kind sits with the erratum so that both languages state it
where the erratum is written (the tests check they agree); pymdownx.blocks
puts it on the box as `data-kind`. The errata page groups the list under one
heading per page (so it has a table of contents) and counts errata by kind.
"""
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.pages import structure
from sitebuild.settings import PROJECT_ROOT

# In the order the errata page lists them; each has a word under extra.words.errata.kinds.
KINDS = ("formula", "fact", "output", "accuracy", "reference")

START = re.compile(r"^[ \t]*/// erratum\b[ \t]*(?:\|[ \t]*(?P<title>.*?))?[ \t]*$", re.M)
ATTRS = re.compile(r"^[ \t]*attrs:[ \t]*(?P<attrs>\{.*\})[ \t]*$")


class ErratumError(BuildError):
    pass


@dataclass
class Erratum:
    page: str   # file name relative to the language's docs folder
    page_title: str
    id: str
    title: str
    kind: str
    lang: str   # the docs folder's name: docs/<lang>/
    line: int   # of the `/// erratum` line, 1-based


def _where(path: Path, line: int) -> str:
    try:
        shown = path.resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


def _parse(path: Path, text: str, start: re.Match) -> tuple[str, str, str]:
    """(id, kind, title) of the block starting at `start`, or an error naming file:line."""
    line = text.count("\n", 0, start.start()) + 1
    where = _where(path, line)
    following = text[start.end() + 1:].split("\n", 1)[0]
    attrs_line = ATTRS.match(following)
    usage = f"attrs: {{id: erratum-..., data-kind: {'|'.join(KINDS)}}}"
    if not start.group("title"):
        raise ErratumError(f"{where}: erratum without a title (`/// erratum | title`)")
    if not attrs_line:
        raise ErratumError(f"{where}: erratum lacks its attrs line on the next line ({usage})")
    try:
        attrs = yaml.safe_load(attrs_line.group("attrs"))
    except yaml.YAMLError:
        attrs = None
    if not isinstance(attrs, dict):
        raise ErratumError(f"{_where(path, line + 1)}: attrs line is not a mapping ({usage})")
    ident, kind = str(attrs.get("id", "")), attrs.get("data-kind")
    if not ident.startswith("erratum-"):
        raise ErratumError(f"{_where(path, line + 1)}: erratum id must start with 'erratum-' ({usage})")
    if kind is None:
        raise ErratumError(f"{_where(path, line + 1)}: erratum '{ident}' has no kind ({usage})")
    if kind not in KINDS:
        raise ErratumError(f"{_where(path, line + 1)}: erratum '{ident}' has unknown kind '{kind}' "
                           f"(known: {', '.join(KINDS)})")
    return ident, kind, start.group("title")


def collect(docs_dir: Path) -> list[Erratum]:
    """Every erratum of the pages in `docs_dir`, in reading order."""
    found = []
    pages = structure.read(docs_dir)
    for page in pages.pages:
        for start in START.finditer(page.text):
            ident, kind, erratum_title = _parse(pages.docs_dir / page.file, page.text, start)
            found.append(Erratum(page.file, page.title, ident, erratum_title,
                                 kind, pages.docs_dir.name, page.text.count("\n", 0, start.start()) + 1))
    return found


def _short(title: str, prefix: str) -> str:
    """The title without the prefix every erratum shares ("Erratum: "); the page says it once."""
    if prefix and title.startswith(prefix):
        # Sentence case from the first letter, also after an opening quote.
        return re.sub(r"^(\W*)(\w)", lambda m: m[1] + m[2].upper(), title[len(prefix):], count=1)
    return title


def markdown_list(errata: list[Erratum], words: dict | None = None) -> str:
    """The errata page's body: counts by kind, then one h2 per page with its errata."""
    if not errata:
        return ""
    if words is None:
        words = languages.get(errata[0].lang).words
    w = words["errata"]
    counts = Counter(e.kind for e in errata)
    pages = list(dict.fromkeys(e.page for e in errata))
    lines = [f"## {w['by_kind']} {{ #by-kind }}", "",
             w["summary"].format(total=len(errata), pages=len(pages)), "",
             '<ul class="errata-counts">']
    lines += [f'<li data-kind="{kind}">{w["kinds"][kind]} <strong>{counts[kind]}</strong></li>' for kind in KINDS]
    lines += ["</ul>", ""]
    current = None
    for e in errata:
        if e.page != current:
            current = e.page
            lines += ["", f"## [{e.page_title}]({e.page}) {{ #{Path(e.page).stem} }}", ""]
        lines.append(f"- [{_short(e.title, w['prefix'])}]({e.page}#{e.id})"
                     f" <span class=\"erratum-kind\" data-kind=\"{e.kind}\">{w['kinds'][e.kind]}</span>")
    return "\n".join(lines).strip() + "\n"
