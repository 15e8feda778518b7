"""The Chinese pages' typography, checked and fixed by one set of rules.

    python -m sitebuild typography          report every violation (file:line), exit 1 if any
    python -m sitebuild typography --fix    rewrite the pages to follow the rules

The rules (CONTRIBUTING.md explains them):

1. A space between Chinese characters and Latin letters or digits, on both
   sides: `使用 Python 编程语言`, `第 1 轮`. Inline code, inline math and
   run values count as Latin: `代码中的 `x` 是`, `其中 $k$ 表示`. No space next
   to full-width punctuation: `（CNN）`, `CNN，`.
2. Chinese text is quoted with “ ”, never with ASCII "…".
3. The percent sign follows its number without a space: `98.73%` (in every
   language; the run values are printed that way too).

Code blocks, display math, includes, link targets, HTML and the ids of
headings and errata are left alone.
"""
import argparse
import re
import sys
from pathlib import Path

from sitebuild import languages
from sitebuild.errors import exit_status
from sitebuild.pages import directives

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Pieces of a line that are not prose; `latin` ones take spaces like a Latin word. Directives
# are found by directives.find and treated as their entry in the registry says.
NOT_PROSE = re.compile(
    r"(?P<latin>`[^`]+`|\$[^$\n]+\$)"
    r"|(?P<neutral>\]\([^)\s]*\)|\{\s*#[\w-]+\s*\}|<[^>\n]+>|https?://\S+)")
CJK_THEN_LATIN = re.compile(rf"([{CJK}])([A-Za-z0-9])")
LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9%])([{CJK}])")
SPACED_PERCENT = re.compile(r"(\d) %")
SKIPPED_LINE = re.compile(r"^\s*(attrs:|--8<--|<|\|?\s*$)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|\$\$)")


def _fix_prose(text: str) -> str:
    text = CJK_THEN_LATIN.sub(r"\1 \2", text)
    return LATIN_THEN_CJK.sub(r"\1 \2", text)


def _chinese_quotes(line: str) -> str:
    """ASCII quotes, paired left to right, become “ ” (a line with an odd number is left alone)."""
    if line.count('"') % 2:
        return line
    parts = line.split('"')
    return "".join(part + ("" if i == len(parts) - 1 else "“”"[i % 2]) for i, part in enumerate(parts))


def _is_cjk(char: str) -> bool:
    return bool(re.match(f"[{CJK}]", char))


def _protected(line: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the pieces of a line that are not prose, left to right; "latin" pieces
    take spaces like a Latin word, "neutral" ones none. A block directive is neutral: it stands alone."""
    found = [("latin" if m["latin"] else "neutral", *m.span()) for m in NOT_PROSE.finditer(line)]
    for occurrence in directives.find(line):
        known = directives.DIRECTIVES.get(occurrence.name)
        found.append(("latin" if known and known.typography == directives.LATIN else "neutral", *occurrence.span))
    kept, end = [], 0
    for kind, start, stop in sorted(found, key=lambda piece: (piece[1], -piece[2])):
        if start >= end:  # the first of overlapping pieces wins (a directive inside inline code is code)
            kept.append((kind, start, stop))
            end = stop
    return kept


def _chinese_quotes_outside(line: str) -> str:
    """Chinese quotes in the prose of a line; quotes inside code, math and HTML stay ASCII."""
    if any(line.count('"', a, b) for _, a, b in _protected(line)):
        return line  # e.g. an HTML attribute: leave the line to a person
    return _chinese_quotes(line)


def fix_line(line: str, chinese: bool) -> str:
    line = SPACED_PERCENT.sub(r"\1%", line)
    if not chinese:
        return line
    if re.search(f"[{CJK}]", line):
        line = _chinese_quotes_outside(line)
    pieces, last = [], 0
    for kind, start, end in _protected(line):
        pieces += [("prose", line[last:start]), (kind, line[start:end])]
        last = end
    pieces.append(("prose", line[last:]))
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "prose":
            text = _fix_prose(text)
        if not text:
            continue
        if out:
            previous_kind, previous = out[-1]
            if (previous_kind == "latin" and _is_cjk(text[0])) or (kind == "latin" and _is_cjk(previous[-1])):
                text = " " + text
        out.append((kind, text))
    return "".join(text for _, text in out)


def fix_text(text: str, chinese: bool) -> str:
    lines, in_block = [], False
    for line in text.split("\n"):
        if FENCE.match(line):
            in_block = not in_block
            lines.append(line)
            continue
        skip = in_block or SKIPPED_LINE.match(line)
        lines.append(line if skip else fix_line(line, chinese))
    return "\n".join(lines)


def violations(path: Path, chinese: bool) -> list[str]:
    text = path.read_text(encoding="utf-8")
    fixed = fix_text(text, chinese)
    return [f"{path}:{number}: {old.strip()[:80]!r} -> {new.strip()[:80]!r}"
            for number, (old, new) in enumerate(zip(text.split("\n"), fixed.split("\n"), strict=True), 1)
            if old != new]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild typography", description=__doc__.split("\n")[0])
    parser.add_argument("--fix", action="store_true", help="rewrite the pages instead of reporting")
    args = parser.parse_args(argv)
    found = []
    for lang in languages.languages():
        for page in sorted(lang.docs_dir.glob("*.md")):
            chinese = lang.code.startswith("zh")
            if args.fix:
                page.write_text(fix_text(page.read_text(encoding="utf-8"), chinese), encoding="utf-8")
            else:
                found += violations(page, chinese)
    print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(exit_status(main))
