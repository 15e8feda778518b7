"""The zh–en glossary: one data file (docs/glossary.yml), a page per language, and links to it.

`{{ glossary }}` on docs/<lang>/glossary.md becomes an index a phone reader can use: a row of
initial letters, then a table per letter, the terms in the reader's alphabetical order (English
by its letters, Chinese by the pinyin of the term, `pypinyin`): the term in the page's language,
its counterparts in the other languages, a one-line definition, and a link to the section where
the term first appears in that language's pages. A term that does not appear in some language's
pages, or an entry missing a language, fails the build naming the entry.

`link_terms` (the page stage: Markdown in, Markdown out) makes the first use of each term on an
article page a link to its entry, with the definition as the link's title (shown on hover); never
inside code, formulas, headings, links, HTML, directives or erratum titles.
"""
import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin, load_phrases_dict

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.pages import structure
from sitebuild.settings import PROJECT_ROOT

GLOSSARY_FILE = "docs/glossary.yml"
NOT_ARTICLE = {"errata.md", "glossary.md"}  # the site's generated pages are not the article
# The home page's sections in the site's own words: its cards, contents, notes on the site, citing it.
NOT_ARTICLE_SECTIONS = {"home", "contents", "about-site", "cite"}
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


# Readings pypinyin's phrase list gets wrong for a term of the glossary (重置 is chóngzhì, "reset").
load_phrases_dict({"重置": [["chóng"], ["zhì"]]})


def sort_key(term: str, lang: str) -> tuple[str, str]:
    """Where a term goes in the reader's alphabetical order: a Chinese term by its pinyin (Latin
    words in it, such as ReLU, by their letters), any other by its letters, case ignored."""
    spelled = " ".join(lazy_pinyin(term)) if lang == "zh" else term
    return spelled.casefold(), term


def initial(term: str, lang: str) -> str:
    """The letter a term is listed under: A–Z, or # for one that starts with neither."""
    first = sort_key(term, lang)[0][:1].upper()
    return first if "A" <= first <= "Z" else "#"


def markdown_table(lang: str, codes: list[str], words: dict, docs_dir: Path,
                   root: Path = PROJECT_ROOT) -> str:
    terms = load(codes, root)
    where = first_appearances(terms, lang, docs_dir)
    terms.sort(key=lambda t: sort_key(t.terms[lang], lang))
    others = [c for c in codes if c != lang]
    names = {language.code: language.name for language in languages.languages(root)}
    header = [words["glossary_term"], *[names[c] for c in others], words["glossary_definition"],
              words["glossary_first_used"]]
    groups: dict[str, list[str]] = {}
    for term in terms:
        seen = where[term.id]
        name = html.escape(term.terms[lang]) + (f" ({term.abbr})" if term.abbr else "")
        cells = [f'<span id="term-{term.id}"></span>**{name}**',
                 *[html.escape(term.terms[c]) for c in others],
                 html.escape(term.definitions[lang]),
                 f"[{html.escape(seen.section)}]({seen.page}#{seen.anchor})" if seen.anchor
                 else f"[{html.escape(seen.section)}]({seen.page})"]
        groups.setdefault(initial(term.terms[lang], lang), []).append(
            "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    index = " ".join(f"[{letter}](#{_letter_id(letter)})" for letter in groups)
    parts = [f"{index}\n{{ .glossary-index }}"]
    for letter, rows in groups.items():
        table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header), *rows]
        # A div with markdown="1" (md_in_html) lets the site's CSS lay the table out as cards on phones.
        parts += [f"## {letter} {{ #{_letter_id(letter)} }}",
                  '<div class="glossary" markdown="1">\n\n' + "\n".join(table) + "\n\n</div>"]
    return "\n\n".join(parts) + "\n"


def _letter_id(letter: str) -> str:
    return "letter-" + (letter.lower() if letter != "#" else "other")


# --- links from the pages to the glossary -------------------------------------------------

