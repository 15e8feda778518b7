"""Notebook pages give a reader what article pages give (issue 17, item 3), asserted over the tour
(tests/browser/measures/reader_parity.js, measured on every page): a copy button on every code
block and run output that copies what it shows, file labels, contents, an Open-in-Colab link,
numbered zoomable figures, and log lines broken only between entries; search ranks the article
above the notebooks. And terms a reader can follow (item 9): term links to the glossary, whose
index of letters a phone reader can use (measures/glossary_index.js)."""
from sitebuild.dev.browser import Visit
from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.engine.sections import section_names
from sitebuild.pages import glossary
from tests.browser.test_search import _open_search, _search
from tests.support.built_html import downloaded_notebook
from tests.support.pages import LANGS


def report(failures: list[str]) -> str:
    return f"{len(failures)} failing:\n" + "\n".join(failures[:40])


def test_every_code_block_and_run_output_has_a_copy_button(tour):
    stops = tour.stops(width=1280, scheme="light")
    failures = [f"{s.where}: {p['copyButtons']} copy buttons for {p['codeBlocks']} blocks"
                for s in stops for p in [s.seen["reader_parity"]] if p["copyButtons"] != p["codeBlocks"]]
    assert sum(s.seen["reader_parity"]["codeBlocks"] for s in stops if s.kind == "notebook") > 0
    assert failures == [], report(failures)


def test_no_log_entry_is_broken_over_two_lines_on_any_page(tour):
    stops = [s for s in tour if s.seen.get("reader_parity")]
    failures = [f"{s.where}: {p['brokenLogEntries']} of {p['logEntries']} log entries broken"
                for s in stops for p in [s.seen["reader_parity"]] if p["brokenLogEntries"]]
    # Notebook pages have logs, seen at a phone's width too.
    assert any(s.seen["reader_parity"]["logEntries"] for s in stops if s.kind == "notebook" and s.width == 390)
    assert failures == [], report(failures)


def test_notebook_pages_have_labels_contents_colab_and_numbered_zoomable_figures(tour):
    failures = []
    for s in tour.stops(width=1280, scheme="light", kind="notebook"):
        p, name = s.seen["reader_parity"], s.path.split("/")[1]
        if p["fileLabels"] < len(section_names(EXPERIMENTS[name].path)):
            failures.append(f"{s.where}: {p['fileLabels']} file labels")
        if p["tocEntries"] < 1:
            failures.append(f"{s.where}: no table of contents")
        if p["colabLinks"] != 1:
            failures.append(f"{s.where}: {p['colabLinks']} Open-in-Colab links")
        if not p["figures"] or not all(f["numbered"] and f["zoom"] for f in p["figures"]):
            failures.append(f"{s.where}: figures {p['figures']}")
    assert failures == [], report(failures)


def test_search_ranks_the_article_that_explains_a_term_above_the_notebooks(browser, served_site):
    for lang in LANGS:
        visit = Visit(browser, f"{served_site}/{lang}/")
        try:
            page, _ = _open_search(visit)
            _search(page, "dropout")
            first = page.evaluate("document.querySelector('.md-search-result__item > a').getAttribute('href')")
        finally:
            visit.close()
        assert "/notebooks/" not in first, (lang, first)


def test_notebook_copy_buttons_copy_the_cells_code_and_what_the_run_printed(tour, executed_site):
    failures = []
    for s in tour.stops(kind="notebook", scheme="light"):
        cells = downloaded_notebook(executed_site, s.lang, s.path.split("/")[1]).cells
        if s.width == 1280:
            expected = [c.source for c in cells if c.cell_type == "code"]
            copied = [c.rstrip("\n") for c in s.copied_code]
        else:
            expected = ["".join(o.text for o in c.outputs).strip("\n")
                        for c in cells if c.cell_type == "code" and c.outputs]
            copied = [c.strip("\n") for c in s.copied_outputs]
        if copied != expected:
            failures.append(f"{s.where}: copied {len(copied)} blocks, not the {len(expected)} of the notebook")
    assert failures == [], report(failures)


# --- terms a reader can follow (issue 17, item 9) ---------------------------------------------

def test_article_pages_link_the_first_use_of_their_terms_to_the_glossary(tour):
    failures, linked = [], {lang: 0 for lang in LANGS}
    for s in tour.stops(width=1280, scheme="light", kind="article"):
        links = s.seen["reader_parity"]["termLinks"]
        targets = [hash_ for _, hash_ in links]
        if s.name in glossary.NOT_ARTICLE and links:
            failures.append(f"{s.where}: {len(links)} term links on a page that is not the article")
        if len(targets) != len(set(targets)) or not all(t.startswith("#term-") for t in targets):
            failures.append(f"{s.where}: term links {targets}")
        linked[s.lang] += len(links)
    assert all(linked.values()), linked
    assert failures == [], report(failures)


def test_the_glossary_index_is_on_a_phones_first_screen_with_targets_a_finger_can_hit(tour):
    stops = [s for s in tour.stops(width=390) if s.path == "glossary/"]
    assert stops
    for s in stops:
        index = s.seen["glossary_index"]
        assert index and index["letters"] >= 10 and index["targets"], s.where
        assert index["bottom"] <= index["screen"], f"{s.where}: the index ends at {index['bottom']} px"
        assert min(index["minWidth"], index["minHeight"]) >= 24, f"{s.where}: {index}"  # WCAG 2.2 target size
