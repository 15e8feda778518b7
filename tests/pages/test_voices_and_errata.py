"""Three voices told apart (the original text, errata, the site's notes), and an errata page
that is a real page: a heading per page, counts by kind, links that land with the
corrected text in view."""
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from sitebuild import languages
from sitebuild.dev.project_copy import copy_project
from sitebuild.pages import errata
from tests.support.pages import DOCS, LANGS, pages

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
NOTE_LABEL = re.compile(r"^\*\*(本站补充：|Added by this site:)\*\*", re.M)
OLD_NOTE = re.compile(r"^\*(本站补充|Added by this site)")
PAGES_WITH_ERRATA = sorted({e.page for e in errata.collect(DOCS / LANGS[0])})
PAGES_WITH_NOTES = sorted(name for name, text in pages(LANGS[0]).items() if NOTE_LABEL.search(text))
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"


def url_path(name: str) -> str:
    return "" if name == "index.md" else f"{name[:-3]}/"


# --- the sources (fast) ---

@pytest.mark.parametrize("lang", LANGS)
def test_every_erratum_has_a_known_kind(lang):
    found = errata.collect(DOCS / lang)
    assert len(found) > 0
    assert {e.kind for e in found} <= set(errata.KINDS)


def test_errata_have_the_same_ids_kinds_and_order_in_every_language():
    first, *others = [[(e.page, e.id, e.kind) for e in errata.collect(DOCS / lang)] for lang in LANGS]
    for other in others:
        assert other == first


def test_every_language_names_every_kind():
    for lang in languages.languages():
        assert set(lang.words["errata"]["kinds"]) == set(errata.KINDS), lang.config_file


@pytest.mark.parametrize("attrs, problem", [
    ("attrs: {id: erratum-x}", "has no kind"),
    ("attrs: {id: erratum-x, data-kind: typo}", "unknown kind 'typo'"),
    ("attrs: {id: x, data-kind: fact}", "must start with 'erratum-'"),
    ("", "lacks its attrs line"),
])
def test_a_bad_erratum_fails_naming_file_and_line(tmp_path, attrs, problem):
    page = tmp_path / "p.md"
    page.write_text(f"# P\n\nThe original text.\n\n    /// erratum | Erratum: x\n        {attrs}\n\n    y\n    ///\n")
    with pytest.raises(errata.ErratumError) as failure:
        errata.collect(tmp_path)
    line = 5 if problem == "lacks its attrs line" else 6
    assert f"p.md:{line}:" in str(failure.value) and problem in str(failure.value)


def test_an_erratum_without_a_kind_fails_the_build_naming_file_and_line(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "zh" / "04-math.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("attrs: {id: erratum-adam-4-4, data-kind: formula}", "attrs: {id: erratum-adam-4-4}"),
                    encoding="utf-8")
    line = text[:text.index("erratum-adam-4-4")].count("\n") + 1
    env = dict(os.environ, SITE_EXECUTE="0", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert f"docs/zh/04-math.md:{line}" in done.stderr and "has no kind" in done.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_notes_are_labelled_paragraphs_not_italics(lang):
    for name, text in pages(lang).items():
        assert not OLD_NOTE.search(text), name
        for label in NOTE_LABEL.finditer(text):
            paragraph_end = text.index("\n\n", label.start())
            assert re.search(r"\n\{ \.site-note( \.[\w-]+)* \}$", text[:paragraph_end]), \
                f"{name}: {text[label.start():][:60]}"
    counts = [len(NOTE_LABEL.findall(text)) for text in pages(lang).values()]
    assert counts == [len(NOTE_LABEL.findall(text)) for text in pages(LANGS[0]).values()]


# --- the built errata page (fast: no run needed) ---

@pytest.mark.parametrize("lang", LANGS)
def test_the_errata_page_counts_equal_the_errata_found(built_site, lang):
    html = (built_site / lang / "errata" / "index.html").read_text(encoding="utf-8")
    found = errata.collect(DOCS / lang)
    words = languages.get(lang).words["errata"]
    counts = re.findall(r'<li data-kind="(\w+)">([^<]+) <strong>(\d+)</strong></li>', html)
    expected = Counter(e.kind for e in found)
    assert counts == [(k, words["kinds"][k], str(expected[k])) for k in errata.KINDS]
    assert words["summary"].format(total=len(found), pages=len({e.page for e in found})) in html
    listed = re.findall(r'<a href="[^"]*#(erratum-[\w-]+)">.*?</a> <span class="erratum-kind" data-kind="(\w+)"', html)
    assert listed == [(e.id, e.kind) for e in found]


@pytest.mark.parametrize("lang", LANGS)
def test_the_errata_page_has_a_heading_per_page(built_site, lang):
    html = (built_site / lang / "errata" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    stems = [name[:-3] for name in dict.fromkeys(e.page for e in errata.collect(DOCS / lang))]
    assert re.findall(r'<h2 id="([\w-]+)"', article) == ["by-kind"] + stems


# --- in the browser ---

def visit(browser, served_site, path, width="desktop", scheme="light"):
    from sitebuild.dev.browser import Visit
    w, h = WIDTHS[width]
    return Visit(browser, f"{served_site}/{path}", w, h, color_scheme=scheme)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES_WITH_ERRATA)
def test_errata_are_set_at_the_body_text_size(browser, served_site, lang, name):
    v = visit(browser, served_site, f"{lang}/{url_path(name)}")
    try:
        for width in WIDTHS.values():
            v.page.set_viewport_size({"width": width[0], "height": width[1]})
            sizes = v.page.evaluate("""() => ({
                body: getComputedStyle(document.querySelector("article > p")).fontSize,
                errata: [...document.querySelectorAll("article .erratum > p:not(.admonition-title), "
                    + "article .erratum > .admonition-title")].map(p => getComputedStyle(p).fontSize)})""")
            assert sizes["errata"], name
            assert set(sizes["errata"]) == {sizes["body"]}, (width, sizes)
    finally:
        v.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES_WITH_NOTES)
