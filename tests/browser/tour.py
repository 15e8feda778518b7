"""One tour of the built site: every page (Markdown and notebook pages, and the 404 page), in
every language, loaded once per view a check needs, measuring everything the per-page checks
of tests/browser/test_every_page.py assert in that one visit.

Views, and the checks that need them:
  1280 px light   everything measured once per page: typeset math, images, interface labels,
                  italics, figures, errata text size, notes, overflow, contrast, copy buttons,
                  the errata page's contents, the home page's first screen, requests, errors
  390 px light    what depends on the width: overflow of formulas and run outputs, figures
                  (the phone's drawing), errata text size, wrapped log lines and what their
                  copy buttons copy, the home page's first screen on a phone
  1280 px dark    what depends on the colours: contrast, notes, notebook cells
Requests to other hosts and console errors are checked in every view.

A new check of every page adds what it needs to MEASURE, or a file measures/<name>.js (an
expression for a function of the page's article; its result is the stop's seen[<name>]), or an
action to _stop (a click), and tests over the tour's stops: it costs no page load. The
suite's page loads are counted by sitebuild/dev/browser.py and printed after the run.
"""
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.dev.browser import site_pages, tour_in_parallel
from tests.support.pages import LANGS

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWS = (("light", 1280), ("light", 390), ("dark", 1280))
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
NOT_FOUND = "404.html"
# measures/<name>.js: one function each, `article => value` (may be async), seen as seen[<name>].
MEASURES = {p.stem: p.read_text(encoding="utf-8")
            for p in sorted((Path(__file__).parent / "measures").glob("*.js"))}


@dataclass
class Stop:
    """What one page load showed."""
    lang: str
    path: str  # under <lang>/: "", "05-project/", "notebooks/expanded_cnn/", "404.html"
    width: int
    scheme: str
    seen: dict  # the MEASURE evaluation
    first_screen: dict | None = None  # the home page's cards before any scrolling
    contrast: list = field(default_factory=list)  # axe's colour-contrast violations
    copied_code: list | None = None  # what each labelled code block's copy button copied (1280 light)
    copied_outputs: list | None = None  # what each run output's copy button copied (390 light)
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def name(self) -> str:
        """The page's Markdown file ("05-project.md"), or its path for the other pages."""
        if self.kind != "article":
            return self.path
        return "index.md" if self.path == "" else f"{self.path[:-1]}.md"

    @property
    def kind(self) -> str:
        if self.path == NOT_FOUND:
            return "404"
        return "notebook" if self.path.startswith("notebooks/") else "article"

    @property
    def where(self) -> str:
        return f"{self.lang}/{self.path} ({self.width} px, {self.scheme})"


class Tour(list):
    def stops(self, width=None, scheme=None, kind=None, lang=None) -> list[Stop]:
        return [s for s in self if (width is None or s.width == width) and (scheme is None or s.scheme == scheme)
                and (kind is None or s.kind == kind) and (lang is None or s.lang == lang)]


FIRST_SCREEN = """() => {
  const cards = document.querySelector("article .grid.cards");
  if (!cards) return null;
  const box = r => [r.top, r.bottom];
  const texts = [], walker = document.createTreeWalker(cards, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    texts.push([n.textContent, ...box(range.getBoundingClientRect())]);
  }
  const links = [...cards.querySelectorAll("a")].map(a => [a.getAttribute("href"), ...box(a.getBoundingClientRect())]);
  return {texts, links, height: innerHeight};
}"""

