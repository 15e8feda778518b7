"""The zh–en glossary: one data file (docs/glossary.yml), a page per language.

`{{ glossary }}` on docs/<lang>/glossary.md becomes a table of every term, in
the order the article introduces them: the term in the page's language, its
counterparts in the other languages, a one-line definition, and a link to the
section where the term first appears in that language's pages. A term that
does not appear in some language's pages, or an entry missing a language,
fails the build naming the entry.
"""
import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.pages import structure
from sitebuild.settings import PROJECT_ROOT

GLOSSARY_FILE = "docs/glossary.yml"
NOT_ARTICLE = {"errata.md", "glossary.md"}  # the site's generated pages are not the article
NOT_ARTICLE_SECTIONS = {"contents", "about-site", "cite"}  # the home page's contents, notes on the site, citing it
HEADING = re.compile(r"^(#{1,6}) (?P<text>.*?)\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


class GlossaryError(BuildError):
    pass


@dataclass(frozen=True)
class Term:
    id: str
    abbr: str | None
    terms: dict        # language -> term
    definitions: dict  # language -> definition
    find: dict         # language -> what to look for in the pages (lower case)


@dataclass(frozen=True)
class Appearance:
    page: str      # file name in docs/<lang>/
    anchor: str    # heading id of the section
    section: str   # heading text


def load(codes: list[str], root: Path = PROJECT_ROOT) -> list[Term]:
    try:
        entries = yaml.safe_load((root / GLOSSARY_FILE).read_text(encoding="utf-8")) or []
    except yaml.YAMLError as err:
        raise GlossaryError(f"{GLOSSARY_FILE}: not valid YAML: {err}") from None
    terms, seen = [], set()
    for number, entry in enumerate(entries, 1):
        where = f"{GLOSSARY_FILE}, entry {number} ({entry.get('id', 'no id')})"
        if not entry.get("id") or entry["id"] in seen:
            raise GlossaryError(f"{where}: every entry needs a unique id")
        seen.add(entry["id"])
        missing = [c for c in codes if not isinstance(entry.get(c), dict)
                   or not entry[c].get("term") or not entry[c].get("definition")]
        if missing:
            raise GlossaryError(f"{where}: no term and definition for {', '.join(missing)}")
        terms.append(Term(entry["id"], entry.get("abbr"),
                          {c: entry[c]["term"] for c in codes},
                          {c: entry[c]["definition"] for c in codes},
                          {c: str(entry[c].get("find") or entry[c]["term"]).lower() for c in codes}))
    return terms


def _article(docs_dir: Path) -> list[structure.Page]:
    """The article's pages in reading order."""
    return [page for page in structure.read(docs_dir).pages if page.file not in NOT_ARTICLE]


def first_appearances(terms: list[Term], lang: str, docs_dir: Path) -> dict[str, Appearance]:
    """Where each term first appears in the article's pages of one language (outside code)."""
    found: dict[str, Appearance] = {}
    for page in _article(docs_dir):
        section, anchor, in_code = Path(page.file).stem, "", False
        for line in page.text.splitlines():
            if FENCE.match(line):
                in_code = not in_code
                continue
            heading = HEADING.match(line)
            if heading:
                section, anchor = heading["text"], heading["id"]
            if in_code or anchor in NOT_ARTICLE_SECTIONS:
                continue
            lowered = line.lower()
            for term in terms:
                if term.id not in found and term.find[lang] in lowered:
                    found[term.id] = Appearance(page.file, anchor, section)
    missing = [t.id for t in terms if t.id not in found]
    if missing:
        raise GlossaryError(f"{GLOSSARY_FILE}: these terms appear nowhere in docs/{lang}/: {', '.join(missing)}")
    return found


def markdown_table(lang: str, codes: list[str], words: dict, docs_dir: Path,
                   root: Path = PROJECT_ROOT) -> str:
    terms = load(codes, root)
    where = first_appearances(terms, lang, docs_dir)
    order = {page.file: i for i, page in enumerate(_article(docs_dir))}
    terms.sort(key=lambda t: order[where[t.id].page])  # stable: the file's order within a page
    others = [c for c in codes if c != lang]
    names = {language.code: language.name for language in languages.languages(root)}
    header = [words["glossary_term"], *[names[c] for c in others], words["glossary_definition"],
              words["glossary_first_used"]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for term in terms:
        seen = where[term.id]
        name = html.escape(term.terms[lang]) + (f" ({term.abbr})" if term.abbr else "")
        cells = [f'<span id="term-{term.id}"></span>**{name}**',
                 *[html.escape(term.terms[c]) for c in others],
                 html.escape(term.definitions[lang]),
                 f"[{html.escape(seen.section)}]({seen.page}#{seen.anchor})" if seen.anchor
                 else f"[{html.escape(seen.section)}]({seen.page})"]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    # A div with markdown="1" (md_in_html) lets the site's CSS lay the table out as cards on phones.
    return '<div class="glossary" markdown="1">\n\n' + "\n".join(lines) + "\n\n</div>\n"
