"""The MkDocs glue, kept thin: each hook hands its work to a plain module.

on_config       site_url per language (from SITE_BASE_URL); the language menu's entries
on_files        run (or fetch from the cache) the experiments the pages use; add
                figures, the notebook pages (notebook_pages.py; mkdocs-jupyter renders
                them, so this runs first), the digit demo's weights and KaTeX's CSS/fonts
                as generated files; fail if a page lacks its translation
on_nav          the notebook pages' section is titled in the page's language
on_page_markdown  number the labelled formulas (equations.py); link the first use of each glossary
                  term (glossary.py); replace the page's directives (directives.py)
on_page_content   typeset formulas with KaTeX (notebook pages: after removing what
                  mkdocs-jupyter would load from other hosts); until search has indexed
                  the page, its content holds each formula as TeX (katex.searchable)
on_page_context   the reader's typeset content back; the values the templates show
on_post_build     fail on any reference to a third-party host

A user's mistake is a BuildError naming the file; `closed` turns it into MkDocs'
PluginError for every hook, so MkDocs shows the message without a traceback.
"""
import functools
import logging
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from sitebuild import languages, repository, settings  # noqa: E402
from sitebuild.engine import execution, session  # noqa: E402
from sitebuild.engine.experiments import EXPERIMENTS, get  # noqa: E402
from sitebuild.errors import BuildError  # noqa: E402
from sitebuild.notebooks import notebook_pages  # noqa: E402
from sitebuild.pages import code_blocks, directives, equations, glossary, snippet_comments, structure  # noqa: E402
from sitebuild.reader import citation, katex, offline_check, output_wrap, page_meta, pdf, social_card  # noqa: E402

log = logging.getLogger("mkdocs.sitebuild")
state = {}


def closed(hook):
    """The hook with a BuildError (a writer's mistake, its message names the file) turned into
    MkDocs' PluginError; anything else is a bug and keeps its traceback."""
    @functools.wraps(hook)  # keeps event_priority's mark
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except BuildError as err:
            raise PluginError(str(err)) from None
    return run


@closed
def on_config(config):
    lang = languages.get(config.theme["language"])
    base = settings.current().base_url
    config.extra["alternate"] = [{"name": other.name, "link": f"../{other.code}/", "lang": other.code}
                                 for other in languages.languages()]
    # Pages include the snippets with comments in this language.
    snippets_base = snippet_comments.write_variants(lang.code)
    config.site_url = f"{base}{lang.code}/"
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its render cache: this build's, per language (each build evicts the rest)
        jupyter.config["cache_dir"] = str(session.current().settings.notebook_render_cache_dir(lang.code))
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(snippets_base)]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = lang.words["permalink_title"]
    state.update(lang=lang.code, language_name=lang.name, words=lang.words, formulas=0, runs={}, articles={},
                 reader_html={}, repository=repository.Repository(config.extra["repository"].rstrip("/")),
                 base_url=base, built=page_meta.build_date(), commit=_build_commit(),
                 glossary=glossary.load(languages.codes()))
    return config


def _build_commit():
    if "commit" not in state:  # once per process: both languages show the same
        state["commit"] = page_meta.build_commit()
    return state["commit"]


@closed
@event_priority(100)  # before mkdocs-jupyter's on_files, which turns the notebooks into pages
def on_files(files, config):
    lang = state["lang"]
    docs_dir = Path(config.docs_dir)
    structure.check_translations(docs_dir.parent)
    for path, content in katex.katex_assets().items():
        files.append(File.generated(config, path, content=content))
    files.append(File.generated(config, social_card.PATH, content=social_card.card_png(
        lang, config.site_name, state["words"]["card_subtitle"], config.site_author)))
    used = directives.checked_site(structure.read(docs_dir, f"docs/{lang}"))  # before anything runs
    build_session = session.current()
    if not build_session.settings.execute:
        log.info("SITE_EXECUTE=0: pages are built without running any experiment")
    else:
        for name in sorted(directives.experiments_to_run(used)):
            state["runs"][name] = execution.execute(build_session, name)
        for path, content in directives.site_files(used, state["runs"], lang, state["words"]).items():
            files.append(File.generated(config, path, content=content))
    _add_notebook_pages(files, config)
    return files


