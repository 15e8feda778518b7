"""The article as one PDF per language, `<lang>/<file_name(lang)>`, printed by headless Chromium
from the pages the build has just written (sitebuild/build.py calls `make` after each language).

Nothing here depends on MkDocs: the print page is assembled from the built HTML files.

1. `print_page` reads each Markdown page's built `index.html` in reading order
   (sitebuild/pages/structure.py) and keeps its `<article>`: one chapter per page, starting on a
   new sheet. Ids get the page's name in front (`05-project--results`), so they stay unique in
   one document; a link to another page of the article becomes a link inside the document, any
   other relative link (notebooks, downloads) the page's address on the site. Before the
   chapters: a cover, its back (the build's date and commit, sitebuild/repository.py) and the
   contents (chapters and their sections, with page numbers).
2. `make` prints it with Chromium (`page.pdf`: A4, the outline from the headings, tagged). The
   page number of each heading in the contents is read from that PDF's outline and filled in,
   and the page printed again, until the numbers printed are the numbers in the contents (the
   second print, unless filling in the numbers moved a heading to another sheet).

Running headers (the chapter's title) and the page numbers are CSS page-margin boxes of a named
page per chapter (pdf.css), so the cover has none. The site's print stylesheet
(overrides/assets/stylesheets/print.css) already wraps code and run outputs and hides the screen's
controls; pdf.css only adds what a book needs.
"""
from __future__ import annotations

import html
import io
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.pages import structure

STYLESHEET = Path(__file__).with_name("pdf.css")
PRINT_PAGE = ".print.html"      # written into site/<lang>/ (its assets resolve there), removed after
PAGE_NUMBER_PLACEHOLDER = "000"  # the contents' numbers before the outline gives them
MAX_PRINTS = 4
LOCAL = "https://local.invalid/"  # a base to resolve a page's relative links against


class PdfError(BuildError):
    pass


def file_name(lang: str) -> str:
    """The PDF's name in `site/<lang>/`: the language is in the name, for a reader's downloads folder."""
    return f"foundation-models-{lang}.pdf"


def links(lang: str, page_url: str) -> dict:
    """What a page's templates link to: this language's PDF, and the other languages', relative
    to the page at `page_url` (05-project/, "" for the home page)."""
    up = "../" * page_url.count("/")
    return {"href": up + file_name(lang),
            "others": [{"name": other.name, "lang": other.code, "href": f"{up}../{other.code}/{file_name(other.code)}"}
                       for other in languages.languages() if other.code != lang]}


@dataclass(frozen=True)
class Heading:
    level: int    # 1: a chapter (a page's title), 2: its sections
    anchor: str   # the id in the print page
    text: str


@dataclass(frozen=True)
class Built:
    """What `make` produced: the file, its pages, its seconds and how many prints it took."""
    path: Path
    pages: int
    seconds: float
    prints: int


