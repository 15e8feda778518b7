"""Every text on every page (the notebook pages too) meets WCAG AA contrast (axe-core's color-contrast rule,
the one Lighthouse runs), in both languages and both colour schemes."""
from pathlib import Path

import pytest

from sitebuild.engine.experiments import EXPERIMENTS
from tests.support.pages import LANGS, pages

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGE_PATHS = (["" if name == "index.md" else f"{name[:-3]}/" for name in sorted(pages(LANGS[0]))]
              + [f"notebooks/{name}/" for name, e in sorted(EXPERIMENTS.items()) if e.notebook])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_text_on_any_page_falls_below_aa_contrast(executed_site, served_site, browser, lang, scheme):
    from sitebuild.dev.browser import Visit
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing (npm ci installs it with Lighthouse)")
    failures = []
    for path in PAGE_PATHS:
        visit = Visit(browser, f"{served_site}/{lang}/{path}", 1280, 900, color_scheme=scheme)
        try:
            visit.load_lazy_images()
            visit.page.add_script_tag(path=str(AXE))
            violations = visit.page.evaluate("""axe.run(document, {runOnly: ['color-contrast']})
                .then(r => r.violations.flatMap(v => v.nodes.map(
                    n => n.target.join(' ') + ': ' + n.any[0].message)))""")
        finally:
            visit.close()
        failures += [f"{lang}/{path} ({scheme}) {v}" for v in violations]
    assert not failures, "\n".join(failures[:20])
