// Screen behaviour of the handbook site (loaded after Material's own script).

// A table wider than the screen scrolls sideways inside its wrapper. Keyboard users can only
// scroll what they can focus (WCAG 2.1.1), so a wrapper that scrolls joins the tab order, with a name.
function markScrollableTables() {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table (scrolls sideways)");
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}

document$.subscribe(markScrollableTables);
window.addEventListener("resize", markScrollableTables);
