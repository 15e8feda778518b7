"""Three voices told apart in the sources (the original text, errata, the site's notes), and an
errata page that is a real page: a heading per page, counts by kind. How they look and where
the errata links land is measured in the browser (tests/browser/test_every_page.py,
tests/browser/test_navigation.py)."""
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from sitebuild import languages
from sitebuild.dev.project_copy import copy_project
from sitebuild.pages import errata
from tests.support.pages import DOCS, LANGS, ROOT, pages

NOTE_LABEL = re.compile(r"^\*\*(本站补充：|Added by this site:)\*\*", re.M)
OLD_NOTE = re.compile(r"^\*(本站补充|Added by this site)")


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


def test_errata_list_titles_drop_the_shared_prefix_and_start_with_a_capital():
    assert errata._short('Erratum: "human-level recognition" needs qualifying', "Erratum: ") \
        == '"Human-level recognition" needs qualifying'
    assert errata._short("Erratum: the hardware", "Erratum: ") == "The hardware"
    assert errata._short("勘误：本例的硬件要求", "勘误：") == "本例的硬件要求"


# --- every paragraph the site writes says so (fast) ---

SOURCE = ROOT / "data" / "article-source.txt"  # the article as handed to the project (data/README.md)
# Pages that are the site's own from their first line (each says so at the top, or is generated).
SITE_PAGES = {"appendix-momentum-variant.md", "errata.md", "glossary.md"}
NOT_A_PARAGRAPH = re.compile(r"^(#|[-*+] |\d+\. |\||<|\{\{|\{ |\$\$|--8<--|```|~~~)")


def _comparable(text: str) -> str:
    """Text as the source and the page can both be compared: no markup, spaces, quote styles or ×."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*`\s]", "", text)
    return text.translate(str.maketrans({"“": '"', "”": '"', "×": "x"}))


def paragraphs(text: str):
    """(line, text) of each prose paragraph outside erratum and note blocks, code, display math,
    HTML blocks and front matter; list items count only through the paragraphs indented under them."""
    found, current, start, inside = [], [], 0, None
    lines = text.split("\n")
    if lines[0] == "---":
        lines = [""] * (lines.index("---", 1) + 1) + lines[lines.index("---", 1) + 1:]
    for number, line in enumerate(lines + [""], 1):
        stripped = line.strip()
        closes = {"///": "///", "```": "```", "$$": "$$", "<div": "</div>"}
        if inside:
            if stripped == inside or (inside == "</div>" and stripped.startswith("</div>")):
                inside = None
            continue
        opener = next((k for k in closes if stripped.startswith(k)), None)
        if opener and not (opener == "///" and stripped == "///"):
            inside = closes[opener]
            continue
        if stripped:
            if not current:
                start = number
            current.append(stripped)
            continue
        if current and not NOT_A_PARAGRAPH.match(current[0]):
            found.append((start, " ".join(current)))
        current = []
    return found


def test_every_paragraph_not_from_the_article_carries_the_site_note_label():
    """A paragraph of a Chinese page is the source's words (found in the article), or the site's
    and labelled: a reader never takes the site's words for the author's."""
    source = _comparable(SOURCE.read_text(encoding="utf-8"))
    unlabelled = []
    for name, text in pages("zh").items():
        if name in SITE_PAGES:
            continue
        for line, paragraph in paragraphs(text):
            if not NOTE_LABEL.match(paragraph) and _comparable(paragraph) not in source:
                unlabelled.append(f"docs/zh/{name}:{line}: {paragraph[:50]}")
    assert unlabelled == []


def test_the_paragraph_check_sees_paragraphs_and_skips_blocks():
    text = ("---\ntitle: x\n---\n\n# T\n\nFirst\nparagraph.\n\n/// erratum | E\n    attrs: {}\n\nInside.\n///\n\n"
            "- item\n\n    Indented under the item.\n\n$$\nx\n$$\n\n**本站补充：**A note.\n{ .site-note }\n")
    assert paragraphs(text) == [(7, "First paragraph."), (18, "Indented under the item."),
                                (24, "**本站补充：**A note. { .site-note }")]
