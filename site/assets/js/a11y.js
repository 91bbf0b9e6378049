// Names and keyboard access the theme leaves out: the search dialog gets a name, and every table wrapper the
// theme makes scrollable gets a tab stop so a keyboard can scroll it (axe-core: aria-dialog-name,
// scrollable-region-focusable). The site's own data tables carry both in their HTML.
(function () {
  function fix() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the site");
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table");
    });
  }
  if (window.document$) { window.document$.subscribe(fix); } else { document.addEventListener("DOMContentLoaded", fix); }
})();
