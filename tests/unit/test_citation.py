"""How to cite the site: CITATION.cff at the repository's root is valid Citation File Format 1.2.0
(the schema is vendored in tests/support, from cffconvert 2.0.0, the schema GitHub's "Cite this
repository" follows) and names the article's author; the home page's cite block (citation.py)
names the author and the commit the build was made from, in each language's words."""
import json
import re

import jsonschema
import pytest
import yaml

from sitebuild import languages
from sitebuild.reader import citation
from sitebuild.reader.page_meta import Commit
from sitebuild.settings import PROJECT_ROOT
from tests.support.pages import LANGS

SCHEMA = PROJECT_ROOT / "tests" / "support" / "citation-cff-1.2.0.schema.json"
AUTHOR = "禅与计算机程序设计艺术 / Zen and the Art of Computer Programming"


def citation_cff() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0():
    cff = citation_cff()
    assert cff["cff-version"] == "1.2.0"
    jsonschema.validate(cff, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_schema_rejects_a_citation_without_authors():  # the validation above can fail
    cff = {key: value for key, value in citation_cff().items() if key != "authors"}
    with pytest.raises(jsonschema.ValidationError, match="authors"):
        jsonschema.validate(cff, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_citation_cff_names_the_articles_author_and_the_repository():
    cff = citation_cff()
    assert cff["authors"] == [{"name": AUTHOR}]
    config = languages._read(languages.languages()[0].config_file, inherit=False)
    assert config["site_author"] == AUTHOR  # the site's footer and cite block name the same author
    assert cff["repository-code"] == config["extra"]["repository"]


def _example(lang: str, commit: Commit | None) -> citation.Citation:
    return citation.Citation(author=AUTHOR, title="T & {x}", url=f"https://example.org/site/{lang}/",
                             date="2026-12-01", lang=lang, commit=commit)


@pytest.mark.parametrize("lang", LANGS)
def test_the_cite_block_names_the_author_and_the_builds_commit(lang):
    words = languages.get(lang).words
    sha = "0123456789abcdef0123456789abcdef01234567"
    block = citation.markdown(_example(lang, Commit(sha, dirty=False)), words)
    entry = re.search(r"``` \{ \.bibtex \.cite-bibtex \}\n(@misc\{[^,]+,\n.*?\n\})\n```", block, re.S)[1]
    assert f"author = {{{{{AUTHOR}}}}}" in entry       # braced: BibTeX keeps the name whole
    assert f"version = {{{sha}}}" in entry
    assert "title = {T \\& \\{x\\}}" in entry           # BibTeX's special characters escaped
    assert "url = {https://example.org/site/" + lang + "/}" in entry
    reference = citation.plain(_example(lang, Commit(sha, dirty=False)), words)
    assert reference.startswith(AUTHOR) and "0123456" in reference and "2026-12-01" in reference


def test_a_build_without_git_cites_no_commit():
    words = languages.get(LANGS[0]).words
    block = citation.markdown(_example(LANGS[0], None), words)
    assert "version" not in block and "None" not in block and "?" not in block
