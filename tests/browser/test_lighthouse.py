"""Lighthouse's accessibility and best-practices audits (deterministic) pass on the
home and tutorial pages, in the light and the dark colour scheme. Performance
depends on the machine's speed: benchmarks/page_quality.py reports it."""
import pytest


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["zh/", "zh/05-project/", "en/", "en/05-project/"])
def test_accessibility_and_best_practices_score_at_least_95(browser, served_site, path, scheme):
    from benchmarks.page_quality import lighthouse
    result = lighthouse(f"{served_site}/{path}", categories=("accessibility", "best-practices"), scheme=scheme)
    assert result["scores"]["accessibility"] >= 95, result
    assert result["scores"]["best-practices"] >= 95, result
    # A score can stay above 95 with some text below WCAG AA contrast; no text may be.
    assert "color-contrast" not in result["below_0.9"], result
