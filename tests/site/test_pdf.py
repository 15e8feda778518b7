"""The article's PDF in each language (sitebuild/reader/pdf.py), read back from the file the build
printed: every chapter, erratum, figure, code line and run output of the built pages is in its
text, nothing lies outside the sheet, the outline and the contents lead to the chapters, the
Chinese fonts are embedded, the cover's back names the build's commit, and the pages link to it."""
import io
import re
import unicodedata
from functools import cache
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from bs4 import BeautifulSoup

from sitebuild import repository
from sitebuild.pages import structure
from sitebuild.reader import page_meta, pdf
from tests.support.built_html import page_file
from tests.support.pages import LANGS

MAX_BYTES = 8 * 1024 * 1024


def squeezed(text: str) -> str:
    """Text as compared here: NFKC (a CJK font's ToUnicode maps 一 to the Kangxi radical ⼀, the
    same glyph) and without whitespace (the PDF breaks a wrapped line where the page does not)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def sheets(path: Path) -> list[dict]:
    """Per page of the PDF: its text, its width, the left and right edges of its outermost
    characters, and the height (pt) of each character's box from its font's ascent to its descent."""
    document = pypdfium2.PdfDocument(path)
    found = []
    for page in document:
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        found.append({"text": text.get_text_range(), "width": page.get_width(),
                      "heights": [top - bottom for _, bottom, _, top in
                                  (text.get_charbox(i, loose=True) for i in range(text.count_chars()))],
                      "right": max((box[2] for box in boxes), default=0),
                      "left": min((box[0] for box in boxes), default=0)})
    return found


def whole_text(path: Path) -> str:
    return squeezed("".join(sheet["text"] for sheet in sheets(path)))


def built_pages(site: Path, lang: str) -> list[tuple[structure.Page, BeautifulSoup]]:
    """Each page of the article, built, without its permalinks (¶: not printed)."""
    found = []
    for page in structure.of(lang).pages:
        soup = BeautifulSoup(page_file(site, lang, page.file).read_text(encoding="utf-8"), "html.parser")
        for permalink in soup.select("a.headerlink"):
            permalink.decompose()
        found.append((page, soup))
    return found


def reader(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(path.read_bytes()))


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_a_book_of_plausible_length_and_under_8_mb(pdfs, lang):
    pages = len(reader(pdfs[lang]).pages)
    chapters = len(structure.of(lang).pages)
    assert chapters + 3 <= pages <= 250, pages  # a sheet per chapter at least, plus cover, back, contents
    assert pdfs[lang].stat().st_size < MAX_BYTES, pdfs[lang].stat().st_size


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_erratum_and_figure_of_the_site_is_in_the_pdf_in_reading_order(executed_site, pdfs, lang):
    # By sheet: within one, Chromium writes a boxed erratum's text after what follows it.
    pages = [squeezed(sheet["text"]) for sheet in sheets(pdfs[lang])]
    expected = []
    for _, soup in built_pages(executed_site, lang):
        expected += [element.get_text(" ", strip=True)  # in the page's order
                     for element in soup.find("article").select("h1, .erratum > .admonition-title, figure figcaption")]
    assert len(expected) > 40
    at, previous = 0, None
    for item in expected:
        found = next((n for n in range(at, len(pages)) if squeezed(item) in pages[n]), None)
        assert found is not None, f"{item!r} is not in the PDF on or after the sheet of {previous!r}"
        at, previous = found, item


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_line_and_run_output_is_whole_and_on_the_sheet(executed_site, pdfs, lang):
    text = whole_text(pdfs[lang])
    lines = [line for _, soup in built_pages(executed_site, lang)
             for code in soup.select("article pre > code") for line in code.get_text().splitlines()
             if squeezed(line)]
    assert len(lines) > 100  # the code of four experiments and their training logs
    missing = [line for line in lines if squeezed(line) not in text]
    assert missing == [], f"{len(missing)} of {len(lines)} lines missing, e.g. {missing[:5]}"
    for number, sheet in enumerate(sheets(pdfs[lang]), 1):  # nothing printed past the paper's edge
        assert 0 <= sheet["left"] and sheet["right"] <= sheet["width"], (number, sheet["left"], sheet["right"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_is_printed_at_its_size_not_shrunk_to_fit_something_wide(pdfs, lang):
    # Chromium scales the whole document down when one element is wider than the sheet.
    heights = sorted(height for sheet in sheets(pdfs[lang]) for height in sheet["heights"])
    body = heights[len(heights) // 2]
    assert 11 <= body <= 13, body  # pdf.css: 14.4 CSS px = 10.8 pt, whose boxes are 12 pt high (8 when shrunk)


def outline(path: Path) -> list[tuple[str, int]]:
    """(title, page from 1) of the outline's top-level entries."""
    pdf_reader = reader(path)
    return [(entry.title, pdf_reader.get_destination_page_number(entry) + 1)
            for entry in pdf_reader.outline if not isinstance(entry, list)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_outline_has_an_entry_per_chapter_on_the_sheet_it_starts(executed_site, pdfs, lang):
    titles = [soup.find("article").find("h1").get_text(" ", strip=True) for _, soup in built_pages(executed_site, lang)]
    entries = outline(pdfs[lang])
    assert [squeezed(title) for title, _ in entries[1:]] == [squeezed(title) for title in titles]
    for title, page in entries:
        assert squeezed(sheets(pdfs[lang])[page - 1]["text"]).find(squeezed(title)) >= 0, (title, page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_give_each_chapters_page_and_link_to_it(pdfs, lang):
    pdf_reader = reader(pdfs[lang])
    chapter_pages = [page for _, page in outline(pdfs[lang])[1:]]
    contents_sheets = range(2, chapter_pages[0] - 1)  # after the cover and its back
    # Each entry ends its line with its page number; a long title may wrap.
    contents_text = re.sub(r"[^\S\n]+", "", unicodedata.normalize("NFKC", "\n".join(
        sheets(pdfs[lang])[i]["text"].replace("\r", "") for i in contents_sheets)))
    at = 0
    for (title, page) in outline(pdfs[lang])[1:]:  # in order: a chapter's title may recur as a section's
        # The extracted text may hold one glyph per line, the page number's digits included.
        printed = re.compile("\n?".join(map(re.escape, squeezed(title))) + r"\n?"
                             + "\n?".join(str(page)) + r"(?:\n|$)").search(contents_text, at)
        assert printed, (title, page, contents_text[at:at + 80])
        at = printed.end()
    # The contents' entries are links inside the document, to the sheet the chapter starts on.
    destinations = {name: pdf_reader.get_destination_page_number(d) + 1
                    for name, d in pdf_reader.named_destinations.items()}
    linked = []
    for i in contents_sheets:
        for annotation in pdf_reader.pages[i].get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                linked.append(destinations[str(annotation["/Dest"])])
    assert set(chapter_pages) <= set(linked), f"chapters on sheets {sorted(set(chapter_pages) - set(linked))} not linked"


CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def fonts(path: Path) -> tuple[dict[str, bool], dict[str, int]]:
    """({font name: whether its glyphs are in the file}, {font name: Chinese characters drawn in it})
    over every page. A Type 3 font's glyphs are the PDF's own drawings: in the file, but not a font a
    reader can search or copy text in well."""
    embedded, chinese = {}, {}

    def name_of(font) -> str:
        return "Type3" if font.get("/Subtype") == "/Type3" else str(font["/BaseFont"])

    def drawn(text, matrix, text_matrix, font, size):
        if font is not None and CJK.search(text):
            chinese[name_of(font)] = chinese.get(name_of(font), 0) + len(CJK.findall(text))
    for page in reader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded[name_of(font)] = name_of(font) == "Type3" or any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        page.extract_text(visitor_text=drawn)
    return embedded, chinese


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded_and_the_chinese_text_is_in_an_embedded_font(pdfs, lang):
    embedded, chinese = fonts(pdfs[lang])
    assert [name for name, inside in embedded.items() if not inside] == []
    assert chinese and "Type3" not in chinese, chinese  # every Chinese character in a real font
    assert all(embedded[name] for name in chinese)


@pytest.mark.parametrize("lang", LANGS)
def test_the_covers_back_names_the_build_commit_and_date(pdfs, lang):
    back = sheets(pdfs[lang])[1]["text"]
    commit = repository.current_commit()
    assert commit and commit[0] in back
    assert page_meta.build_date() in back


def pdf_links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.select("a.site-pdf, .site-pdf-home a")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_and_every_page_link_to_the_pdf(executed_site, pdfs, lang):
    for page, soup in built_pages(executed_site, lang):
        links = pdf_links(soup)
        here = page_file(executed_site, lang, page.file).parent
        assert links, f"{page.where}: no link to the PDF"
        assert (here / links[0]).resolve() == pdfs[lang].resolve()
        if page.file == structure.INDEX:  # the home page offers every language's
            assert {(here / href).resolve() for href in links} == {p.resolve() for p in pdfs.values()}
    assert pdf.file_name(lang).endswith(f"-{lang}.pdf")
