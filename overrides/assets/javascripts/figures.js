// Numbered figures open full size in place. Each figure is a real link to its
// full-size PNG (the no-JS fallback); a click opens that PNG in a modal
// <dialog>: Escape, the close button or a click outside closes it, and focus
// returns to the figure. One listener on the document, so it keeps working
// after Material's instant navigation swaps the page.
(function () {
  var dialog, opener;
  var PHONE = "(max-width: 519px)";  // as page_outputs.PHONE

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "site-lightbox";
    dialog.innerHTML = '<button type="button" class="site-lightbox__close"><span aria-hidden="true">×</span></button>' +
      '<figure><img alt=""><figcaption></figcaption></figure>';
    dialog.addEventListener("click", function (event) {
      // A click on the backdrop, the button or the picture closes; text can still be selected.
      if (!event.target.closest("figcaption")) dialog.close();
    });
    // Keys typed here are not Material's shortcuts (n/p would leave the page); Escape still closes.
    dialog.addEventListener("keydown", function (event) { event.stopPropagation(); });
    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("site-lightbox-open");
      if (opener && opener.isConnected) opener.focus();
    });
    document.body.appendChild(dialog);
  }

  function open(link) {
    if (!dialog || !dialog.isConnected) build();
    var figure = link.closest("figure");
    var img = dialog.querySelector("img");
    var close = dialog.querySelector(".site-lightbox__close");
    close.setAttribute("aria-label", link.dataset.close);
    close.title = link.dataset.close;
    img.removeAttribute("style");
    img.onload = function () {
      // On a phone the full-size view is the desktop drawing at its own size, to pan across.
      if (window.matchMedia(PHONE).matches) img.style.width = img.naturalWidth / 2 + "px";
    };
    img.alt = link.querySelector("img").alt;
    img.src = link.href;
    var caption = figure && figure.querySelector("figcaption");
    dialog.querySelector("figcaption").textContent = caption ? caption.textContent : "";
    opener = link;
    document.documentElement.classList.add("site-lightbox-open");
    dialog.showModal();
    close.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.site-figure__zoom");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (typeof HTMLDialogElement === "undefined") return;  // an old browser follows the link
    event.preventDefault();
    open(link);
  });
})();
