// The language menu links straight to this page in the other language
// (overrides/partials/alternate.html). Material would instead re-route the
// click through the other build's sitemap.xml, which only matches when the
// site is served exactly at its configured site_url (not on another port or
// host) and otherwise drops the reader on the home page. Let the browser
// follow the link itself.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-select__link");
  if (link) event.stopPropagation();
}, true);
