// What a notebook page must offer like an article page (issue 17, item 3), measured the same way
// on every page: code blocks and their copy buttons and file labels, contents entries, Colab
// links, numbered zoomable figures, log entries broken over two lines, and the glossary links of terms (item 9).
article => {
  const code = [...article.querySelectorAll("pre")].filter(pre => !pre.closest(".katex"));
  const inCode = pre => pre.closest(".highlight, .jp-OutputArea-output, .run-output");
  // A log entry (" - " separated) drawn on more than one line: ranges over the text nodes.
  const brokenEntries = pre => {
    const nodes = [], walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let text = "";
    for (let n; (n = walker.nextNode());) { nodes.push([n, text.length]); text += n.textContent; }
    const at = offset => {
      for (let i = nodes.length - 1; i >= 0; i--)
        if (nodes[i][1] <= offset) return [nodes[i][0], Math.min(offset - nodes[i][1], nodes[i][0].length)];
      return [nodes[0][0], 0];
    };
    let broken = 0, entries = 0, start = 0;
    for (const line of text.split("\n")) {
      const parts = line.split(" - ");
      if (parts.length > 1) {
        let offset = start + parts[0].length;
        parts.slice(1).forEach(part => {
          const from = offset + 1, to = offset + 3 + part.length;  // "- part", after the space
          offset = to;
          entries += 1;
          const range = document.createRange();
          range.setStart(...at(from));
          range.setEnd(...at(to));
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (tops.size > 1) broken += 1;
        });
      }
      start += line.length + 1;
    }
    return [entries, broken];
  };
  const outputs = [...article.querySelectorAll(".run-output pre, .jp-OutputArea-output pre")];
  const logs = outputs.map(brokenEntries);
  return {
    codeBlocks: code.filter(inCode).length,
    copyButtons: code.filter(pre => inCode(pre) && pre.querySelector("button[data-md-type=copy]")).length,
    fileLabels: [...article.querySelectorAll(".highlight > .filename a[href*='/blob/']")].length,
    tocEntries: [...document.querySelectorAll(".md-sidebar--secondary .md-nav__link")].length,
    colabLinks: [...article.querySelectorAll("a[href^='https://colab.research.google.com/']")].length,
    figures: [...article.querySelectorAll("img")].filter(i => (i.getAttribute("src") || "").includes("/figures/"))
      .map(img => ({numbered: !!img.closest("figure.site-figure")?.querySelector(".site-figure__number"),
                    zoom: !!img.closest("a.site-figure__zoom")})),
    logEntries: logs.reduce((n, [e]) => n + e, 0),
    brokenLogEntries: logs.reduce((n, [, b]) => n + b, 0),
    termLinks: [...article.querySelectorAll("a.glossary-link")].map(a => [a.textContent, a.hash]),
  };
}
