"""Reading the Markdown sources of the pages, for the tests."""
import re
from pathlib import Path

from sitebuild import languages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGS = tuple(languages.codes())

HEADING = re.compile(r"^(#{1,6}) .*?\{\s*#([\w-]+)\s*\}\s*$", re.M)
ANY_HEADING = re.compile(r"^#{1,6} ", re.M)
INCLUDE = re.compile(r'--8<-- "([^"]+)"')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.M | re.S)
DISPLAY_MATH = re.compile(r"^\s*\$\$\s*$\n.*?^\s*\$\$\s*$", re.M | re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?=\S)(.+?)(?<=\S)(?<![\\$])\$(?!\$)")
ERRATUM_ID = re.compile(r"attrs: \{id: ([\w-]+)\}")


def pages(lang: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((DOCS / lang).glob("*.md"))}


def without_code(text: str) -> str:
    return FENCE.sub("", text)


def heading_ids(text: str) -> list[str]:
    return [m.group(2) for m in HEADING.finditer(without_code(text))]


def formula_counts(text: str) -> tuple[int, int]:
    text = without_code(text)
    display = len(DISPLAY_MATH.findall(text))
    inline = len(INLINE_MATH.findall(DISPLAY_MATH.sub("", text)))
    return display, inline
