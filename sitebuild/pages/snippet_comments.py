"""The snippets in each language: the same program, comments in the reader's language.

`snippets/*.py` hold the article's comments (Chinese) and the site's own
(some English). `snippets/comments.yml` gives every comment and docstring that
a page shows, in every language. For each language the build writes a variant
of the snippets folder (in the build's own folder, settings.py), in which each such
comment or docstring is replaced by its text in that language; nothing else
changes, token for token (a test compares the token streams). The pages of a
language include their variant (pymdownx.snippets reads from that folder), the
notebooks are made from it, and the build still executes `snippets/<name>.py`
itself, once.

A shown comment without an entry for a language fails the build, naming the
file, the line and the language.
"""
import io
import re
import shutil
import tokenize
from functools import cache
from pathlib import Path

import yaml

from sitebuild import settings
from sitebuild.engine.sections import MARKER
from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT

COMMENTS_FILE = "snippets/comments.yml"


class CommentTranslationError(BuildError):
    pass


def _entries(root: Path) -> tuple[dict, ...]:
    path = root / COMMENTS_FILE
    return _read_entries(path, path.stat().st_mtime_ns)  # re-read when the file changes (dev server)


@cache
def _read_entries(path: Path, mtime_ns: int) -> tuple[dict, ...]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as err:
        raise CommentTranslationError(f"{COMMENTS_FILE}: not valid YAML: {err}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CommentTranslationError(f"{COMMENTS_FILE}: expected a list of {{language: text}} entries")
    return tuple(entries)


def _translation(text: str, lang: str, where: str, root: Path) -> str:
    for entry in _entries(root):
        if text in entry.values():
            if lang not in entry:
                raise CommentTranslationError(f"{where}: {COMMENTS_FILE} has no '{lang}' for {text!r}")
            return entry[lang]
    raise CommentTranslationError(f"{where}: the comment {text!r} is shown on the pages but has no entry "
                                  f"in {COMMENTS_FILE} (give its text in every language)")


def _shown_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines inside a named section (what the pages include)."""
    shown, inside = set(), False
    for number, line in enumerate(lines, 1):
        match = MARKER.match(line)
        if match:
            inside = match.group(1) == "start"
        elif inside:
            shown.add(number)
    return shown


def _docstring_tokens(tokens: list[tokenize.TokenInfo]) -> list[tokenize.TokenInfo]:
    """STRING tokens that are a statement of their own (docstrings)."""
    found = []
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        before = next((t for t in reversed(tokens[:i]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if (before is None or before.type in (tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT)) \
                and after is not None and after.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            found.append(token)
    return found


STRING_PARTS = re.compile(r'^(?P<prefix>[rRuU]?)(?P<quote>"""|\'\'\'|"|\')(?P<body>.*)(?P=quote)$', re.S)


def variant_text(path: Path, lang: str, root: Path = PROJECT_ROOT) -> str:
    """The file's text with every shown comment and docstring in `lang`."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    shown = _shown_lines([line.rstrip("\n") for line in lines])
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    replacements = []  # (line, start col, end col, new text); all on one line
    for token in tokens:
        (row, col), (end_row, end_col) = token.start, token.end
        if row not in shown:
            continue
        where = f"{path.relative_to(root)}:{row}"
        if token.type == tokenize.COMMENT and not MARKER.match(token.line):
            body = token.string[1:].strip()
            replacements.append((row, col, end_col, "# " + _translation(body, lang, where, root)))
    for token in _docstring_tokens(tokens):
        (row, col), (end_row, end_col) = token.start, token.end
        if row not in shown:
            continue
        parts = STRING_PARTS.match(token.string)
        if row != end_row or not parts:
            raise CommentTranslationError(f"{path.relative_to(root)}:{row}: a shown docstring must be one line")
        where = f"{path.relative_to(root)}:{row}"
        new_body = _translation(parts["body"], lang, where, root)
        replacements.append((row, col, end_col, f"{parts['prefix']}{parts['quote']}{new_body}{parts['quote']}"))
    for row, col, end_col, new in sorted(replacements, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[end_col:]
    return "".join(lines)


def write_variants(lang: str, root: Path = PROJECT_ROOT) -> Path:
    """Write the language's `snippets/` into this build's folder for it and return that folder
    (the include base; settings.py names it)."""
    base = settings.current().snippet_variants_dir(lang)
    target = base / "snippets"
    staging = base.with_name(f".{lang}-writing")
    shutil.rmtree(staging, ignore_errors=True)
    for source in sorted((root / "snippets").rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        out = staging / "snippets" / source.relative_to(root / "snippets")
        out.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".py":
            out.write_text(variant_text(source, lang, root), encoding="utf-8")
        else:
            shutil.copyfile(source, out)
    shutil.rmtree(target, ignore_errors=True)
    base.mkdir(parents=True, exist_ok=True)
    (staging / "snippets").rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return base


def variant_path(path: Path, lang: str, root: Path = PROJECT_ROOT) -> Path:
    """Where the language's variant of a snippets/ file is (after write_variants)."""
    return settings.current().snippet_variants_dir(lang) / path.relative_to(root)
