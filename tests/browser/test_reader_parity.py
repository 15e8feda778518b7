"""Notebook pages give a reader what article pages give (issue 17, item 3), asserted over the tour
(tests/browser/measures/reader_parity.js, measured on every page): a copy button on every code
block and run output, file labels, contents, an Open-in-Colab link, numbered zoomable figures, and
log lines broken only between entries; and search ranks the article above the notebooks."""
from sitebuild.dev.browser import Visit
from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.engine.sections import section_names
from tests.browser.test_search import _open_search, _search
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