def _chapter_name(page: structure.Page) -> str:
    return Path(page.file).stem


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class _Assembler:
    """The print page of one language, from its built pages."""

    def __init__(self, lang_dir: Path, lang: str, site_url: str):
        self.lang_dir, self.lang, self.site_url = lang_dir, lang, site_url
        self.pages = [p for p in structure.of(lang).pages]
        self.chapter_of_url = {p.url: _chapter_name(p) for p in self.pages}
        self.headings: list[Heading] = []

    def _article(self, page: structure.Page):
        from bs4 import BeautifulSoup
        built = self.lang_dir / page.url / "index.html"
        if not built.is_file():
            raise PdfError(f"{built}: not built, so the PDF cannot include {page.where}")
        soup = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            raise PdfError(f"{built}: no <article> (the theme's page layout changed?)")
        return soup, article

    def _link(self, page: structure.Page, href: str) -> str:
        """A link of `page` as it works in the one print page."""
        chapter = _chapter_name(page)
        if href.startswith("#"):
            return f"#{chapter}--{href[1:]}" if len(href) > 1 else f"#{chapter}"
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href
        resolved = urlsplit(urljoin(LOCAL + page.url, href))
        path = resolved.path[len(urlsplit(LOCAL).path):]
        target = self.chapter_of_url.get(path)
        if target is not None:
            return f"#{target}--{resolved.fragment}" if resolved.fragment else f"#{target}"
        return self.site_url + path + (f"#{resolved.fragment}" if resolved.fragment else "")

    def _asset(self, page: structure.Page, src: str) -> str:
        """An image's address relative to the language's folder, where the print page is."""
        if src.startswith("data:") or urlsplit(src).scheme:
            return src
        resolved = urlsplit(urljoin(LOCAL + page.url, src))
        return resolved.path[len(urlsplit(LOCAL).path):]

    def chapter(self, page: structure.Page) -> str:
        soup, article = self._article(page)
        name = _chapter_name(page)
        # The screen's controls (actions, permalinks, "report an error", which fills in the section
        # being read) are not printed; remove them from the text too.
        for control in article.select(".md-content__button, a.headerlink, .md-source-file, .site-report-line"):
            control.decompose()
        for element in article.find_all(id=True):
            element["id"] = f"{name}--{element['id']}"
        for link in article.find_all("a", href=True):
            link["href"] = self._link(page, link["href"])
        for picture in article.find_all("picture"):  # the phone layout's <source>s: not on paper
            for source in picture.find_all("source"):
                source.decompose()
        for image in article.find_all("img"):
            sharp = [c.split()[0] for c in image.get("srcset", "").split(",") if c.strip().endswith("2x")]
            image["src"] = self._asset(page, sharp[0] if sharp else image["src"])
            for attribute in ("srcset", "loading"):  # a lazy image is never loaded by a print
                image.attrs.pop(attribute, None)
        title = article.find("h1")
        if title is None:
            raise PdfError(f"{page.where}: no `# ` title, so its chapter has no heading")
        for heading in article.find_all(["h1", "h2"]):
            self.headings.append(Heading(int(heading.name[1]), heading["id"],
                                         " ".join(heading.get_text(" ", strip=True).split())))
        running = " ".join(title.get_text(" ", strip=True).split())
        self.running_titles.append((name, running))
        return (f'<section class="pdf-chapter" id="{name}" style="page: chapter-{len(self.running_titles)}">'
                f'<article class="md-content__inner md-typeset">{article.decode_contents()}</article></section>')

    def stylesheets(self) -> list[str]:
        """The stylesheets of the built home page, relative to the language's folder."""
        from bs4 import BeautifulSoup
        home = BeautifulSoup((self.lang_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
        return [self._asset(self.pages[0], link["href"]) for link in home.select('link[rel="stylesheet"]')]

    def assemble(self, page_numbers: dict[str, int] | None, cover: dict) -> str:
        self.headings, self.running_titles = [], []
        chapters = "\n".join(self.chapter(page) for page in self.pages)
        words = cover["words"]
        contents = "\n".join(
            f'<li class="pdf-contents__level-{h.level}"><a href="#{h.anchor}">'
            f'<span class="pdf-contents__title">{html.escape(h.text)}</span>'
            f'<span class="pdf-contents__page">{(page_numbers or {}).get(h.anchor, PAGE_NUMBER_PLACEHOLDER)}'
            f'</span></a></li>' for h in self.headings)
        running = "\n".join(
            f"@page chapter-{n} {{ @bottom-left {{ content: {_css_string(cover['short_title'])}; }}"
            f" @top-right {{ content: {_css_string(title)}; }} }}"
            for n, (_, title) in enumerate(self.running_titles, 1))
        links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in self.stylesheets())
        return f"""<!doctype html>
<html lang="{self.lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(cover['title'])}</title>
<meta name="author" content="{html.escape(cover['author'])}">
{links}
<style>
{STYLESHEET.read_text(encoding="utf-8")}
{running}
</style>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<section class="pdf-cover">
  <p class="pdf-cover__title">{html.escape(cover['title'])}</p>
  <p class="pdf-cover__subtitle">{html.escape(cover['subtitle'])}</p>
  <p class="pdf-cover__author">{html.escape(cover['author'])}</p>
</section>
<section class="pdf-cover-back md-typeset">
  {cover['back']}
</section>
<section class="pdf-contents md-typeset" id="contents" style="page: contents">
  <h1 class="pdf-contents__heading">{html.escape(words['contents'])}</h1>
  <ol>
{contents}
  </ol>
</section>
<div class="md-container"><main class="md-main"><div class="md-content">
{chapters}
</div></main></div>
</body>
</html>
"""


def _cover(lang: str, site_url: str, built: str, commit) -> dict:
    """The cover's words and its back: the build's date and commit (`commit`: page_meta.Commit or None)."""
    language = languages.get(lang)
    words = language.words["pdf"]
    author, repository = language.author, language.repository
    made = (words["built"].format(date=built, commit=commit.sha) + (words["dirty"] if commit.dirty else "")
            if commit else words["built_no_commit"].format(date=built))
    back = "\n".join(f"<p>{line}</p>" for line in (
        html.escape(made),
        html.escape(words["online"]) + f' <a href="{html.escape(site_url)}">{html.escape(site_url)}</a>',
        html.escape(words["repository"]) + f' <a href="{html.escape(repository)}">'
        f"{html.escape(repository)}</a>",
        html.escape(language.words["footer_author"].format(author=author)),
        html.escape(language.words["footer_licence"]),
    ))
    return {"title": language.site_name, "short_title": words["running_title"], "subtitle":
            language.words["card_subtitle"], "author": author, "back": back, "words": words}


def _outline_pages(pdf: bytes) -> list[tuple[int, int, str]]:
    """(depth, page number from 1, title) of each entry of the PDF's outline, in order."""
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, reader.get_destination_page_number(entry) + 1, entry.title))
    walk(reader.outline, 1)
    return found


