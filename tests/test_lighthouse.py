"""Lighthouse's accessibility audit (axe, deterministic) passes on the home and tutorial pages.
Performance depends on the machine's speed: benchmarks/page_quality.py reports it."""
import pytest

from tests.browser import require_chromium, serve


@pytest.mark.parametrize("path", ["zh/", "zh/05-project/", "en/", "en/05-project/"])
def test_accessibility_score_is_at_least_95(built_site, path):
    require_chromium()
    from benchmarks.page_quality import lighthouse
    with serve(built_site) as base:
        result = lighthouse(f"{base}/{path}", categories=("accessibility",))
    assert result["scores"]["accessibility"] >= 95, result
