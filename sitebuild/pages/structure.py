"""The pages of a language as the reader meets them, read once per build.

* the reading order: the config's `nav:` when it has one, else MkDocs' own (index first,
  then by file name); pages a `nav:` leaves out follow in that order;
* each page's title: its `#` heading without the `{ #id }`, and without an English gloss the
  source adds in full-width brackets (`4. 数学模型和公式（Mathematical Models and Formulas）`):
  the gloss is the page's subtitle (`with_subtitle`), kept out of the navigation, the window's
  title, search titles and the errata headings, which all take `title`;
* each page's chapter: `05-project.md` -> "5", appendices (`appendix-*.md`) A, B, ... in
  reading order, any other page "" (its figures are 1, 2, ...);
* each page's directives (directives.find), the numbers of its figures and of its labelled
  formulas (equations.py);
* which page carries which experiment's notebook (`{{ notebook: … }}`).

Errata, glossary, figure numbers, notebook pages and the hooks all ask this module. A
language's pages are read again only when a file changed (the dev server rebuilds in one
long-lived process).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from sitebuild.pages.directives import Occurrence
    from sitebuild.pages.equations import Equation

TITLE = re.compile(r"^# (.+?)(?:\s*\{[^{}]*\})?\s*$", re.M)
H1 = re.compile(r"^# (?P<text>.+?)(?P<attrs>\s*\{[^{}]*\})?[ \t]*$", re.M)
# A gloss: full-width brackets closing the heading, holding two or more words and no Chinese
# (an abbreviation such as （CNN） stays part of the title).
GLOSS = re.compile(r"^(?P<title>.*?\S)\s*（(?P<gloss>[^（）\u3400-\u9fff]*?\S\s+\S[^（）\u3400-\u9fff]*)）$")
NUMBERED = re.compile(r"(\d+)-")
APPENDIX = "appendix-"
INDEX = "index.md"


class StructureError(BuildError):
    pass


def figure_number(chapter: str, ordinal: int) -> str:
    """The n-th figure of a page: 5.1 is the first figure of 05-project.md; 3 the third of index.md."""
    return f"{chapter}.{ordinal}" if chapter else str(ordinal)


def split_gloss(heading: str) -> tuple[str, str]:
    """(title, gloss) of a `#` heading's text; gloss "" when it has none."""
    glossed = GLOSS.match(heading)
    return (glossed["title"], glossed["gloss"].strip()) if glossed else (heading, "")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Page:
    file: str          # file name in the language's folder, e.g. 05-project.md
    where: str         # the file as error messages name it, e.g. docs/zh/05-project.md
    text: str
    title: str         # the `#` heading without its `{ #id }` and gloss; the file's stem if it has none
    has_title: bool
    chapter: str
    gloss: str = ""    # the heading's English gloss, shown as the page's subtitle

    @property
    def url(self) -> str:
        """Its address on the site, relative to the language's root: 05-project/ ("" for the index)."""
        return "" if self.file == INDEX else f"{Path(self.file).stem}/"

    @cached_property
    def directives(self) -> tuple[Occurrence, ...]:
        # Imported here, not above: the directives need this module (figure numbers, pages), and
        # errata and glossary, which the directives use, need it too; this module needs the
        # directives only when a page's are asked for. tests/unit/test_imports.py guards the order.
        from sitebuild.pages import directives
        return tuple(directives.find(self.text))

    @cached_property
    def equations(self) -> tuple[Equation, ...]:
        """The labelled display formulas, numbered in this page's chapter (equations.py)."""
        from sitebuild.pages import equations  # imported here for the same reason as the directives
        return tuple(equations.on_page(self.text, self.file, self.where, self.chapter))

    @property
    def figures(self) -> tuple[tuple[str, str, str], ...]:
        """(experiment, figure, number) of each `{{ figure: … }}`, in page order."""
        shown = [o for o in self.directives if o.name == "figure"]
        return tuple((o.experiment, o.key, figure_number(self.chapter, i)) for i, o in enumerate(shown, 1))

    def with_subtitle(self, markdown: str) -> str:
        """The page's Markdown with its `#` heading reduced to the title, and the gloss set as a
        subtitle under it (smaller, muted: site.css), in the gloss's own language, English."""
        if not self.gloss:
            return markdown
        return H1.sub(lambda h: f"# {self.title}{h['attrs'] or ''}\n\n{self.gloss}\n"
                                '{ .page-subtitle lang="en" }', markdown, count=1)

    def first_line(self, markdown: str) -> int:
        """The line of this file that `markdown` (the file without its front matter) starts on."""
        if not self.text.endswith(markdown):
            return 1
        return self.text.count("\n", 0, len(self.text) - len(markdown)) + 1


