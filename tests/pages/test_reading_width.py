"""The sources of what tests/browser/test_every_page.py measures off-screen: a formula is set
with the same TeX in every language (so it breaks the same way), and a run output's log lines
are cut into entries that wrap as a whole without changing the text. (No browser here.)"""
import re

import pytest

from sitebuild.reader.output_wrap import keep_entries_together
from tests.support.pages import DISPLAY_MATH, INLINE_MATH, LANGS, pages, without_code

PAGE_NAMES = sorted(pages(LANGS[0]))


# ---- fast: the sources -------------------------------------------------------------------

def formulas(text: str) -> tuple[list[str], list[str]]:
    text = without_code(text)
    return DISPLAY_MATH.findall(text), INLINE_MATH.findall(DISPLAY_MATH.sub("", text))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_language_sets_each_formula_with_the_same_tex(name):
    """A formula broken onto aligned lines is broken the same way in every language."""
    base = formulas(pages(LANGS[0])[name])
    for lang in LANGS[1:]:
        assert formulas(pages(lang)[name]) == base, f"{lang}/{name} differs from {LANGS[0]}/{name}"


def test_log_entries_become_unbreakable_spans_and_the_text_is_unchanged():
    code = "Epoch 1/2\n844/844 - 8s - 9ms/step - accuracy: 0.6041 - val_loss: 0.2925\nTest accuracy: 0.98"
    page = (f'<p>a - b</p><div class="language-text run-output highlight">'
            f'<pre><span></span><code>{code}</code></pre></div>')
    wrapped = keep_entries_together(page)
    assert wrapped.count('<span class="run-output__entry">') == 4
    assert '<span class="run-output__entry">- accuracy: 0.6041</span>' in wrapped
    assert "<p>a - b</p>" in wrapped  # only run outputs are touched
    assert re.sub(r'<span class="run-output__entry">(.*?)</span>', r"\1", wrapped) == page


def test_log_entries_leave_a_block_that_is_already_marked_up_alone():
    page = '<div class="run-output highlight"><pre><code><span class="hll">a - b</span></code></pre></div>'
    assert keep_entries_together(page) == page
