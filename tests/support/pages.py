"""Reading the Markdown sources of the pages, for the tests."""
import re
from functools import cache
from pathlib import Path

from sitebuild import languages
from sitebuild.engine.sections import split_sections
from sitebuild.pages import directives, snippet_comments

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = tuple(languages.codes())

HEADING = re.compile(r"^(#{1,6}) .*?\{\s*#([\w-]+)\s*\}\s*$", re.M)
ANY_HEADING = re.compile(r"^#{1,6} ", re.M)
INCLUDE = re.compile(r'--8<-- "([^"]+)"')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.M | re.S)
DISPLAY_MATH = re.compile(r"^\s*\$\$\s*$\n.*?^\s*\$\$\s*$", re.M | re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?=\S)(.+?)(?<=\S)(?<![\\$])\$(?!\$)")
ERRATUM_ID = re.compile(r"attrs: \{id: ([\w-]+)[,}]")


def pages(lang: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((DOCS / lang).glob("*.md"))}


def directives_in(text: str, *names: str) -> list[directives.Occurrence]:
    """The directives of a page's Markdown as the build finds them: all, or those named."""
    return [o for o in directives.find(text) if not names or o.name in names]


def without_code(text: str) -> str:
    return FENCE.sub("", text)


def heading_ids(text: str) -> list[str]:
    return [m.group(2) for m in HEADING.finditer(without_code(text))]


def formula_counts(text: str) -> tuple[int, int]:
    text = without_code(text)
    display = len(DISPLAY_MATH.findall(text))
    inline = len(INLINE_MATH.findall(DISPLAY_MATH.sub("", text)))
    return display, inline


_write_variants = cache(snippet_comments.write_variants)  # once per language per test session


def included_code(lang: str, page: str, python_only: bool = False) -> list[str]:
    """The text each code block of a page should hold: what it includes, from the language's
    variant of snippets/ (the same code, comments in that language)."""
    _write_variants(lang)
    blocks = []
    for target in INCLUDE.findall((DOCS / lang / page).read_text(encoding="utf-8")):
        file, _, section = target.partition(":")
        if python_only and not file.endswith(".py"):
            continue
        path = snippet_comments.variant_path(ROOT / file, lang)
        code = next(s.code for s in split_sections(path) if s.name == section) if section else path.read_text()
        blocks.append(code.strip("\n"))
    return blocks
