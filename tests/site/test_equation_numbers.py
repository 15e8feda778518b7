"""Numbered formulas on the built pages: the number beside each labelled formula, an anchor
for it, and every reference landing on an anchor that exists (both languages)."""
import re

import pytest

from sitebuild.pages import structure
from tests.support.pages import LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_every_numbered_formula_shows_its_number_and_every_reference_lands_on_it(built_site, lang):
    anchors, links = {}, []
    for page in structure.of(lang).pages:
        html = (built_site / lang / page.url / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        anchors[page.url] = set(re.findall(r'class="equation-anchor" id="([\w-]+)"', article))
        assert anchors[page.url] == {e.anchor for e in page.equations}, page.file
        for equation in page.equations:  # the formula right after its anchor carries KaTeX's \tag
            after = article[article.index(f'id="{equation.anchor}"'):]
            displays = after.split('class="katex-display"')
            formula = displays[1]
            assert f"<mtext>({equation.number})</mtext>" in formula and 'class="katex-tag"' in formula, \
                (page.file, equation.number)
        links += [(page.url, target, anchor) for target, anchor in
                  re.findall(r'<a href="((?:\.\./[\w-]+/)?)#(equation-[\w-]+)">', article)]
    assert len(links) >= 10
    for url, target, anchor in links:
        landing = url if not target else target.removeprefix("../")
        assert anchor in anchors[landing], (url, target, anchor)
