"""What every page says about itself: where its code lives, how to report an
error, who wrote it under which licence, which build and runs it comes from,
and the metadata link previews and search engines read."""
import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sitebuild import languages, settings
from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.pages import code_blocks
from sitebuild.settings import PROJECT_ROOT
from tests.support.pages import INCLUDE, LANGS, pages

REPOSITORY = "https://github.com/zen-and-the-art/foundation-models-site"
PAGE_NAMES = [name[:-3] for name in sorted(pages("zh"))]


def page_url(name: str) -> str:
    return "" if name == "index" else f"{name}/"


def read_page(site: Path, lang: str, name: str) -> str:
    return (site / lang / page_url(name) / "index.html").read_text(encoding="utf-8")


class Head(HTMLParser):
    """The <meta> and <link> tags of a page, and its links by class."""
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.anchors = {}, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            self.meta[a.get("name") or a.get("property")] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        elif tag == "a":
            self.anchors.append(a)


def head_of(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


# --- code blocks -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_included_code_block_names_its_file_and_links_to_exactly_its_lines(built_site, lang):
    checked = 0
    for name, markdown in pages(lang).items():
        includes = INCLUDE.findall(markdown)  # every included file is shown in a labelled block
        html = read_page(built_site, lang, name[:-3])
        titles = re.findall(r'<span class="filename"><a href="([^"]+)">([^<]+)</a></span>', html)
        assert len(titles) == len(includes), f"{lang}/{name}: {len(includes)} includes, {len(titles)} labels"
        for href, title in titles:
            path, _, section = title.partition(code_blocks.SEPARATOR)
            assert href.startswith(f"{REPOSITORY}/blob/main/{path}"), href
            if not section:
                continue
            first, last = map(int, re.search(r"#L(\d+)(?:-L(\d+))?$", href).groups(default=None)[:2])
            lines = (PROJECT_ROOT / path).read_text(encoding="utf-8").splitlines()
            # The linked lines are exactly those between the section's markers.
            assert lines[first - 2].strip() == f"# --8<-- [start:{section}]", (title, href)
            assert lines[last].strip() == f"# --8<-- [end:{section}]", (title, href)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("lang", LANGS)
def test_the_variant_page_highlights_only_the_line_it_changes(built_site, lang):
    html = read_page(built_site, lang, "appendix-momentum-variant")
    highlighted = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r'<span class="hll">(.*?)</span>\n', html)]
    assert len(highlighted) == 1, highlighted
    assert "momentum=0.9" in highlighted[0]
    base = read_page(built_site, lang, "05-project")
    assert 'class="hll"' not in base


def test_a_fence_including_a_missing_file_fails_naming_page_and_line():
    markdown = 'Intro\n\n```python\n--8<-- "snippets/no_such_file.py:model"\n```\n'
    with pytest.raises(code_blocks.CodeBlockError, match=r"docs/zh/x\.md:4: .*snippets/no_such_file\.py"):
        code_blocks.label_fences(markdown, "zh", "docs/zh/x.md")


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_links_sit_under_the_first_paragraph_of_every_page_that_has_them(executed_site, lang):
    found = 0
    for name in PAGE_NAMES:
        html = read_page(executed_site, lang, name)
        if "notebook-links" not in html:
            continue
        found += 1
        between = html[html.index("<h1"):html.index('class="notebook-links"')]
        blocks = re.findall(r"<(p|h2|h3|div|pre|ul|ol|table|details|figure)\b", between)
        # The first paragraph, then the links' own <p>.
        assert blocks == ["p", "p"], f"{lang}/{name}: the notebook links come after {blocks[:-1]}"
    assert found == 3


