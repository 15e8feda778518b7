"""Lighthouse's accessibility audit (axe, deterministic) passes on the home and tutorial pages.
Performance depends on the machine's speed: benchmarks/page_quality.py reports it."""
import pytest


@pytest.mark.parametrize("path", ["zh/", "zh/05-project/", "en/", "en/05-project/"])
def test_accessibility_score_is_at_least_95(browser, served_site, path):
    from benchmarks.page_quality import lighthouse
    result = lighthouse(f"{served_site}/{path}", categories=("accessibility",))
    assert result["scores"]["accessibility"] >= 95, result