def _add_notebook_pages(files, config):
    """notebooks/<name>.ipynb: one page per experiment with a notebook (outputs when it ran)."""
    for name in sorted(n for n, e in EXPERIMENTS.items() if e.notebook):
        state["articles"][name] = notebook_pages.article_page(name, state["lang"])
        nb = notebook_pages.notebook_page(get(name), state["runs"].get(name), state["lang"],
                                          state["words"], config.site_url, state["articles"][name],
                                          state["repository"].colab_url(f"notebooks/{state['lang']}/{name}.ipynb"))
        path = notebook_pages.write(nb, name, state["lang"])
        # A File with its own src_dir, not File.generated: mkdocs-jupyter's NotebookFile
        # wraps the file and finds its source through src_dir (None for generated files).
        files.append(File(f"notebooks/{name}.ipynb", src_dir=str(path.parent.parent),
                          dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))


@closed
def on_nav(nav, config, files):
    for item in nav.items:
        if item.is_section and any(notebook_pages.is_notebook_page(p.file.src_uri)
                                   for p in item.children if p.is_page):
            item.title = state["words"]["notebook_page"]["nav"]
    return nav


@closed
def on_page_markdown(markdown, page, config, files):
    where = f"docs/{state['lang']}/{page.file.src_uri}"
    if notebook_pages.is_notebook_page(page.file.src_uri):  # the .ipynb's JSON: mkdocs-jupyter renders it
        name = Path(page.file.src_uri).stem
        title = state["words"]["notebook_page"]["title"].format(title=state["articles"][name].title)
        page.meta["report"] = page_meta.report_link(state["repository"], state["words"], title,
                                                    config.site_url + page.url, state["language_name"])
        page.meta["experiments"] = [name]
        # The article that explains a term ranks above the notebook that only shows its code.
        page.meta["search"] = {"boost": notebook_pages.SEARCH_BOOST}
        page.nb_url = f"{name}.ipynb"  # the download, beside the page (mkdocs-jupyter's is root-absolute)
        return markdown
    source = structure.read(Path(config.docs_dir), f"docs/{state['lang']}").page(page.file.src_uri)
    page.meta["report"] = page_meta.report_link(state["repository"], state["words"], source.title,
                                                config.site_url + page.url, state["language_name"])
    page_dir = os.path.dirname(page.file.src_uri) or "."  # links are relative to the .md file
    ctx = directives.PageContext(
        where=where, lang=state["lang"], words=state["words"], runs=state["runs"],
        notebook_urls=lambda name: (
            os.path.relpath(f"notebooks/{name}.ipynb", page_dir),  # the page (MkDocs links the .ipynb to it)
            f"{os.path.relpath('.', page.url or '.')}/notebooks/{name}/{name}.ipynb",  # its download
            state["repository"].colab_url(f"notebooks/{state['lang']}/{name}.ipynb")),
        site_root=os.path.relpath(".", page.url or "."), report_url=page.meta["report"]["href"],
        first_line=source.first_line(markdown), citation=_citation(config))
    markdown = code_blocks.label_fences(markdown, state["lang"], where)
    markdown = equations.number(markdown, source.equations)
    if source.file not in glossary.NOT_ARTICLE:  # the first use of each term links to its entry
        markdown = glossary.link_terms(markdown, state["lang"], state["glossary"],
                                       os.path.relpath("glossary.md", page_dir))
    page.meta["experiments"] = sorted(directives.referenced_experiments(markdown))
    return source.with_subtitle(directives.expand(markdown, ctx))  # last: line numbers are the file's


def _citation(config) -> citation.Citation:
    return citation.Citation(author=config.site_author, title=config.site_name, url=config.site_url,
                             date=state["built"], lang=state["lang"], commit=state["commit"])