# --- reporting an error ----------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_a_new_issue_naming_the_page_the_language_and_the_section(built_site, lang):
    language = languages.get(lang)
    for name in PAGE_NAMES:
        html = read_page(built_site, lang, name)
        reports = [a for a in head_of(html).anchors if "site-report" in (a.get("class") or "")]
        assert len(reports) == 2, f"{lang}/{name}: the icon at the top and the line at the end"
        for link in reports:
            url = urlparse(link["href"].replace("&amp;", "&"))
            assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPOSITORY}/issues/new"
            query = parse_qs(url.query)
            title = unescape(re.search(r"<h1[^>]*>(.*?)<", html, re.S).group(1).strip())
            assert title in query["title"][0]
            body = query["body"][0]
            assert f"{settings.current().base_url}{lang}/{page_url(name)}" in body
            assert language.name in body
            assert title in body  # the section: the page's top until site.js knows better
            assert "{section}" in link["data-issue-body"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_conclusion_keeps_the_authors_words_and_offers_the_report_link_in_a_site_note(built_site, lang):
    """"Contact me" is the author's: it stays plain text; the site's own feedback link is a site note."""
    html = read_page(built_site, lang, "11-conclusion")
    authors = re.search(r"<p>[^<]*(?:反馈|feedback).*?</p>", html, re.S).group(0)
    assert "<a " not in authors
    note = re.search(r'<p class="site-note">.*?</p>', html, re.S).group(0)
    assert f'href="{REPOSITORY}/issues/new?' in note


# --- footer and provenance -------------------------------------------------------

def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_names_author_licences_repository_and_the_commit_built(built_site, lang):
    words = languages.get(lang).words
    commit = git_commit()
    for name in PAGE_NAMES:
        html = read_page(built_site, lang, name)
        footer = html[html.index('class="md-copyright site-footer"'):]
        footer = footer[:footer.index("</footer>")]
        assert "禅与计算机程序设计艺术" in footer and words["footer_licence"] in footer
        assert f'href="{REPOSITORY}"' in footer
        if commit:
            assert f'href="{REPOSITORY}/commit/{commit}"' in footer and commit[:7] in footer


@pytest.mark.parametrize("lang", LANGS)
def test_pages_with_outputs_name_the_runs_they_come_from(executed_site, training_run, lang):
    html = read_page(executed_site, lang, "05-project")
    provenance = re.search(r'<p class="site-provenance">(.*?)</p>', html, re.S).group(1)
    run = training_run("expanded_cnn")
    assert "snippets/expanded_cnn.py" in provenance
    if run.run_info.get("commit"):
        assert run.run_info["commit"][:7] in provenance and run.run_info["finished"] in provenance


# --- metadata --------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_its_own_description_cards_and_canonical_address(built_site, lang):
    base = settings.current().base_url
    descriptions = set()
    for name in PAGE_NAMES:
        head = head_of(read_page(built_site, lang, name).split("</head>")[0])
        own = f"{base}{lang}/{page_url(name)}"
        description = head.meta["description"]
        assert description and len(description) <= 170
        descriptions.add(description)
        for key in ("og:title", "og:description", "og:url", "og:image", "twitter:card", "twitter:image"):
            assert head.meta.get(key), f"{lang}/{name}: no {key}"
        assert head.meta["og:url"] == own and head.meta["og:description"] == description
        image = head.meta["og:image"]
        assert image.startswith(base) and (built_site / image[len(base):]).is_file()
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [own]
        # No <link rel=alternate>: Material would fetch a sitemap.xml next to each (a 404).
        assert not any(link.get("rel") == "alternate" and "rss" not in link.get("type", "")
                       for link in head.links), f"{lang}/{name}"
    assert len(descriptions) == len(PAGE_NAMES), "each page describes itself"


@pytest.mark.parametrize("lang", LANGS)
def test_the_sitemap_names_each_pages_counterpart_in_every_language(built_site, lang):
    base = settings.current().base_url
    sitemap = (built_site / lang / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    notebook_pages = [name for name, e in EXPERIMENTS.items() if e.notebook]  # notebooks/<name>/
    assert len(entries) == len(PAGE_NAMES) + len(notebook_pages)
    for entry in entries:
        own = re.search(r"<loc>([^<]+)</loc>", entry).group(1)
        path = own[len(f"{base}{lang}/"):]
        alternates = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="(\w+)" href="([^"]+)"/>', entry))
        assert alternates == {code: f"{base}{code}/{path}" for code in LANGS}, own
        for code in LANGS:
            assert (built_site / code / path / "index.html").is_file(), f"{code}/{path}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_link_preview_image_is_a_1200_by_630_png(built_site, lang):
    data = (built_site / lang / "assets" / "social-card.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)
    assert len(data) < 150_000  # small enough for link previews
