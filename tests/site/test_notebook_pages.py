"""Notebook pages (sitebuild/notebooks/notebook_pages.py, rendered by mkdocs-jupyter): one per experiment
and language, in the 笔记本 / Notebooks section, self-hosted, typeset, linked from the article
page, with a download that is the same valid notebook; the outputs are the article page's."""
import html
import re
from pathlib import Path

import nbformat
import pytest

from sitebuild import languages
from sitebuild.engine.experiments import EXPERIMENTS
from sitebuild.engine.sections import section_names
from sitebuild.notebooks import notebook_pages
from sitebuild.pages import structure
from sitebuild.reader import offline_check
from sitebuild.settings import current
from tests.support.built_html import OUTPUT_BLOCK, downloaded_notebook, text_of
from tests.support.pages import DOCS, LANGS, directives_in, formula_counts

NAMES = sorted(n for n, e in EXPERIMENTS.items() if e.notebook)
CODE_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell[^"]*" id="cell-([\w-]+)">'
                       r'(.*?)(?=<div class="jp-Cell |</div> <!-- jp-Notebook)', re.S)
CELL_OUTPUT = re.compile(r'<div class="jp-RenderedText jp-OutputArea-output[^"]*"[^>]*>.*?<pre>(.*?)</pre>', re.S)


def page_html(site: Path, lang: str, name: str) -> str:
    return (site / lang / "notebooks" / name / "index.html").read_text()


def cell_id(name: str, section: str) -> str:
    return f"{name}-{section}".replace("_", "-")  # sitebuild/notebooks/from_snippets.py names the cells so


def shown_outputs(site: Path, lang: str, name: str) -> dict[str, str]:
    """{section: text} of every output the notebook page shows."""
    cells = dict(CODE_CELL.findall(page_html(site, lang, name)))
    sections = {cell_id(name, s): s for s in section_names(EXPERIMENTS[name].path)}
    assert sorted(cells) == sorted(sections), (lang, name, sorted(cells))
    return {sections[i]: "".join(text_of(o) for o in CELL_OUTPUT.findall(cell))
            for i, cell in cells.items() if CELL_OUTPUT.search(cell)}


# --- every tier (the fast one builds with execution off: pages without outputs) ---

