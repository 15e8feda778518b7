"""Notebook pages: each experiment's notebook, with the build's outputs, as a page of every language.

mkdocs-jupyter renders the pages; this module makes what it renders and mends what it writes.

* `notebook_page(...)` makes a language's notebook of one experiment from the snippet's sections
  (that language's comments) and the cached run: what each section printed, the figures the
  article page shows (with their numbers and captions), and the test accuracy. It runs nothing.
  Its markdown cells are in the page's language and link back to the article page and the errata.
* `write(...)` puts it under this build's folder for the language (settings.py names it), where MkDocs reads it as
  the page `notebooks/<name>.ipynb` (the hooks add it as a file) and mkdocs-jupyter's
  `include_source` copies it beside the page for its download button.
* `self_hosted(html, where)` takes out of mkdocs-jupyter's HTML what would load from another host
  or override the site's look: the MathJax and Mermaid scripts (CDN URLs), JupyterLab's 575 KB
  inline stylesheet (the site's `notebook.css` styles the cells with Material's colours, so
  light and dark follow the reader's toggle) and the English-only copy button; it fails, naming
  the page, if the HTML no longer has the shape this expects (a new mkdocs-jupyter version).
* `linked_figures(html, files)` points the figures' images at the site's own figure files (the
  same bytes, which the article page already loaded) instead of carrying them inline as base64.
* `toc_ids(html, ids, where)` gives the headings the ids of the page's table of contents
  (mkdocs-jupyter slugs them one way for the headings and MkDocs another for the contents: a
  Chinese title became id="" with a contents link to #_1).
* `math_spans(html)` turns the `$...$` that nbconvert leaves in markdown cells into the spans that
  `sitebuild.reader.katex` typesets with KaTeX, like every other page.
"""
import base64
import re
from pathlib import Path

import nbformat

from sitebuild.notebooks import from_snippets
from sitebuild.pages import directives, snippet_comments, structure
from sitebuild.reader import figures
from sitebuild.errors import BuildError
from sitebuild.engine.experiments import Experiment
from sitebuild import settings



class NotebookPageError(BuildError):
    pass


def article_page(name: str, lang: str) -> structure.Page:
    """The page of `lang` that offers experiment `name`'s notebook (`{{ notebook: name }}`)."""
    return structure.of(lang).notebook_page(name)


def notebook_page(experiment: Experiment, run, lang: str, words: dict, site_url: str,
                  article: structure.Page | None = None) -> nbformat.NotebookNode:
    """The notebook of one experiment in one language; `run` None: execution was off (no outputs)."""
    article = article or article_page(experiment.name, lang)
    w = words["notebook_page"]
    source = snippet_comments.variant_path(experiment.path, lang)
    nb = from_snippets.notebook_for(experiment, run.results["section_outputs"] if run else None,
                                [words["notebook_intro"]], source)
    intro = nb.cells[0]
    intro.source = "\n\n".join([
        "# " + w["title"].format(title=article.title),
        w["from_page"].format(title=article.title, url=site_url + article.url, errata=site_url + "errata/"),
        words["notebook_intro"].format(name=experiment.name),
    ] + ([] if run else [f"*{words['not_executed']}*"]))
    if not run:
        return nb
    figure_lines, attachments = [], {}
    for exp, part, number in article.figures:
        if exp != experiment.name:
            continue
        png = figures.figure_pngs(run, part, lang, words["figures"])[f"{part}.png"]
        attachments[f"{part}.png"] = {"image/png": base64.b64encode(png).decode()}
        caption = figures.caption(words, exp, part)
        figure_lines += [f"**{words['figure_number'].format(number=number)}** {caption}",
                         f"![{words['figure_alt'][part]}](attachment:{part}.png)"]
    # str.replace, not format: the sentence holds a formula, whose braces are TeX's.
    closing = [w["accuracy"].replace("{result}", directives.VALUES["test_accuracy_percent"].show(run, words))]
    if figure_lines:
        closing = [w["figures"].format(title=article.title)] + figure_lines + closing
    cell = nbformat.v4.new_markdown_cell("\n\n".join(closing))
    cell.id = f"{experiment.name}-figures".replace("_", "-")
    if attachments:
        cell.attachments = attachments
    nb.cells.append(cell)
    return nb


def write(nb: nbformat.NotebookNode, name: str, lang: str) -> Path:
    nbformat.validate(nb)
    path = settings.current().notebook_pages_dir(lang) / "notebooks" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:  # keep mkdocs-jupyter's cache key stable
        path.write_text(text, encoding="utf-8")
    return path


