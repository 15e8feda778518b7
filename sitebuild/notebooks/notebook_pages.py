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
* `numbered_figures(html, shown, where)` makes each figure the article page's numbered, zoomable
  <figure>, which links the site's own figure files (the same bytes, which the article page already
  loaded) instead of carrying them inline as base64.
* `article_code(html, labels, ...)` gives code cells and their outputs the article page's markup:
  file labels, copy buttons, and log lines that break between entries only.
* `relative_links(html, site_url, page_url)` makes the notebook's absolute links to the site (kept
  in the download, which is read outside the site) relative on the page.
* `toc_ids(html, ids, where)` gives the headings the ids of the page's table of contents
  (mkdocs-jupyter slugs them one way for the headings and MkDocs another for the contents: a
  Chinese title became id="" with a contents link to #_1).
* `math_spans(html)` turns the `$...$` that nbconvert leaves in markdown cells into the spans that
  `sitebuild.reader.katex` typesets with KaTeX, like every other page.
"""
import base64
import itertools
import re
from pathlib import Path

import nbformat

import html
import os

from sitebuild import settings
from sitebuild.engine.experiments import Experiment
from sitebuild.engine.sections import section_names
from sitebuild.errors import BuildError
from sitebuild.notebooks import from_snippets
from sitebuild.pages import code_blocks, directives, snippet_comments, structure
from sitebuild.reader import figures



class NotebookPageError(BuildError):
    pass


# Search weight of a notebook page (Material's `search.boost`; an article page's is 1): its code
# and outputs repeat an article page's, which explains them, so the article ranks first.
SEARCH_BOOST = 0.5


def article_page(name: str, lang: str) -> structure.Page:
    """The page of `lang` that offers experiment `name`'s notebook (`{{ notebook: name }}`)."""
    return structure.of(lang).notebook_page(name)


def notebook_page(experiment: Experiment, run, lang: str, words: dict, site_url: str,
                  article: structure.Page | None = None, colab_url: str | None = None) -> nbformat.NotebookNode:
    """The notebook of one experiment in one language; `run` None: execution was off (no outputs).
    Its links are absolute (the download is read outside the site); `relative_links` mends the page's."""
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
    ] + ([f"[{words['notebook_colab']}]({colab_url})"] if colab_url else [])
      + ([] if run else [f"*{words['not_executed']}*"]))
    nb.cells = _with_section_headings(nb.cells, experiment, article)
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


