// The digit demo's inside view (05-project only): started here in every view, with a test
// digit shown, so that the tour's other checks (axe's contrast, overflow) see it too. Its
// layers and their labels, whether every layer is drawn, whether it fits the column, and the
// 3:1 contrast of the grids' edges and of the chosen map's mark (also the keyboard focus).
async article => {
  const root = article.querySelector(".digit-demo");
  if (!root) return null;
  root.scrollIntoView({block: "center"});
  for (let i = 0; i < 400 && root.dataset.state !== "ready"; i++) await new Promise(r => setTimeout(r, 50));
  if (root.dataset.state !== "ready") return {state: root.dataset.state || null};
  root.querySelector("[data-action=sample]").click();
  const rgb = colour => {
    const probe = document.createElement("span");
    probe.style.color = colour;
    root.append(probe);
    const v = getComputedStyle(probe).color.match(/[\d.]+/g).map(Number);
    probe.remove();
    return v.slice(0, 3);
  };
  const lum = c => c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const css = name => rgb(getComputedStyle(root).getPropertyValue(name).trim());
  const page = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).map(Number).slice(0, 3);
  const column = article.getBoundingClientRect();
  return {
    state: root.dataset.state,
    prediction: root.querySelector(".digit-demo__result").dataset.prediction ?? null,
    live: root.querySelector(".digit-demo__result").getAttribute("aria-live"),
    layers: [...root.querySelectorAll(".digit-demo__layer")].map(s => {
      const label = document.getElementById(s.getAttribute("aria-labelledby")), canvas = s.querySelector("canvas");
      const max = s.querySelector("[data-max]");
      return {key: s.dataset.layer, label: label ? label.textContent.trim() : "",
              canvasLabel: canvas ? canvas.getAttribute("aria-label") : null,
              focusable: canvas ? canvas.tabIndex === 0 : null,
              drawn: canvas ? canvas.width > 0 && max.textContent !== "–" : s.querySelectorAll("li").length > 0,
              right: Math.round(s.getBoundingClientRect().right - column.right)};
    }),
    dropoutNote: !!root.querySelector(".digit-demo__inside .site-note"),
    overflow: root.scrollWidth - root.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    markContrast: {page: ratio(css("--digit-demo-mark"), page), gap: ratio(css("--digit-demo-mark"), css("--digit-demo-gap")),
                   edge: ratio(css("--digit-demo-edge"), page)},
  };
}