MEASURE = """async cjk => {
  await document.fonts.ready;  // KaTeX's widths depend on its fonts
  const article = document.querySelector("article") || document.body;
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right}; };
  const visible = e => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"; };
  const look = e => { const s = getComputedStyle(e); return {
    border: s.borderLeftWidth + " " + s.borderLeftStyle, background: s.backgroundColor,
    style: s.fontStyle, color: s.color, weight: s.fontWeight}; };
  const seen = {lang: document.documentElement.lang, column: box(article),
    viewport: document.documentElement.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};

  // Nothing hidden off-screen: display formulas and run outputs.
  seen.formulas = [...article.querySelectorAll(".katex-display")].map(e => {
    const style = getComputedStyle(e);
    return {tex: e.querySelector("annotation").textContent.trim(), ...box(e),
            overflow: e.scrollWidth - e.clientWidth,
            cue: style.backgroundImage.includes("radial-gradient")
                 && style.backgroundAttachment.includes("local") && style.backgroundAttachment.includes("scroll")};
  });
  seen.outputs = [...article.querySelectorAll(".run-output")].map(e => {
    const code = e.querySelector("code");
    return {text: code.textContent.slice(0, 60), ...box(e), overflow: code.scrollWidth - code.clientWidth};
  });
  // A log line's " - " separators, its entries, and the entries broken over two lines.
  seen.logEntries = [...article.querySelectorAll(".run-output code")].map(c => [
    c.textContent.split("\\n").reduce((n, line) => n + line.split(" - ").length - 1, 0),
    c.querySelectorAll(".run-output__entry").length,
    [...c.querySelectorAll(".run-output__entry")].filter(e => e.getClientRects().length > 1).length]);

  // Typeset math, images.
  const prose = article.cloneNode(true);
  prose.querySelectorAll("pre, code, .katex").forEach(e => e.remove());
  seen.rawMath = ["$$", "\\\\(", "\\\\["].filter(raw => prose.textContent.includes(raw));
  seen.katex = {all: article.querySelectorAll(".katex").length,
                display: article.querySelectorAll(".katex-display").length,
                mathml: article.querySelectorAll(".katex-mathml math").length};
  seen.images = [...article.querySelectorAll("img")].map(i => ({
    src: i.getAttribute("src"), alt: (i.getAttribute("alt") || "").trim(), loaded: i.complete && i.naturalWidth > 0}));

  // Figures.
  const column = article.getBoundingClientRect();
  seen.figures = [...article.querySelectorAll("img")].filter(img => img.src.includes("/figures/")).map(img => {
    const figure = img.closest("figure.site-figure");
    const caption = figure && figure.querySelector(":scope > figcaption");
    const r = img.getBoundingClientRect();
    return {src: img.currentSrc, natural: img.naturalWidth, width: r.width, left: r.left, right: r.right,
            columnLeft: column.left, columnRight: column.right, caption: caption ? caption.textContent : null};
  });

  // Three voices: errata at the body text size, site notes unlike the original, no slanted Chinese.
  const body = article.querySelector(":scope > p");
  seen.errata = {boxes: article.querySelectorAll(".erratum").length,
    body: body && getComputedStyle(body).fontSize,
    sizes: [...article.querySelectorAll(".erratum > p:not(.admonition-title), .erratum > .admonition-title")]
      .map(p => getComputedStyle(p).fontSize)};
  const plain = [...article.querySelectorAll(":scope > p")].find(p => !p.className) || article;
  seen.notes = {plain: look(plain), notes: [...article.querySelectorAll("p.site-note")].map(n => ({
    note: look(n), label: look(n.firstElementChild), labelTag: n.firstElementChild.tagName}))};
  seen.slanted = [...document.body.querySelectorAll("*")].filter(e =>
      [...e.childNodes].some(n => n.nodeType === 3 && new RegExp(cjk).test(n.textContent))
      && getComputedStyle(e).fontStyle !== "normal")
    .map(e => e.tagName + ": " + e.textContent.slice(0, 40));

  // Interface words: accessible names and tooltips anywhere, and the text of the interface
  // regions (not the article's prose). Code and formulas are not interface text.
  const skip = e => e.closest("pre, code, .katex, .highlight, .glossary, script, style, template");
  seen.labels = [];
  for (const e of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"))
    if (!skip(e)) for (const a of ["aria-label", "title", "placeholder", "alt"])
      if (e.getAttribute(a)) seen.labels.push([e.tagName + "@" + a, e.getAttribute(a)]);
  const regions = ".md-header, .md-sidebar, .md-footer, .md-search, .md-dialog, .md-top, .admonition-title, "
    + "details > summary, figcaption, .digit-demo, .md-code__nav, .md-source-file, .md-content__button, "
    + "button, label, h1";
  for (const region of document.querySelectorAll(regions)) {
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());)
      if (n.textContent.trim() && !skip(n.parentElement))
        seen.labels.push([region.className || region.tagName, n.textContent.trim()]);
  }

  // The errata page's contents: the visible links of the secondary sidebar.
  seen.toc = [...document.querySelectorAll(".md-sidebar--secondary .md-nav__link")]
    .filter(a => a.offsetParent !== null).map(a => a.hash);

  // Notebook pages: cells shown in the scheme's colours, outputs and figures loaded.
  const code = document.querySelector(".jp-CodeCell .highlight-ipynb");
  seen.notebook = !document.querySelector(".jupyter-wrapper") ? null : {
    codeShown: [...document.querySelectorAll(".jp-CodeCell .highlight-ipynb pre")].slice(0, 1).some(visible),
    outputs: [...document.querySelectorAll(".jp-OutputArea-output pre")].map(o => visible(o) && !!o.innerText.trim()),
    images: [...document.querySelectorAll(".jupyter-wrapper img")].map(i => [i.getAttribute("src"),
                                                                         i.complete && i.naturalWidth > 0]),
    codeBackground: code && getComputedStyle(code).backgroundColor,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    katex: document.querySelectorAll(".jupyter-wrapper .katex").length};
  return seen;
}"""