def _nav_files(nav) -> list[str]:
    """Page files of an explicit `nav:` in the order it lists them."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    items = nav.values() if isinstance(nav, dict) else nav
    return [name for item in items for name in _nav_files(item)]


def reading_order(files, nav=None) -> list[str]:
    files = list(files)
    mkdocs_order = sorted(files, key=lambda name: (name != INDEX, name))
    listed = [name for name in dict.fromkeys(_nav_files(nav) if nav else []) if name in files]
    return listed + [name for name in mkdocs_order if name not in listed]


def chapter_labels(order: list[str]) -> dict[str, str]:
    """The chapter each page numbers its figures by, from the reading order."""
    appendices = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    labels = {}
    for name in order:
        numbered = NUMBERED.match(name)
        labels[name] = (str(int(numbered.group(1))) if numbered
                        else next(appendices) if name.startswith(APPENDIX) else "")
    return labels


@dataclass(frozen=True)
class Structure:
    docs_dir: Path
    label: str                # the folder as error messages name it, e.g. docs/zh
    pages: tuple[Page, ...]   # in reading order

    @property
    def where(self) -> str:
        return self.label + "/"

    def page(self, file: str) -> Page:
        for page in self.pages:
            if page.file == file:
                return page
        raise StructureError(f"{self.where}{file}: no such page")

    @cached_property
    def equations(self) -> dict[str, Equation]:
        """label -> its numbered formula, over every page of the language."""
        from sitebuild.pages import equations
        return equations.on_site(self)

    def contents(self) -> str:
        """The home page's contents list: every other page in reading order, titled as the
        navigation titles it (the same `title`, chapter number and all)."""
        return "\n".join(f"- [{page.title}]({page.file})" for page in self.pages if page.file != INDEX) + "\n"

    def chapter(self, where: str) -> str:
        """The chapter of a page, given its file name or path."""
        name = Path(where).name
        return next((p.chapter for p in self.pages if p.file == name), chapter_labels([name])[name])

    def notebook_page(self, experiment: str) -> Page:
        """The one page that carries `{{ notebook: experiment }}`."""
        found = [page for page in self.pages
                 if any(o.name == "notebook" and o.experiment == experiment for o in page.directives)]
        if len(found) != 1:
            raise StructureError(f"{self.where}: experiment '{experiment}' has a notebook, so exactly one "
                                 f"page must carry {{{{ notebook: {experiment} }}}}; "
                                 f"found {sorted(p.file for p in found)}")
        if not found[0].has_title:
            raise StructureError(f"{found[0].where}: no `# ` title")
        return found[0]


def _build(docs_dir: Path, label: str, files: dict[str, str], nav) -> Structure:
    order = reading_order(files, nav)
    labels = chapter_labels(order)
    pages = []
    for name in order:
        heading = TITLE.search(files[name])
        title, gloss = split_gloss(heading.group(1).strip()) if heading else (Path(name).stem, "")
        pages.append(Page(name, f"{label}/{name}", files[name], title, heading is not None, labels[name], gloss))
    return Structure(docs_dir, label, tuple(pages))


_read: dict[tuple[Path, str], tuple[tuple, Structure]] = {}  # folder -> (what it was read from, structure)


def _language_of(docs_dir: Path) -> tuple[str | None, tuple[Path, ...]]:
    """The code of the language whose pages are in `docs_dir`, and the configs its `nav:` is in."""
    for lang in languages.languages():
        if lang.docs_dir.resolve() == docs_dir:
            return lang.code, (lang.config_file, lang.config_file.parent / languages.BASE_CONFIG)
    return None, ()


def read(docs_dir: Path, label: str | None = None) -> Structure:
    """The pages in `docs_dir` (`label` names the folder in errors), read again only when a page
    or the language's config changed."""
    docs_dir = Path(docs_dir).resolve()
    label = label or _shown(docs_dir)
    code, configs = _language_of(docs_dir)
    paths = sorted(docs_dir.glob("*.md"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in [*paths, *configs])
    cached = _read.get((docs_dir, label))
    if cached and cached[0] == stamp:
        return cached[1]
    found = _build(docs_dir, label, {p.name: p.read_text(encoding="utf-8") for p in paths},
                   languages.nav(code) if code else None)
    _read[docs_dir, label] = (stamp, found)
    return found


def of(lang: str) -> Structure:
    """The pages of a language (its `docs/<code>/`)."""
    return read(languages.get(lang).docs_dir, f"docs/{lang}")


def check_translations(docs_root: Path) -> None:
    """Every page exists in every language (docs/<code>/ folders hold the same file names)."""
    codes = languages.codes()
    names = {code: {p.name for p in (docs_root / code).glob("*.md")} for code in codes}
    every = set().union(*names.values())
    missing = [f"docs/{code}/{name}" for code in codes for name in sorted(every - names[code])]
    if missing:
        raise StructureError("missing translation: " + ", ".join(missing)
                             + " (each page must exist in every docs/<language>/ folder)")
