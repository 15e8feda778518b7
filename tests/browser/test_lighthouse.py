"""Lighthouse's accessibility and best-practices audits (deterministic) pass on the
home and tutorial pages of each language, each in one colour scheme, so that both
schemes, both languages and both kinds of page are audited. What depends on the
scheme, the contrast of every text, is checked on every page in both schemes by the
tour (axe-core's color-contrast rule, tests/browser/test_every_page.py).
Performance depends on the machine's speed: benchmarks/page_quality.py reports it."""
import pytest


@pytest.mark.parametrize(("path", "scheme"), [("zh/", "light"), ("zh/05-project/", "dark"),
                                              ("en/", "dark"), ("en/05-project/", "light")])
def test_accessibility_and_best_practices_score_at_least_95(browser, served_site, path, scheme):
    from benchmarks.page_quality import lighthouse
    result = lighthouse(f"{served_site}/{path}", categories=("accessibility", "best-practices"), scheme=scheme)
    assert result["scores"]["accessibility"] >= 95, result
    assert result["scores"]["best-practices"] >= 95, result
    # A score can stay above 95 with some text below WCAG AA contrast; no text may be.
    assert "color-contrast" not in result["below_0.9"], result
