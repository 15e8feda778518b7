"""What a reader must be able to read, on every page of the tour (measures/legibility.js):
Chinese titles without their English gloss (a subtitle instead), the glossary and errata links
above the fold, every character of every code line on screen, a variant's changed line clear of
the copy button, the page's controls at 3:1 against the page, glossary and notes at body size."""
from sitebuild import languages
from sitebuild.pages import structure

FOLD = 800  # the height of a 1280 x 800 screen: the sidebar's links must be above it


def _page(stop):
    return structure.of(stop.lang).page(stop.name)


def test_a_glossed_title_is_the_title_alone_with_its_gloss_as_a_subtitle(tour):
    glossed = [s for s in tour.stops(kind="article") if _page(s).gloss]
    assert {s.lang for s in glossed} == {"zh"} and len({s.name for s in glossed}) >= 8  # the source's glosses
    for stop in glossed:
        page, seen = _page(stop), stop.seen["legibility"]
        assert seen["h1"]["text"] == page.title, stop.where
        assert page.gloss not in seen["title"], stop.where           # the window's (and tab's) title
        assert seen["subtitle"]["text"] == page.gloss and seen["subtitle"]["lang"] == "en", stop.where
        subtitle = seen["subtitle"]
        # Right under the h1: closer to it than the h1's own margin would put the next paragraph.
        assert subtitle["next"] and 0 <= subtitle["below"] < subtitle["h1Margin"] / 2, (stop.where, subtitle)
    for stop in tour.stops(kind="article", lang="zh", width=390):
        assert stop.seen["legibility"]["h1"]["lines"] <= 2, f"{stop.where}: the h1 takes more than two lines"


def test_the_glossary_and_errata_links_are_above_the_fold_of_a_desktop_sidebar(tour):
    for stop in tour.stops(width=1280, kind="article"):
        sidebar = stop.seen["legibility"]["sidebar"]
        assert None not in sidebar.values() and max(sidebar.values()) <= FOLD, (stop.where, sidebar)


def test_no_character_of_a_code_line_is_hidden(tour):
    blocks = 0
    for stop in tour.stops():
        for block in stop.seen["legibility"]["code"]:
            blocks += 1
            assert block["hiddenChars"] == 0, (stop.where, block)
    assert blocks > 100  # the pages' code blocks and the notebooks' cells, in every view


def test_a_variants_changed_line_is_on_screen_and_clear_of_the_copy_button(tour):
    stops = [s for s in tour.stops() if s.seen["legibility"]["changed"]]
    assert {(s.lang, s.width) for s in stops} >= {(lang, w) for lang in languages.codes() for w in (390, 1280)}
    for stop in stops:
        for line in stop.seen["legibility"]["changed"]:
            assert line["onScreen"] and not line["underCopy"], (stop.where, line)


def test_page_actions_stand_out_at_3_to_1_and_report_an_error_says_so_on_a_desktop(tour):
    for stop in tour.stops(kind="article"):
        controls = stop.seen["legibility"]["controls"]
        assert controls, stop.where
        for control in controls:
            assert control["ratio"] >= 3, (stop.where, control)
        report = languages.get(stop.lang).words["report_error"]
        labels = [c["label"] for c in controls if c["name"] == report]
        assert labels == ([report] if stop.width == 1280 else [None]), stop.where
    downloads = [c for s in tour.stops(kind="notebook") for c in s.seen["legibility"]["controls"]]
    assert downloads and min(c["ratio"] for c in downloads) >= 3


def test_glossary_and_notes_are_at_the_body_size(tour):
    for stop in tour.stops(kind="article"):
        sizes = stop.seen["legibility"]["sizes"]
        if stop.name == "glossary.md":
            assert sizes["glossary"] == sizes["body"], stop.where
        assert all(size == sizes["body"] for size in sizes["notes"]), stop.where
    assert any(s.seen["legibility"]["sizes"]["notes"] for s in tour.stops(lang="en"))  # the translator's note


def test_every_check_mark_explains_itself(tour):
    for stop in tour.stops(kind="article"):
        words = languages.get(stop.lang).words["claim_checked"]
        assert all(title == words for title in stop.seen["legibility"]["claimTitles"]), stop.where
