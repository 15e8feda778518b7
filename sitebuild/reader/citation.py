"""How to cite this site: the home page's "cite" block (`{{ cite }}`), per language.

A BibTeX entry and a plain reference, both naming the article's author (`site_author`),
the language's title and address, the build date, and the commit the build was made from
(sitebuild/repository.py asks git; nothing here is typed by hand). A build outside a git
checkout cites no commit rather than a made-up one. The repository's CITATION.cff says the
same for GitHub's "Cite this repository" (tests/unit/test_citation.py reads both).
"""
import re
from dataclasses import dataclass

from sitebuild.reader.page_meta import Commit


@dataclass(frozen=True)
class Citation:
    author: str          # the article's author, as mkdocs.yml's site_author
    title: str           # the language's site_name
    url: str             # the language's address
    date: str            # the build date, YYYY-MM-DD
    lang: str
    commit: Commit | None

    @property
    def key(self) -> str:
        """The BibTeX key: the site's ASCII words, the year and the language."""
        return f"foundation-models-site-{self.date[:4]}-{self.lang}"


BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_text(text: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex(citation: Citation, words: dict) -> str:
    w = words["cite"]
    fields = [
        # Double braces: a name BibTeX must not split into first and last names.
        ("author", "{" + _bibtex_text(citation.author) + "}"),
        ("title", _bibtex_text(citation.title)),
        ("year", citation.date[:4]),
        ("url", citation.url),
        ("language", w["bibtex_language"]),
    ]
    if citation.commit:
        fields.append(("version", citation.commit.sha))
        fields.append(("note", _bibtex_text(w["note"].format(date=citation.date, commit=citation.commit.short))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}\n}}"


def plain(citation: Citation, words: dict) -> str:
    w = words["cite"]
    if not citation.commit:
        built = w["built"].format(date=citation.date)
    else:
        built = w["built_commit"].format(date=citation.date, commit=citation.commit.short
                                         + (words["footer_dirty"] if citation.commit.dirty else ""))
    return w["plain"].format(author=citation.author, title=citation.title, built=built, url=citation.url)


def markdown(citation: Citation, words: dict) -> str:
    """The cite block: the plain reference, then the BibTeX entry in a code block (copy button;
    site.css wraps its long lines, so a phone shows the whole entry)."""
    w = words["cite"]
    return (f"{w['intro']}\n{{ .site-note }}\n\n"
            f"{w['plain_label']}\n\n"
            f"{plain(citation, words).replace(citation.url, f'<{citation.url}>')}\n{{: .cite-plain }}\n\n"
            f"{w['bibtex_label']}\n\n"
            f"``` {{ .bibtex .cite-bibtex }}\n{bibtex(citation, words)}\n```")