CONTRAST = """axe.run(document, {runOnly: ['color-contrast']})
    .then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.any[0].message)))"""

RECORD_COPIES = """window.__copied = [];
    document.addEventListener("copy", () => window.__copied.push(String(document.getSelection())));"""


def _copy_each(page, blocks: str) -> list[str]:
    """Click the copy button of each block matching `blocks`; what each copy put on the clipboard.
    (clipboard.js copies the selected text with execCommand("copy"): the selection is recorded.)"""
    page.evaluate(RECORD_COPIES)
    for block in page.locator(blocks).all():
        block.hover()
        block.locator("button[data-md-type=copy]").click()
    return page.evaluate("window.__copied")


def _stop(lang, path, width, scheme, visit) -> Stop:
    page = visit.page
    first_screen = page.evaluate(FIRST_SCREEN) if path == "" else None  # before anything scrolls
    if (scheme, width) == VIEWS[0] and page.locator(".digit-demo").count():
        # The demo's runtime labels are interface words too: let it start.
        page.evaluate("document.querySelector('.digit-demo').scrollIntoView({block: 'center'})")
        page.wait_for_selector(".digit-demo[data-state=ready]", timeout=20000)
    visit.load_lazy_images()
    stop = Stop(lang, path, width, scheme, page.evaluate(MEASURE, CJK), first_screen)
    for name, measure in MEASURES.items():
        stop.seen[name] = page.evaluate(f"({measure})(document.querySelector('article') || document.body)")
    if width == 1280:
        page.add_script_tag(path=str(AXE))
        stop.contrast = page.evaluate(CONTRAST)
    if (scheme, width) == ("light", 1280):
        stop.copied_code = _copy_each(page, "article div.highlight:has(.filename a)")  # labelled with their file
    if (scheme, width) == ("light", 390):
        stop.copied_outputs = _copy_each(page, "article .run-output")
    visit.network_quiet()  # what loads late is still seen
    stop.requests, stop.errors = list(visit.requests), list(visit.errors)
    return stop


def take_tour(base: str) -> Tour:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing (npm ci installs it with Lighthouse)")
    stops = Tour(tour_in_parallel(base, LANGS, site_pages(), VIEWS, _stop))
    # The 404 page has interface words, requests and errors to check, nothing else.
    stops += tour_in_parallel(base, LANGS, [NOT_FOUND], VIEWS[:1], _stop)
    return stops
