article => {
  // Issue 17's reading checks (tests/browser/test_legibility.py): titles, code lines, text sizes,
  // the page's controls' contrast.
  const rect = e => e.getBoundingClientRect();
  const h1 = article.querySelector("h1");
  const subtitle = article.querySelector(".page-subtitle");

  // Sidebar links as they stand with the sidebar scrolled to its top (Material may scroll it to
  // the current page's link): where the glossary and errata links are, against the fold.
  const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
  const link = end => {
    const a = wrap && [...wrap.querySelectorAll("a.md-nav__link")].find(l => l.pathname.endsWith(end));
    return a && a.offsetParent !== null ? Math.round(rect(a).bottom + wrap.scrollTop) : null;
  };

  // Code: characters of the widest line hidden at the block's right edge, and the changed lines
  // of a variant (.hll): on screen, and not under the copy button.
  const charWidth = code => {
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(20);
    code.append(probe);
    const width = rect(probe).width / 20;
    probe.remove();
    return width;
  };
  const blocks = [...article.querySelectorAll("div.highlight pre > code")].map(code => {
    const hidden = code.scrollWidth - code.clientWidth;
    return {text: code.textContent.split("\n")[0].slice(0, 50),
            hiddenChars: hidden > 1 ? Math.ceil(hidden / charWidth(code)) : 0};
  });
  const changed = [...article.querySelectorAll("div.highlight .hll")].map(line => {
    const code = line.closest("code"), box = rect(code);
    const button = line.closest("div.highlight").querySelector(".md-code__button, .md-clipboard");
    const range = document.createRange();
    range.selectNodeContents(line);
    const parts = [...range.getClientRects()].filter(r => r.width > 0);
    const b = button && rect(button);
    const meets = (r, s) => r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
    return {text: line.textContent.trim(),
            onScreen: parts.every(r => r.left >= box.left - .5 && r.right <= box.right + .5),
            underCopy: !!b && b.width > 0 && parts.some(r => meets(r, b))};
  });

  // Contrast of each page action's icon against what is behind it (alpha blended), WCAG's formula.
  const rgba = s => { const [r, g, b, a = 1] = s.match(/[\d.]+/g).map(Number); return [r, g, b, a]; };
  const behind = e => {
    for (let n = e.parentElement; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const blend = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const luminance = rgb => { const [r, g, b] = rgb.map(v => { v /= 255;
    return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; }); return .2126 * r + .7152 * g + .0722 * b; };
  const ratio = (x, y) => { const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p); return (a + .05) / (b + .05); };
  const controls = [...document.querySelectorAll(".md-content__button")].map(button => {
    const svg = button.querySelector("svg"), back = behind(button);
    const label = button.querySelector(".site-report__label");
    return {name: button.getAttribute("aria-label"),
            ratio: Math.round(ratio(blend(rgba(getComputedStyle(svg).fill), back), back) * 100) / 100,
            label: label && label.offsetParent !== null ? label.textContent.trim() : null};
  });

  const size = e => e ? parseFloat(getComputedStyle(e).fontSize) : null;
  return {
    h1: h1 && {text: h1.textContent.replace(/¶\s*$/, "").trim(), height: Math.round(rect(h1).height),
               lines: Math.round(rect(h1).height / parseFloat(getComputedStyle(h1).lineHeight))},
    subtitle: subtitle && {text: subtitle.textContent.trim(), lang: subtitle.lang, size: size(subtitle),
                           below: Math.round(rect(subtitle).top - rect(h1).bottom),
                           next: h1.nextElementSibling === subtitle, h1Margin: parseFloat(getComputedStyle(h1).marginBottom)},
    title: document.title,
    sidebar: {glossary: link("/glossary/"), errata: link("/errata/")},
    code: blocks, changed,
    controls,
    sizes: {body: size(article.querySelector(":scope > p")), glossary: size(article.querySelector(".glossary td")),
            notes: [...article.querySelectorAll(".admonition.note > p:not(.admonition-title)")].map(size)},
    claimTitles: [...article.querySelectorAll(".claim-checked[data-claim]")].map(c => c.getAttribute("title")),
  };
}