# What mkdocs-jupyter 0.26 (nbconvert 7.17, template mkdocs_html) writes that this site must not serve.
THIRD_PARTY_SCRIPT = re.compile(r'<script[^>]*\ssrc="(?:https?://[^"]*)?"[^>]*>\s*</script>', re.I)
MATHJAX_CONFIG = re.compile(r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>', re.S)
MERMAID = re.compile(r'<script type="module">[^<]*?mermaid.*?</script>'
                     r'(\s*<style>[^<]*?mermaid[^<]*</style>)?', re.S | re.I)
INLINE_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
COPY_SCRIPT = re.compile(r"<script>\s*(?:/\*! clipboard-copy-element|!function|\(function|var|class|\"use strict\")"
                         r".*?</script>|<script>\s*document\.addEventListener\('clipboard-copy'.*?</script>", re.S)
COPY_BUTTON = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>', re.S)
SCRIPT_COMMENTS = re.compile(r"<!-- (?:Load mathjax|End of mathjax configuration|End of mermaid configuration) -->")
COPY_TEXT = re.compile(r'<div (?:id="cell-\d+" class="clipboard-copy-txt"|class="clipboard-copy-txt" id="cell-\d+")>'
                       r'.*?</div>', re.S)


def self_hosted(page_html: str, where: str) -> str:
    """mkdocs-jupyter's HTML without third-party scripts, inline stylesheets or the copy button."""
    if 'class="jupyter-wrapper"' not in page_html:
        raise NotebookPageError(f"{where}: mkdocs-jupyter's output has no jupyter-wrapper (new version?)")
    page_html = THIRD_PARTY_SCRIPT.sub("", page_html)
    page_html = MATHJAX_CONFIG.sub("", page_html)
    page_html = MERMAID.sub("", page_html)
    page_html = INLINE_STYLE.sub("", page_html)
    page_html = COPY_SCRIPT.sub("", page_html)
    page_html = COPY_BUTTON.sub("", page_html)
    page_html = COPY_TEXT.sub("", page_html)
    page_html = SCRIPT_COMMENTS.sub("", page_html)
    left = (re.findall(r"<script\b[^>]*>|<style\b[^>]*>|clipboard-copy", page_html)
            + re.findall(r"https?://(?:cdn|unpkg)[^\s\"'<]+", page_html))
    if left:
        raise NotebookPageError(f"{where}: mkdocs-jupyter's output still has {left[:3]} after cleaning")
    return page_html


MARKDOWN_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(\S(?:.*?\S)?)(?<![\\$])\$(?!\$)")


def math_spans(page_html: str) -> str:
    """`$x$` / `$$x$$` in rendered markdown cells -> the arithmatex spans sitebuild.reader.katex typesets."""
    def cell(m):
        body = DISPLAY.sub(lambda d: f'<div class="arithmatex">\\[{d.group(1)}\\]</div>', m.group(2))
        body = INLINE.sub(lambda i: f'<span class="arithmatex">\\({i.group(1)}\\)</span>', body)
        return m.group(1) + body + m.group(3)
    return MARKDOWN_CELL.sub(cell, page_html)


def is_notebook_page(src_uri: str) -> bool:
    return src_uri.startswith("notebooks/") and src_uri.endswith(".ipynb")


DATA_PNG = re.compile(r'<img\b([^>]*?)\ssrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*)/?>')


def linked_figures(page_html: str, files: dict[bytes, str]) -> str:
    """Inline PNGs whose bytes are one of `files` ({PNG bytes: URL of <figure>.png}) become that
    file, with its phone drawing below directives.PHONE, as on the article page."""
    def link(m):
        url = files.get(base64.b64decode(m.group(2)))
        if not url:
            return m.group(0)
        phone = url.removesuffix(".png") + "-phone.png"
        return (f'<picture><source media="{directives.PHONE}" srcset="{phone}">'
                f'<img{m.group(1)} src="{url}" loading="lazy" decoding="async"{m.group(3)}></picture>')
    return DATA_PNG.sub(link, page_html)


HEADING = re.compile(r'<(h[1-6]) id="([^"]*)">(.*?)</\1>', re.S)


def toc_ids(page_html: str, ids: list[str], where: str) -> str:
    """Each heading, in order, takes the id the table of contents links to."""
    found = HEADING.findall(page_html)
    if len(found) != len(ids):
        raise NotebookPageError(f"{where}: {len(found)} headings but {len(ids)} contents entries")
    pending = iter(ids)

    def renamed(m):
        new = next(pending)
        body = m.group(3).replace(f'href="#{m.group(2)}"', f'href="#{new}"')
        return f'<{m.group(1)} id="{new}">{body}</{m.group(1)}>'
    return HEADING.sub(renamed, page_html)
