"""The assembled site (both languages, built once per session) holds together for a reader."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitebuild.reader.offline_check import find as external_references
from tests.support.pages import LANGS, formula_counts, pages


class Page(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.images, self.lang_links, self.html_lang = set(), [], [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "a" and a.get("href"):
            (self.lang_links if "md-select__link" in (a.get("class") or "") else self.links).append(a["href"])
        if tag == "img":
            self.images.append(a)


def html_pages(site: Path, lang: str):
    return sorted((site / lang).rglob("*.html"))


def resolve(site_lang_dir: Path, page: Path, href: str) -> tuple[Path, str]:
    url = urlparse(href)
    if url.path.startswith("/"):  # absolute (404 pages): the site is built for base path "/"
        target = (site_lang_dir.parent / unquote(url.path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(url.path)).resolve() if url.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, url.fragment


@pytest.mark.parametrize("lang", LANGS)
def test_every_internal_link_and_anchor_resolves(built_site, lang):
    broken = []
    parsed = {}
    for page in html_pages(built_site, lang):
        for href in Page(page.read_text()).links:
            if urlparse(href).scheme or href.startswith(("mailto:", "//")):
                continue
            target, fragment = resolve(built_site / lang, page, href)
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
                continue
            if fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, Page(target.read_text()).ids)
                if fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)} -> {href} (no anchor)")
    assert not broken, broken[:20]


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switch_of_every_page_points_to_its_counterpart(built_site, lang):
    other = "en" if lang == "zh" else "zh"
    for page in html_pages(built_site, lang):
        if page.name == "404.html":
            continue  # not a page of the article: its menu points to the language homes
        links = Page(page.read_text()).lang_links
        assert len(links) == 2, page
        for href in links:
            target, _ = resolve(built_site / lang, page, href)
            assert target.is_file(), (page, href)
        counterpart = built_site / other / page.relative_to(built_site / lang)
        targets = {resolve(built_site / lang, page, h)[0] for h in links}
        assert counterpart.resolve() in targets, page


def test_the_built_site_names_no_third_party_host(built_site):
    assert external_references(built_site) == []


@pytest.mark.parametrize("lang", LANGS)
def test_pages_declare_their_language(built_site, lang):
    for page in html_pages(built_site, lang):
        if page.name == "404.html" or page.parent.name == "search":
            continue
        assert Page(page.read_text()).html_lang == lang, page


@pytest.mark.parametrize("lang", LANGS)
def test_every_formula_is_typeset_at_build_time(built_site, lang):
    for name, source in pages(lang).items():
        html_file = built_site / lang / ("index.html" if name == "index.md" else f"{name[:-3]}/index.html")
        html = html_file.read_text()
        article = html[html.index("<article"):html.index("</article>")]
        assert 'class="arithmatex"' not in article and "\\(" not in article and "$$" not in article, name
        display, inline = formula_counts(source)
        assert article.count('<span class="katex">') == display + inline, name
        assert article.count('<span class="katex-display">') == display, name
        assert article.count("<math") == display + inline, name  # MathML for screen readers


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_is_a_real_image_with_alt_text(executed_site, lang):
    built_site = executed_site
    count = 0
    for page in html_pages(built_site, lang):
        for img in Page(page.read_text()).images:
            if "figures/" not in img.get("src", ""):
                continue
            count += 1
            assert img.get("alt", "").strip(), (page, img)
            target, _ = resolve(built_site / lang, page, img["src"])
            assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", target
            assert target.stat().st_size > 5000
    assert count >= 7


@pytest.mark.parametrize("lang", LANGS)
def test_notebooks_carry_the_build_outputs(executed_site, lang):
    built_site = executed_site
    for name in ("expanded_cnn", "expanded_cnn_momentum", "first_draft_cnn"):
        notebook = json.loads((built_site / lang / "notebooks" / name / f"{name}.ipynb").read_text())
        outputs = "".join("".join(o.get("text", "")) for c in notebook["cells"]
                          for o in c.get("outputs", []))
        assert "Test accuracy:" in outputs and "Epoch 1/" in outputs


def test_zh_search_index_holds_segmented_words_from_body_paragraphs(built_site):
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text())
    assert "\\u200b" in index["config"]["separator"]  # the regex source names the zero-width space
    docs = {d["location"]: d["text"] for d in index["docs"]}
    # 局限性 occurs inside a paragraph of §1.1, not in a heading; jieba must cut it out as a word.
    hits = [loc for loc, text in docs.items() if "\u200b局限性\u200b" in text]
    assert any(loc.startswith("01-background/") for loc in hits), hits[:5]


def test_en_search_index_is_english(built_site):
    index = json.loads((built_site / "en" / "search" / "search_index.json").read_text())
    assert index["config"]["lang"] == ["en"]
    assert any("overfitting" in d["text"] for d in index["docs"])


def test_the_root_sends_readers_to_a_language_and_has_a_404(built_site):
    root = (built_site / "index.html").read_text()
    assert 'href="zh/"' in root and 'href="en/"' in root and "navigator.languages" in root
    assert "404" in (built_site / "404.html").read_text()


def test_no_text_is_escaped_twice(built_site):
    """Screen readers read aria-labels literally: '&amp;amp;' would be read as '&amp;'."""
    doubled = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if "&amp;amp;" in p.read_text()]
    assert doubled == []


@pytest.mark.parametrize("lang", LANGS)
def test_interface_words_of_headings_and_language_menu_are_in_the_pages_language(built_site, lang):
    from sitebuild.languages import get
    page = (built_site / lang / "05-project" / "index.html").read_text()
    titles = set(re.findall(r'<a class="headerlink" href="#[\w-]+" title="([^"]+)"', page))
    assert titles == {get(lang).words["permalink_title"]}
    current = re.findall(r'hreflang="(\w+)" lang="\w+" class="md-select__link" aria-current="true"', page)
    assert current == [lang]
