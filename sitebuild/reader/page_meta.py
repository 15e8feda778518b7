"""What a page says about itself: its description, its provenance, and how to report an error in it.

- `description(html)`: the page's first paragraph of article text, shortened,
  for `<meta name="description">` and the Open Graph / Twitter cards.
- `report_link(...)`: a pre-filled "new issue" address naming the page, the
  language and the section (site.js swaps in the section being read).
- `sitemap_with_alternates(...)`: each page's counterparts in the other
  languages (hreflang), in the sitemap rather than the page's head: Material's
  script fetches `sitemap.xml` next to every `<link rel="alternate">` of a page,
  which for a page's counterpart is a 404 and a console error on every view.
"""
import datetime
import html
import re
from dataclasses import dataclass

from sitebuild.repository import Repository, current_commit

DESCRIPTION_CHARS = {"zh": 90, "en": 160}  # what search results show before cutting
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
# Not the article's own voice: the site's notes, and paragraphs inside boxes or figures.
BOX = re.compile(r'<(div|details|figure|aside)\b[^>]*>.*?</\1>', re.S)
SECTION_PLACEHOLDER = "{section}"


def description(page_html: str, lang: str) -> str:
    text = BOX.sub("", page_html)
    for match in PARAGRAPH.finditer(text):
        para = html.unescape(" ".join(TAG.sub("", match.group(1)).split()))
        if len(para) >= 20 and not re.match(r"(本站补充|Added by this site)", para):
            return _shorten(para, DESCRIPTION_CHARS.get(lang, 160))
    return ""


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    # End at the last sentence or clause end if there is one in the second half.
    ends = [cut.rfind(mark) for mark in "。；，.;,"]
    end = max(ends)
    if end >= limit // 2:
        return cut[:end].rstrip() + "…"
    return cut.rsplit(" ", 1)[0].rstrip() + "…" if " " in cut else cut + "…"


@dataclass(frozen=True)
class Commit:
    sha: str
    dirty: bool  # built from a tree with uncommitted changes

    @property
    def short(self) -> str:
        return self.sha[:7]


def build_commit() -> "Commit | None":
    """The commit the site is built from (None outside a git checkout), as pages and the PDF name it."""
    found = current_commit()
    return Commit(*found) if found else None


def build_date(now: datetime.datetime | None = None) -> str:
    return (now or datetime.datetime.now(datetime.UTC)).strftime("%Y-%m-%d")


def report_link(repository: Repository, words: dict, page_title: str, page_url: str,
                language_name: str) -> dict:
    """The link's address for the page's top, and the templates site.js fills with the section."""
    title = words["report_issue_title"].format(page=page_title)
    body = words["report_issue_body"].format(page=page_url, language=language_name,
                                             section=SECTION_PLACEHOLDER)
    return {"href": repository.new_issue_url(title, body.replace(SECTION_PLACEHOLDER, page_title)),
            "base": f"{repository.url}/issues/new", "title": title, "body": body}


SITEMAP_URL = re.compile(r"(\s*)<loc>([^<]+)</loc>")


def sitemap_with_alternates(sitemap: str, base_url: str, lang: str, codes: list[str]) -> str:
    """The language's sitemap.xml with, for each page, its address in every language."""
    def alternates(match: re.Match) -> str:
        indent, url = match.group(1), html.unescape(match.group(2))
        path = url[len(f"{base_url}{lang}/"):] if url.startswith(f"{base_url}{lang}/") else None
        if path is None:
            return match.group(0)
        links = "".join(f'{indent}<xhtml:link rel="alternate" hreflang="{code}" '
                        f'href="{html.escape(base_url + code + "/" + path)}"/>' for code in codes)
        return match.group(0) + links
    sitemap = sitemap.replace('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
                              'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                              'xmlns:xhtml="http://www.w3.org/1999/xhtml"', 1)
    return SITEMAP_URL.sub(alternates, sitemap)
