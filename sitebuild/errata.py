"""Collect the erratum blocks of all pages for the errata page.

A block is `/// erratum | title` followed by `attrs: {id: erratum-...}`; it
may be indented (inside a list item).
"""
import re
from dataclasses import dataclass
from pathlib import Path

BLOCK = re.compile(r"^[ \t]*/// erratum \| (?P<title>.+?)\s*\n[ \t]*attrs: \{id: (?P<id>[\w-]+)\}",
                   re.M)
PAGE_TITLE = re.compile(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", re.M)


@dataclass
class Erratum:
    page: str   # file name relative to the language's docs folder
    page_title: str
    id: str
    title: str


def collect(docs_dir: Path) -> list[Erratum]:
    found = []
    for page in sorted(docs_dir.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        title = PAGE_TITLE.search(text)
        for block in BLOCK.finditer(text):
            found.append(Erratum(page.name, title.group(1) if title else page.stem,
                                 block.group("id"), block.group("title")))
    return found


def markdown_list(errata: list[Erratum]) -> str:
    lines, current = [], None
    for e in errata:
        if e.page != current:
            current = e.page
            lines += ["", f"**[{e.page_title}]({e.page})**", ""]
        lines.append(f"- [{e.title}]({e.page}#{e.id})")
    return "\n".join(lines).strip() + "\n"