def test_site_notes_look_unlike_the_original_text_and_are_upright(browser, served_site, lang, name, scheme):
    v = visit(browser, served_site, f"{lang}/{url_path(name)}", scheme=scheme)
    try:
        styles = v.page.evaluate("""() => {
            const look = e => { const s = getComputedStyle(e); return {
                border: s.borderLeftWidth + " " + s.borderLeftStyle, background: s.backgroundColor,
                style: s.fontStyle, color: s.color, weight: s.fontWeight}; };
            const plain = [...document.querySelectorAll("article > p")].find(p => !p.className)
                || document.querySelector("article");  // the glossary has no plain paragraph
            return {plain: look(plain), notes: [...document.querySelectorAll("article p.site-note")].map(n => ({
                note: look(n), label: look(n.firstElementChild), label_tag: n.firstElementChild.tagName}))};
        }""")
        assert styles["notes"], name
        plain = styles["plain"]
        for n in styles["notes"]:
            assert n["note"]["border"] != plain["border"] and n["note"]["background"] != plain["background"]
            assert n["note"]["style"] == "normal" and n["label"]["style"] == "normal"
            assert n["label_tag"] == "STRONG" and n["label"]["color"] != n["note"]["color"]
    finally:
        v.close()


@pytest.mark.parametrize("name", sorted(pages(LANGS[0])))
def test_no_chinese_text_is_set_in_italics(browser, served_site, name):
    """Chinese fonts have no italics: a browser slants the glyphs (faux italic)."""
    v = visit(browser, served_site, f"{LANGS[0]}/{url_path(name)}")
    try:
        slanted = v.page.evaluate("""cjk => [...document.body.querySelectorAll("*")].filter(e =>
                [...e.childNodes].some(n => n.nodeType === 3 && new RegExp(cjk).test(n.textContent))
                && getComputedStyle(e).fontStyle !== "normal")
                .map(e => e.tagName + ": " + e.textContent.slice(0, 40))""", CJK)
        assert slanted == []
    finally:
        v.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_errata_page_has_a_table_of_contents_of_its_pages(browser, served_site, lang):
    v = visit(browser, served_site, f"{lang}/errata/")
    try:
        toc = v.page.evaluate("""() => [...document.querySelectorAll(".md-sidebar--secondary .md-nav__link")]
            .filter(a => a.offsetParent !== null).map(a => a.hash)""")
        stems = [f"#{name[:-3]}" for name in dict.fromkeys(e.page for e in errata.collect(DOCS / lang))]
        assert toc == ["#by-kind"] + stems
    finally:
        v.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_errata_link_lands_with_the_corrected_text_in_view(browser, served_site, lang, width):
    """Followed from the errata page (Material's instant navigation), each link stops with its box
    below the sticky header and the original text it corrects (the element before the box) on screen."""
    v = visit(browser, served_site, f"{lang}/errata/", width)
    try:
        page = v.page
        hrefs = page.eval_on_selector_all("article li > a[href*='#erratum-']",
                                          "links => links.map(a => a.getAttribute('href'))")
        assert len(hrefs) == len(errata.collect(DOCS / lang))
        for i, href in enumerate(hrefs):
            ident = href.split("#")[1]
            page.goto(f"{served_site}/{lang}/errata/")
            page.locator("article li > a[href*='#erratum-']").nth(i).click()
            page.wait_for_function(f"location.hash === '#{ident}' && document.getElementById('{ident}')")
            page.wait_for_timeout(150)  # the scroll settles
            at = page.evaluate("""id => {
                const box = document.getElementById(id), before = box.previousElementSibling;
                const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
                const top = document.querySelector(".md-top");
                const b = box.getBoundingClientRect(), p = before.getBoundingClientRect();
                return {header, box: b.top, seen: Math.min(p.bottom, b.top) - Math.max(p.top, header),
                        before: p.height, button: top && !top.hidden ? top.getBoundingClientRect().bottom : 0,
                        view: innerHeight};
            }""", ident)
            assert at["header"] <= at["box"] < at["view"], (ident, at)
            assert at["box"] >= at["button"], (ident, at)
            assert at["seen"] >= min(at["before"], 20), (ident, at)  # at least a line of the original
    finally:
        v.close()


def test_errata_list_titles_drop_the_shared_prefix_and_start_with_a_capital():
    assert errata._short('Erratum: "human-level recognition" needs qualifying', "Erratum: ") \
        == '"Human-level recognition" needs qualifying'
    assert errata._short("Erratum: the hardware", "Erratum: ") == "The hardware"
    assert errata._short("勘误：本例的硬件要求", "勘误：") == "本例的硬件要求"
