"""The home page's cite block (`{{ cite }}`) in the built site: the article's author, the
language's address, and the commit the build was made from (repository.py asks git; a
build outside a git checkout cites none)."""
import re
from html import unescape

import pytest

from sitebuild import languages, repository
from tests.support.pages import LANGS

AUTHOR = "禅与计算机程序设计艺术 / Zen and the Art of Computer Programming"


def _text(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_cites_the_author_and_the_commit_it_was_built_from(built_site, lang):
    page = (built_site / lang / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="cite"'):]
    bibtex = _text(re.search(r'<code[^>]*>(.*?)</code>', section[section.index("language-bibtex"):], re.S)[1])
    reference = _text(re.search(r'<p class="cite-plain">(.*?)</p>', section, re.S)[1])
    assert f"author = {{{{{AUTHOR}}}}}" in bibtex and reference.startswith(AUTHOR)
    assert languages.get(lang).site_name in reference and f"/{lang}/" in reference
    found = repository.current_commit()
    if found:
        assert f"version = {{{found[0]}}}" in bibtex and found[0][:7] in reference
    else:
        assert "version" not in bibtex
