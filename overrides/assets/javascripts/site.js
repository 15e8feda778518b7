// Site-wide behaviour, loaded on every page (small: the heavy parts load on demand).

// 1. The language menu's links already point at this page in the other
// language (overrides/partials/alternate.html); Material's own click handler
// would replace that target, so let the browser follow the link itself.
// Headings have the same ids in every language, so the link keeps the reader's section.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-select__link");
  if (!link) return;
  event.stopPropagation();
  link.href = link.href.split("#")[0] + location.hash;
}, true);

// 2. The "draw a digit" demo: nothing of it (code or weights) is fetched until
// the reader scrolls near it or touches it.
function setUpDigitDemos() {
  document.querySelectorAll(".digit-demo:not([data-state])").forEach(function (root) {
    root.dataset.state = "waiting";
    var observer;
    function start() {
      if (root.dataset.state !== "waiting") return;
      root.dataset.state = "loading";
      if (observer) observer.disconnect();
      import(new URL(root.dataset.script, document.baseURI).href)
        .then(function (demo) { return demo.init(root); })
        .catch(function (error) { root.dataset.state = "failed"; console.error(error); });
    }
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) start();
      }, { rootMargin: "300px" });
      observer.observe(root);
    }
    root.addEventListener("pointerdown", start);
    root.addEventListener("focusin", start);
  });
}
if (typeof document$ !== "undefined") document$.subscribe(setUpDigitDemos);  // Material: every page view
else document.addEventListener("DOMContentLoaded", setUpDigitDemos);

// 3. "Report an error": the link already names the page and the language; on
// the way out it also names the section being read (the last heading above the
// middle of the screen), so the issue says where, not just which page.
function sectionBeingRead() {
  var current = null;
  document.querySelectorAll(".md-content h1[id], .md-content h2[id], .md-content h3[id], .md-content h1")
    .forEach(function (heading) {
      if (heading.getBoundingClientRect().top < window.innerHeight / 2) current = heading;
    });
  if (!current) return null;
  var text = current.textContent.replace(/¶\s*$/, "").trim();
  var address = location.origin + location.pathname + (current.id ? "#" + current.id : "");
  return text + " (" + address + ")";
}
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.site-report");
  if (!link) return;
  var section = sectionBeingRead();
  if (!section) return;
  var query = new URLSearchParams({
    title: link.dataset.issueTitle,
    body: link.dataset.issueBody.split("{section}").join(section)
  });
  link.href = link.dataset.issueBase + "?" + query.toString();
}, true);