# What a line's terms are never linked inside: code, formulas, links and images, footnote marks,
# HTML tags, directives, attribute lists, emoji shortcodes, bare addresses and entities.
PROTECTED = re.compile(r"""
    (`+).*?\1                                  # inline code
  | \$\$.*?\$\$ | (?<![\\$])\$[^$\n]+?\$        # formulas
  | \\\(.*?\\\)
  | !?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)(?:\{[^}]*\})?  # links and images, with attributes
  | !?\[[^\]]*\]\[[^\]]*\]                      # reference links
  | \[\^[^\]]+\]                               # footnote marks
  | <[^>]+>                                    # HTML tags, autolinks
  | \{\{.*?\}\}                                # directives
  | \{:?\s*[.#][^}]*\}                          # attribute lists
  | :[a-z0-9-]+:                               # emoji and icons (:material-…:)
  | https?://\S+
  | &\#?\w+;
""", re.X)
# Lines whose words are not prose: headings, and a bold label alone on its line (**池化操作**:, a
# heading in all but markup), block openers (an erratum's title) and their options, includes, HTML
# blocks, abbreviations, link and footnote definitions, table rules.
NOT_PROSE = re.compile(r"^\s*(?:#|\*\*[^*]+\*\*\s*[:：]?\s*$|///|attrs:|--8<--|<|\*\[|\[[^\]]+\]:"
                       r"|\|?\s*:?-{3,}|\{[:.#])")
MATH_BLOCK = re.compile(r"^\s*\$\$\s*$")
LATIN = re.compile(r"[A-Za-z]")


def _term_pattern(terms: list[Term], lang: str) -> re.Pattern:
    """One alternation of every term's form, longest first (so 最大池化 wins over 池化 and max
    pooling over pooling). A Latin form starts a word and ends it, but for a usual ending
    (`find: generaliz` links "generalization", "neural network" links "neural networks")."""
    forms = sorted({t.find[lang] for t in terms}, key=len, reverse=True)

    def form(text: str) -> str:
        escaped = re.escape(text)
        if LATIN.match(text[0]):
            escaped = r"(?<![A-Za-z0-9_-])" + escaped
        if LATIN.match(text[-1]):  # a stem's usual endings, then the word ends
            escaped += r"(?:ations?|ing|ed|es|e|s|al)?(?![A-Za-z])"
        return escaped
    return re.compile("|".join(form(f) for f in forms), re.I)


def _title(definition: str) -> str:
    """A definition as a Markdown link title (between double quotes)."""
    return definition.replace("\\", "\\\\").replace('"', "&quot;")


def link_terms(markdown: str, lang: str, terms: list[Term], glossary_url: str) -> str:
    """The page with the first use of each term linked to its glossary entry (`glossary_url`, the
    glossary page relative to this one), its definition as the link's title."""
    by_form = {t.find[lang]: t for t in terms}
    pattern = _term_pattern(terms, lang)
    linked: set[str] = set()

    def link_in(text: str) -> str:
        def link(m: re.Match) -> str:
            term = by_form[max((f for f in by_form if m[0].lower().startswith(f)), key=len)]
            if term.id in linked:
                return m[0]
            linked.add(term.id)
            return (f'[{m[0]}]({glossary_url}#term-{term.id} "{_title(term.definitions[lang])}")'
                    "{ .glossary-link }")
        pieces, last = [], 0
        for protected in PROTECTED.finditer(text):
            pieces += [pattern.sub(link, text[last:protected.start()]), protected[0]]
            last = protected.end()
        return "".join(pieces) + pattern.sub(link, text[last:])

    out, fence, in_math, section = [], None, False, None
    for line in markdown.split("\n"):
        opened = FENCE.match(line)
        if fence:
            fence = None if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence) else fence
        elif opened:
            fence = opened[1]
        elif MATH_BLOCK.match(line):
            in_math = not in_math
        else:
            heading = HEADING.match(line)
            if heading:
                section = heading["id"]
            if not (in_math or section in NOT_ARTICLE_SECTIONS or NOT_PROSE.match(line)):
                line = link_in(line)
        out.append(line)
    return "\n".join(out)
