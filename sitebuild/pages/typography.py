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
4. A section sign is Latin too: `与 §5.2.1 相同`, and so is a link whose text
   starts or ends with Latin letters, digits or §: `本文 [§5.2.1](05-project.md#data) 的代码`.
5. A unit of bytes is spaced from its number, `16 GB` like `11 MB`; image and
   window sizes use the multiplication sign, `28×28`, `2×2` (every language).
6. In the site's own Chinese words (errata and site notes) English titles are
   cited in 《》, never in italics: `《Long Short-Term Memory》`.

Code blocks, display math, includes, link targets, HTML and the ids of
headings and errata are left alone. `docs/glossary.yml` follows rules 1, 3 and 5
in its `zh:` lines and 3 and 5 in the others (its quotes are YAML's).
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
CJK_THEN_LATIN = re.compile(rf"([{CJK}])([A-Za-z0-9§])")
LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9%])([{CJK}])")
CJK_THEN_LATIN_LINK = re.compile(rf"([{CJK}])(\[[A-Za-z0-9§][^\]\n]*\]\()")  # 本文[§5.2.1](…) -> 本文 [§5.2.1](…)
LATIN_LINK_END = re.compile(r"[A-Za-z0-9§.%]$")  # link text that ends like a Latin word
SPACED_PERCENT = re.compile(r"(\d) %")
BYTES_UNIT = re.compile(r"(\d)(KB|MB|GB|TB)\b")
DIMENSIONS = re.compile(r"(?<=\d)x(?=\d)")
# An English title in italics in Chinese text (not **bold**): *Long Short-Term Memory*
ITALIC_TITLE = re.compile(r" ?(?<![*\w])\*(?![*\s])([A-Za-z][^*\n]*?)(?<![*\s])\*(?![*\w]) ?")  # 《》 take no spaces
OWN_WORDS_START = re.compile(r"^[ \t]*(/// erratum\b|\*\*本站补充：\*\*)")
SKIPPED_LINE = re.compile(r"^\s*(attrs:|--8<--|<|\|?\s*$)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|\$\$)")


def _fix_prose(text: str, chinese: bool, own_words: bool = False) -> str:
    text = DIMENSIONS.sub("×", BYTES_UNIT.sub(r"\1 \2", text))
    if not chinese:
        return text
    if own_words:
        text = ITALIC_TITLE.sub(r"《\1》", text)
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
    found = [("latin" if m["latin"] or (m[0].startswith("](") and LATIN_LINK_END.search(line[:m.start()]))
              else "neutral", *m.span()) for m in NOT_PROSE.finditer(line)]
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


def fix_line(line: str, chinese: bool, own_words: bool = False, quotes: bool = True) -> str:
    """The line following the rules; `own_words`: it is the site's (an erratum or a site note)."""
    line = SPACED_PERCENT.sub(r"\1%", line)
    if chinese and quotes and re.search(f"[{CJK}]", line):
        line = _chinese_quotes_outside(line)
    if chinese:  # the link as a whole is a Latin word; its target is not prose
        line = CJK_THEN_LATIN_LINK.sub(r"\1 \2", line)
    pieces, last = [], 0
    for kind, start, end in _protected(line):
        pieces += [("prose", line[last:start]), (kind, line[start:end])]
        last = end
    pieces.append(("prose", line[last:]))
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "prose":
            text = _fix_prose(text, chinese, own_words)
        if not text:
            continue
        if chinese and out:
            previous_kind, previous = out[-1]
            if (previous_kind == "latin" and _is_cjk(text[0])) or (kind == "latin" and _is_cjk(previous[-1])):
                text = " " + text
        out.append((kind, text))
    return "".join(text for _, text in out)


def fix_text(text: str, chinese: bool) -> str:
    lines, in_block, in_erratum, in_note = [], False, False, False
    for line in text.split("\n"):
        if FENCE.match(line):
            in_block = not in_block
            lines.append(line)
            continue
        own = OWN_WORDS_START.match(line)
        in_erratum = in_erratum or bool(own and own[1].startswith("///"))
        in_note = (in_note or bool(own and not own[1].startswith("///"))) and bool(line.strip())
        if in_erratum and line.strip() == "///":
            in_erratum = False
        skip = in_block or SKIPPED_LINE.match(line)
        lines.append(line if skip else fix_line(line, chinese, own_words=in_erratum or in_note))
    return "\n".join(lines)


GLOSSARY = "glossary.yml"


def fix_glossary(text: str) -> str:
    """docs/glossary.yml: each `zh:` line as Chinese text, the others as any language; quotes stay
    ASCII (YAML's)."""
    return "\n".join(fix_line(line, line.lstrip().startswith("zh:"), quotes=False) for line in text.split("\n"))


def violations(path: Path, chinese: bool = False) -> list[str]:
    text = path.read_text(encoding="utf-8")
    fixed = fix_glossary(text) if path.name == GLOSSARY else fix_text(text, chinese)
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
    glossary = languages.get(languages.codes()[0]).docs_dir.parent / GLOSSARY
    if args.fix:
        glossary.write_text(fix_glossary(glossary.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        found += violations(glossary)
    print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(exit_status(main))