@closed
def on_page_content(html, page, config, files):
    where = f"docs/{state['lang']}/{page.file.src_uri}"
    if notebook_pages.is_notebook_page(page.file.src_uri):
        where = os.path.relpath(page.file.abs_src_path, settings.PROJECT_ROOT)
        experiment = get(Path(page.file.src_uri).stem)
        html = notebook_pages.math_spans(notebook_pages.self_hosted(html, where))
        html = notebook_pages.toc_ids(html, _toc_ids(page.toc), where)
        html = notebook_pages.article_code(html, notebook_pages.code_labels(experiment),
                                           state["words"]["output_title"], where)
        if experiment.name in state["runs"]:
            html = notebook_pages.numbered_figures(html, notebook_pages.figure_markup(
                experiment, state["runs"][experiment.name], state["articles"][experiment.name], state["lang"],
                state["words"], os.path.relpath(".", page.url or ".")), where)
        html = notebook_pages.relative_links(html, config.site_url, page.url)
    searchable = katex.searchable(html)
    html, count = katex.typeset(html, where)
    state["formulas"] += count
    page.meta.setdefault("description", page_meta.description(html, state["lang"]))
    finish = lambda h: output_wrap.keep_entries_together(code_blocks.link_titles(h, state["repository"]))  # noqa: E731
    # Material's search indexes page.content in its on_page_context: until then the page holds
    # each formula as its TeX, once; on_page_context below gives the reader the typeset page.
    state["reader_html"][page.file.src_uri] = finish(html)
    return finish(searchable)


def _toc_ids(toc) -> list[str]:
    return [i for item in toc for i in [item.id, *_toc_ids(item.children)]]


@closed
@event_priority(-50)  # after Material's search plugin has indexed page.content (see on_page_content)
def on_page_context(context, page, config, nav):
    page.content = state["reader_html"].pop(page.file.src_uri)
    # What overrides/main.html and the partials show: cards, alternates, provenance.
    commit, words = state["commit"], state["words"]
    context["site_page"] = {
        "image": config.site_url + social_card.PATH,
        "built": words["footer_built"].format(date=state["built"], commit=commit.short if commit else "?")
        + (words["footer_dirty"] if commit and commit.dirty else ""),
        "commit_url": state["repository"].commit_url(commit.sha) if commit else None,
        "runs": [_provenance(state["runs"][name], words)
                 for name in page.meta.get("experiments", []) if name in state["runs"]],
        # The article's PDF, which build.py prints after the pages (none in the live preview, SITE_PDF=0).
        "pdf": pdf.links(state["lang"], page.url) if session.current().settings.pdf else None,
    }
    return context


def _provenance(run, words) -> dict:
    info, name = run.run_info, f"snippets/{run.experiment.name}.py"
    if not info.get("commit"):
        return {"text": words["run_provenance_unknown"].format(name=name), "url": None}
    return {"text": words["run_provenance"].format(name=name, date=info["finished"], commit=info["commit"][:7])
            + (words["footer_dirty"] if info.get("dirty") else ""),
            "url": state["repository"].commit_url(info["commit"])}


DOUBLY_ESCAPED_LABEL = re.compile(r'(aria-label|title)="([^"]*&amp;amp;[^"]*)"')


@closed
def on_post_page(output, page, config):
    # Material's footer escapes page titles that MkDocs has already escaped, so a title
    # with "&" reaches screen readers as "&amp;" (aria-label="下一页: 3. … &amp;amp; …").
    # Only attributes are mended: text elsewhere (code showing "&amp;") stays as written.
    return DOUBLY_ESCAPED_LABEL.sub(lambda m: f'{m[1]}="{m[2].replace("&amp;amp;", "&amp;")}"', output)


@closed
def on_post_build(config):
    sitemap = Path(config.site_dir) / "sitemap.xml"
    if sitemap.is_file():
        sitemap.write_text(page_meta.sitemap_with_alternates(
            sitemap.read_text(encoding="utf-8"), state["base_url"], state["lang"], languages.codes()),
            encoding="utf-8")
    problems = offline_check.find(Path(config.site_dir))
    if problems:
        raise BuildError("references to third-party hosts in the built site:\n  "
                          + "\n  ".join(problems[:30]))
    log.info("sitebuild: %s build has %d formulas, typeset by KaTeX at build time",
             state["lang"], state["formulas"])
