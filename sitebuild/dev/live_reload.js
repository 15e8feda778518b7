// Live preview client. `python -m sitebuild.dev.serve` injects it into each HTML page it
// serves (never into the files in site/), with the language and build version the
// page came from. It listens to the server's build events: when the page's language
// has been rebuilt it reloads the page; while a build is failing it shows the error
// on top of the page, which stays the last good build.
(function () {
  if (window.livePreview) return;  // Material's instant navigation may run it again
  var script = document.currentScript;
  var page = window.livePreview = {lang: script.dataset.lang, version: Number(script.dataset.version)};
  var events = new EventSource("/__live/events");

  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if ((state.versions[page.lang] || 0) !== page.version) {
      events.close();
      location.reload();
      return;
    }
    showErrors(state.errors);
  };

  function showErrors(errors) {
    var box = document.getElementById("live-preview-error");
    var failed = Object.keys(errors);
    if (!failed.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "live-preview-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:100000;max-height:60vh;"
        + "overflow:auto;margin:0;padding:1em 1.5em;background:#b71c1c;color:#fff;"
        + "font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 2px 8px #0006";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed: this page is the last good build. Fix the error and save.\n\n"
      + failed.map(function (lang) { return (lang || "site") + ": " + errors[lang]; }).join("\n\n");
  }
})();
