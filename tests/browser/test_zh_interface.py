"""A Chinese page speaks Chinese: no interface label (header, menus, buttons, tooltips,
accessible names, box titles, captions, footer, 404) is left in English. Code, formulas
and the proper names below are not interface text."""
import re

import pytest

from sitebuild.dev.browser import Visit
from tests.support.pages import pages

ZH_PAGES = sorted(pages("zh"))
# Names, not words to translate: the other language's own name in the language menu, products, data.
PROPER_NAMES = re.compile(r"\b(English|Zen and the Art of Computer Programming|Python|TensorFlow|Keras|NumPy|"
                          r"MNIST|Jupyter|Colab|GitHub|KaTeX|MkDocs|Material|SGD|Adam|arXiv)\b")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]")

# Accessible names and tooltips anywhere, and the text of the interface regions (not the article's prose).
COLLECT = """() => {
  const skip = e => e.closest("pre, code, .katex, .highlight, .glossary, script, style, template");
  const out = [];
  for (const e of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"))
    if (!skip(e)) for (const a of ["aria-label", "title", "placeholder", "alt"])
      if (e.getAttribute(a)) out.push([e.tagName + "@" + a, e.getAttribute(a)]);
  const regions = ".md-header, .md-sidebar, .md-footer, .md-search, .md-dialog, .md-top, .admonition-title, "
    + "details > summary, figcaption, .digit-demo, .md-code__nav, .md-source-file, .md-content__button, "
    + "button, label, h1";
  for (const region of document.querySelectorAll(regions)) {
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());)
      if (n.textContent.trim() && !skip(n.parentElement))
        out.push([region.className || region.tagName, n.textContent.trim()]);
  }
  return out;
}"""


def english_labels(found: list) -> list:
    return sorted({(where, text) for where, text in found
                   if LATIN_WORD.search(PROPER_NAMES.sub("", text)) and not CJK.search(text)})


@pytest.mark.parametrize("name", ZH_PAGES + ["404.html"])
def test_a_chinese_page_shows_no_english_interface_label(browser, served_site, name):
    path = "404.html" if name == "404.html" else ("" if name == "index.md" else f"{name[:-3]}/")
    visit = Visit(browser, f"{served_site}/zh/{path}")
    try:
        page = visit.page
        page.evaluate("document.querySelector('.digit-demo')?.scrollIntoView()")  # the demo's runtime labels too
        page.wait_for_timeout(300)
        assert english_labels(page.evaluate(COLLECT)) == []
    finally:
        visit.close()


def test_the_label_check_catches_an_english_label():
    assert english_labels([("BUTTON@title", "Copy to clipboard"), ("A@title", "复制 TensorFlow 代码"),
                           ("A@title", "English"), ("H1", "404 - Not found")]) == [
        ("BUTTON@title", "Copy to clipboard"), ("H1", "404 - Not found")]