def _page_numbers(pdf: bytes, headings: list[Heading]) -> dict[str, int]:
    """The page of each heading of the contents: the outline's entries of levels 1 and 2 (the
    contents' own heading is the first) are the headings, in order."""
    entries = [e for e in _outline_pages(pdf) if e[0] <= 2][1:]
    if [depth for depth, _, _ in entries] != [h.level for h in headings]:
        raise PdfError("the PDF's outline does not follow the chapters' headings: "
                       f"{[(d, t) for d, _, t in entries][:8]} … against {[(h.level, h.text) for h in headings][:8]} …")
    return {h.anchor: page for h, (_, page, _) in zip(headings, entries, strict=True)}


def _print(browser_page, page_url: str) -> bytes:
    browser_page.goto(page_url, wait_until="load")
    browser_page.evaluate("document.fonts.ready.then(() => true)")
    return browser_page.pdf(prefer_css_page_size=True, print_background=True, outline=True, tagged=True)


def make(site_dir: Path, lang: str, site_url: str, built: str, commit, browser) -> Built:
    """Print `site_dir/<lang>/`'s pages into `site_dir/<lang>/<file_name(lang)>` with `browser`
    (a Playwright Browser); `site_url` is the language's address (its links), `built` the date."""
    from pypdf import PdfReader
    started = time.perf_counter()
    lang_dir = site_dir / lang
    assembler = _Assembler(lang_dir, lang, site_url)
    cover = _cover(lang, site_url, built, commit)
    print_page = lang_dir / PRINT_PAGE
    context = browser.new_context()
    numbers: dict[str, int] | None = None
    prints = 0
    try:
        browser_page = context.new_page()
        while True:
            print_page.write_text(assembler.assemble(numbers, cover), encoding="utf-8")
            pdf = _print(browser_page, print_page.as_uri())
            prints += 1
            printed = _page_numbers(pdf, assembler.headings)
            if printed == numbers:
                break
            if prints == MAX_PRINTS:
                raise PdfError(f"{lang}: the contents' page numbers still changed after {MAX_PRINTS} prints")
            numbers = printed
    finally:
        context.close()
        print_page.unlink(missing_ok=True)
    out = lang_dir / file_name(lang)
    out.write_bytes(pdf)
    return Built(out, len(PdfReader(io.BytesIO(pdf)).pages), time.perf_counter() - started, prints)