@pytest.mark.parametrize("lang", LANGS)
def test_each_experiment_has_a_notebook_page_in_the_notebooks_section_of_each_language(built_site, lang):
    words = languages.get(lang).words["notebook_page"]
    for name in NAMES:
        page = page_html(built_site, lang, name)
        assert 'class="jupyter-wrapper"' in page  # rendered by mkdocs-jupyter
        article = notebook_pages.article_page(name, lang)
        title = html.escape(words["title"].format(title=article.title), quote=False)
        assert f"<title>{title} - " in page
        nav = re.search(r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', page)
        assert nav and nav.group(1) == words["nav"], nav and nav.group(1)
    assert sorted(p.name for p in (built_site / lang / "notebooks").iterdir()) == NAMES


@pytest.mark.parametrize("lang", LANGS)
def test_the_download_button_gives_the_pages_own_valid_notebook(built_site, lang):
    for name in NAMES:
        page = page_html(built_site, lang, name)
        button = re.search(r'<a href="([^"]+)" class="md-content__button[^"]*site-notebook-download"[^>]*download',
                           page)
        assert button and button.group(1) == f"{name}.ipynb"  # beside the page, wherever the site is served
        nb = downloaded_notebook(built_site, lang, name)
        nbformat.validate(nb)
        intro, site = nb.cells[0].source, f"{current().base_url}{lang}/"
        assert intro.startswith("# ") and f"]({site}{notebook_pages.article_page(name, lang).url})" in intro
        assert f"]({site}errata/)" in intro


@pytest.mark.parametrize("lang", LANGS)
def test_article_pages_link_their_notebook_page_and_its_download(built_site, lang):
    for name in NAMES:
        article = notebook_pages.article_page(name, lang)
        page = (built_site / lang / article.url / "index.html").read_text()
        links = re.search(r'<p class="notebook-links">(.*?)</p>', page, re.S).group(1)
        hrefs = re.findall(r'href="([^"]+)"', links)
        assert hrefs[0] == f"../notebooks/{name}/" and hrefs[1] == f"../notebooks/{name}/{name}.ipynb", hrefs
        assert (built_site / lang / article.url / hrefs[1]).resolve().is_file()


def test_both_languages_notebooks_have_the_same_cells(built_site):
    """Parity: the same cell ids in the same order; code the same but for its comments."""
    for name in NAMES:
        books = [downloaded_notebook(built_site, lang, name) for lang in LANGS]
        ids = [[c.id for c in nb.cells] for nb in books]
        assert all(i == ids[0] for i in ids), (name, ids)
        uncommented = [[re.sub(r"#.*", "", c.source).split() for c in nb.cells if c.cell_type == "code"]
                       for nb in books]
        assert all(u == uncommented[0] for u in uncommented), name
        outputs = [[c.get("outputs") for c in nb.cells if c.cell_type == "code"] for nb in books]
        assert all(o == outputs[0] for o in outputs), name


def test_notebook_pages_load_nothing_from_another_host(built_site):
    pages = [built_site / lang / "notebooks" / name / "index.html" for lang in LANGS for name in NAMES]
    for page in pages:
        text = page.read_text()
        wrapper = text[text.index('class="jupyter-wrapper"'):text.index("<!-- jupyter-wrapper -->")]
        assert "<script" not in wrapper and "<style" not in wrapper, page
        assert not re.search(r"mathjax|mermaid|require\.js|cdnjs|jsdelivr|unpkg", text, re.I), page
    assert offline_check.find(built_site) == []


MKDOCS_JUPYTER_SHAPE = """<script src="{url}"> </script>
<!-- MathJax configuration -->
<script type="text/x-mathjax-config">init_mathjax = function() {{}}</script>
<style type="text/css">.jp-Cell {{ color: red }}</style>
<div class="jupyter-wrapper"><div class="jp-Notebook">
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<p>Loss $L = \\frac{{1}}{{n}}$ and $$a^2$$</p></div></div>
<div class="jp-Cell jp-CodeCell"><pre>price = $5 or $6</pre></div>
</div></div>"""


def test_what_mkdocs_jupyter_would_load_from_a_cdn_is_removed():
    cleaned = notebook_pages.self_hosted(
        MKDOCS_JUPYTER_SHAPE.format(url="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js"), "x.ipynb")
    assert "<script" not in cleaned and "<style" not in cleaned and "jupyter-wrapper" in cleaned


def test_an_unexpected_script_or_a_changed_shape_fails_naming_the_page():
    with pytest.raises(notebook_pages.NotebookPageError, match="x.ipynb.*still has"):
        notebook_pages.self_hosted('<div class="jupyter-wrapper"><script>alert(1)</script></div>', "x.ipynb")
    with pytest.raises(notebook_pages.NotebookPageError, match="x.ipynb.*no jupyter-wrapper"):
        notebook_pages.self_hosted("<div>nbconvert changed</div>", "x.ipynb")


def test_formulas_of_markdown_cells_become_katex_spans_and_code_is_left_alone():
    spans = notebook_pages.math_spans(MKDOCS_JUPYTER_SHAPE.format(url=""))
    assert '<span class="arithmatex">\\(L = \\frac{1}{n}\\)</span>' in spans
    assert '<div class="arithmatex">\\[a^2\\]</div>' in spans
    assert "price = $5 or $6" in spans


def test_a_notebook_offered_by_two_pages_fails_naming_the_folder(tmp_path, monkeypatch):
    zh = languages.get(LANGS[0])
    fake = type(zh)(zh.code, zh.name, zh.site_name, zh.config_file, tmp_path, zh.words)
    for page in ("a.md", "b.md"):
        (tmp_path / page).write_text("# A\n\n{{ notebook: expanded_cnn }}\n")
    monkeypatch.setattr(languages, "get", lambda code: fake)
    with pytest.raises(structure.StructureError, match=r"docs/zh/.*\['a.md', 'b.md'\]"):
        notebook_pages.article_page("expanded_cnn", "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_formulas_in_notebook_markdown_are_typeset_by_katex(built_site, lang):
    """As many KaTeX formulas on the page as the notebook's markdown cells hold, and no `$` left."""
    for name in NAMES:
        page = page_html(built_site, lang, name)
        markdown = "\n\n".join(c.source for c in downloaded_notebook(built_site, lang, name).cells if c.cell_type == "markdown")
        display, inline = formula_counts(markdown)
        assert page.count('<span class="katex">') == display + inline
        cells = re.findall(r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown.*?(?=<div class="jp-Cell )',
                           page, re.S)
        assert cells and not any("$" in c for c in cells)


# --- with the build's runs (the executed site; the fresh-kernel run trains once) ---

@pytest.mark.parametrize("lang", LANGS)
def test_every_output_on_a_notebook_page_is_the_one_on_its_article_page(executed_site, lang):
    for name in NAMES:
        article = notebook_pages.article_page(name, lang)
        source = (DOCS / lang / article.file).read_text()
        article_html = (executed_site / lang / article.url / "index.html").read_text()
        directives = [(o.experiment, o.key) for o in directives_in(source, "output")]
        blocks = [text_of(b).strip("\n") for b in OUTPUT_BLOCK.findall(article_html)]
        assert len(directives) == len(blocks)
        on_article = {section: text for (exp, section), text in zip(directives, blocks, strict=True) if exp == name}
        shown = shown_outputs(executed_site, lang, name)
        assert shown and set(shown) == set(on_article), (name, set(shown), set(on_article))
        for section, text in shown.items():
            assert text.strip("\n") == on_article[section], (lang, name, section)
        nb_outputs = {c.id: "".join(o.text for o in c.outputs) for c in downloaded_notebook(executed_site, lang, name).cells
                      if c.cell_type == "code" and c.outputs}
        assert sorted(t.strip("\n") for t in nb_outputs.values()) == sorted(t.strip("\n") for t in shown.values())
        # The figures are the article page's files; the accuracy sentence the run's value.
        page = page_html(executed_site, lang, name)
        for src in re.findall(r'<img[^>]*src="([^"]+)"', page[page.index("jupyter-wrapper"):]):
            assert src.startswith(f"../../figures/{name}/") and src[6:] in article_html, src
        accuracy = re.search(r"Test accuracy: ([\d.]+)", shown["evaluate"]).group(1)
        assert f"{100 * float(accuracy):.2f}%" in text_of(page)




def test_headings_take_the_ids_the_contents_link_to_or_the_build_fails():
    page = '<h1 id="">笔记本：附录<a class="anchor-link" href="#">¶</a></h1><p>x</p>'
    assert notebook_pages.toc_ids(page, ["_1"], "x.ipynb") == \
        '<h1 id="_1">笔记本：附录<a class="anchor-link" href="#_1">¶</a></h1><p>x</p>'
    with pytest.raises(notebook_pages.NotebookPageError, match="x.ipynb: 1 headings but 2"):
        notebook_pages.toc_ids(page, ["_1", "_2"], "x.ipynb")


# --- as good as an article page (issue 17, item 3) -------------------------------------------

ARTICLE_PART = re.compile(r"<article.*?</article>", re.S)


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_code_cells_are_labelled_and_copyable_like_the_articles_code(built_site, lang):
    for name in NAMES:
        page = page_html(built_site, lang, name)
        cells = dict(CODE_CELL.findall(page))
        for section in section_names(EXPERIMENTS[name].path):
            cell = cells[cell_id(name, section)]
            # The article's markup: a file label linked to the lines, and `pre > code` (Material's copy button).
            label = re.search(r'<span class="filename"><a href="([^"]+)">([^<]+)</a></span><pre><span></span><code>',
                              cell)
            assert label, (lang, name, section)
            assert label[2] == f"snippets/{name}.py · {section}" and f"/blob/main/snippets/{name}.py#L" in label[1]


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_pages_link_the_site_relatively_and_offer_colab(built_site, lang):
    base = current().base_url
    for name in NAMES:
        article = ARTICLE_PART.search(page_html(built_site, lang, name))[0]
        absolute = re.findall(rf'href="((?:{re.escape(base)}|/)[^"]*)"', article)
        assert absolute == [], (lang, name, absolute)
        assert f'href="../../{notebook_pages.article_page(name, lang).url}"' in article
        assert f'href="https://colab.research.google.com/github/zen-and-the-art/foundation-models-site/blob/main/' \
               f'notebooks/{lang}/{name}.ipynb"' in article
        # The download keeps absolute links: it is read outside the site.
        assert f"]({base}{lang}/errata/)" in downloaded_notebook(built_site, lang, name).cells[0].source


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_pages_have_the_articles_section_headings_as_contents(built_site, lang):
    for name in NAMES:
        article = notebook_pages.article_page(name, lang)
        headings = list(dict.fromkeys(notebook_pages.article_sections(article, EXPERIMENTS[name]).values()))
        page = page_html(built_site, lang, name)
        contents = page[page.index('class="md-nav md-nav--secondary"'):]
        contents = contents[:contents.index("</nav>")]
        shown = [text_of(t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', contents, re.S)]
        assert headings and shown == [text for text, _ in headings], (lang, name, shown)


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_pages_weigh_less_in_search_than_their_articles(built_site, lang):
    """The notebooks repeat an article's code and outputs; the article explains them ("dropout")."""
    import json
    index = json.loads((built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    weight = {doc["location"]: doc.get("boost", 1) for doc in index["docs"]}
    for name in NAMES:
        article = notebook_pages.article_page(name, lang).url
        assert weight[f"notebooks/{name}/"] == notebook_pages.SEARCH_BOOST < weight[article], (lang, name)


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_figures_are_the_articles_numbered_zoomable_figures(executed_site, lang):
    for name in NAMES:
        article = notebook_pages.article_page(name, lang)
        article_html = (executed_site / lang / article.url / "index.html").read_text()
        on_article = {m[1]: m[0] for m in re.finditer(r'<figure class="site-figure" id="([^"]+)">.*?</figure>',
                                                     article_html, re.S)}
        page = page_html(executed_site, lang, name)
        shown = re.findall(r'<figure class="site-figure" id="([^"]+)">.*?</figure>', page, re.S)
        expected = [f"figure-{n.replace('.', '-')}" for e, _, n in article.figures if e == name]
        assert shown == expected and "data:image/png" not in page, (lang, name, shown)
        for figure in re.finditer(r'<figure class="site-figure" id="([^"]+)">.*?</figure>', page, re.S):
            # The same markup, one folder deeper.
            assert figure[0].replace("../../figures/", "../figures/") == on_article[figure[1]]