ARTICLE_HEADING = re.compile(r"^#{2,3} (?P<text>.+?)\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
INCLUDE = re.compile(r'--8<-- "(?P<path>snippets/[\w/.-]+?):(?P<section>[\w-]+)"')


def article_sections(article: structure.Page, experiment: Experiment) -> dict[str, tuple[str, str]]:
    """{section: (heading, id)}: the article's heading above each of the experiment's sections it shows."""
    found, heading = {}, None
    path = f"snippets/{experiment.name}.py"
    for line in article.text.splitlines():
        matched = ARTICLE_HEADING.match(line)
        if matched:
            heading = (matched["text"], matched["id"])
        include = INCLUDE.search(line)
        if include and include["path"] == path and heading:
            found.setdefault(include["section"], heading)
    return found


def _with_section_headings(cells: list, experiment: Experiment, article: structure.Page) -> list:
    """A heading cell before the first code cell of each article section, as the article's heading
    says it: the page's contents then list the sections, as an article page's do."""
    sections = article_sections(article, experiment)
    by_cell = {from_snippets.cell_id(experiment.name, s): heading for s, heading in sections.items()}
    out, shown = [], set()
    for cell in cells:
        heading = by_cell.get(cell.get("id"))
        if cell.cell_type == "code" and heading and heading not in shown:
            shown.add(heading)
            title = nbformat.v4.new_markdown_cell(f"## {heading[0]}")
            title.id = f"{experiment.name}-{heading[1]}-heading".replace("_", "-")
            out.append(title)
        out.append(cell)
    return out


def code_labels(experiment: Experiment) -> dict[str, str]:
    """{cell id: the file label an article page gives the same code} of each code cell."""
    return {from_snippets.cell_id(experiment.name, section): f"snippets/{experiment.name}.py"
            f"{code_blocks.SEPARATOR}{section}" for section in section_names(experiment.path)}


def figure_markup(experiment: Experiment, run, article: structure.Page, lang: str, words: dict,
                  site_root: str) -> dict[bytes, str]:
    """{PNG bytes: the article page's numbered <figure>} of each figure the notebook shows."""
    shown = {}
    for name, part, number in article.figures:
        if name == experiment.name:
            pngs = figures.figure_pngs(run, part, lang, words["figures"])
            shown[pngs[f"{part}.png"]] = figures.markup(f"{site_root}/figures/{name}/{part}", pngs, number,
                                                        figures.caption(words, name, part),
                                                        words["figure_alt"][part], words)
    return shown


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


FIGURE = re.compile(r'<p><strong>[^<]*</strong>.*?</p>\s*<p><img\b[^>]*?\ssrc="data:image/png;base64,'
                    r'(?P<png>[A-Za-z0-9+/=\s]+)"[^>]*/?>\s*</p>', re.S)


def numbered_figures(page_html: str, shown: dict[bytes, str], where: str) -> str:
    """Each figure's two paragraphs (its bold number and caption, then the inline PNG) become the
    article page's numbered, zoomable figure (`shown`: {PNG bytes: that <figure> markup}), which
    links the site's own figure files instead of carrying the PNG inline. A figure the article
    page does not show fails the build: it would stay an inline PNG without its zoom view."""
    def figure(m):
        markup = shown.get(base64.b64decode(m["png"]))
        if markup is None:
            raise NotebookPageError(f"{where}: a figure that is none of the article page's")
        return markup
    return FIGURE.sub(figure, page_html)


CODE_CELL = re.compile(r'(<div class="jp-Cell jp-CodeCell[^"]*" id="cell-id=(?P<id>[\w-]+)">.*?)'
                       r'<div class="highlight-ipynb hl-python highlight"><pre><span></span>(?P<code>.*?)</pre></div>',
                       re.S)
TEXT_OUTPUT = re.compile(r'<div class="jp-RenderedText jp-OutputArea-output[^"]*" data-mime-type="text/plain"[^>]*>'
                         r'\s*<pre>(?P<text>.*?)</pre>\s*</div>', re.S)


def article_code(page_html: str, labels: dict[str, str], output_title: str, where: str) -> str:
    """Code cells and their text outputs in the article page's markup, so that what an article's
    code blocks and run outputs have, the notebook's have too: the file label (code_blocks.link_titles
    links it), Material's copy button (it needs `pre > code`), and log lines that break between
    entries only (output_wrap.keep_entries_together, reading.css)."""
    def code(m):
        if m["id"] not in labels:
            raise NotebookPageError(f"{where}: code cell '{m['id']}' is no section of the snippet")
        return (f'{m[1]}<div class="language-python highlight-ipynb highlight" id="code-{m["id"]}">'
                f'<span class="filename">{html.escape(labels[m["id"]])}</span>'
                f'<pre><span></span><code>{m["code"]}</code></pre></div>')

    outputs = itertools.count(1)

    def output(m):
        return (f'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">'
                f'<div class="language-text run-output highlight" id="output-{next(outputs)}">'
                f'<span class="filename">{html.escape(output_title)}'
                f'</span><pre><span></span><code>{m["text"]}</code></pre></div></div>')
    page_html, cells = CODE_CELL.subn(code, page_html)
    if cells != len(labels):
        raise NotebookPageError(f"{where}: {cells} code cells found for {len(labels)} sections (new nbconvert?)")
    # Material's copy button finds its block by an id made from the nearest id around the block
    # (#__code_<id> > code): each block has its own (a cell's code and output share the cell's),
    # and nbconvert's cell ids lose their "=", which is no CSS selector.
    return TEXT_OUTPUT.sub(output, page_html).replace(' id="cell-id=', ' id="cell-')


def relative_links(page_html: str, site_url: str, page_url: str) -> str:
    """Links to the site's own address (the notebook's links are absolute, for its download) made
    relative to the page, as every other page's are: the page then works wherever it is served."""
    def relative(m):
        path, hash_, anchor = m[1].partition("#")
        rel = os.path.relpath(path or ".", page_url or ".") + ("/" if path.endswith("/") or not path else "")
        return f'href="{rel}{hash_}{anchor}"'
    return re.sub(r'\bhref="' + re.escape(site_url) + r'([^"]*)"', relative, page_html)


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
