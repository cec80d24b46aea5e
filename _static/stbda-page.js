/* STBDA Book: small fixes to how a page behaves (jupyter-book loads every _static/*.js). */

/* On a phone, picking a section in the page's contents drawer closes the drawer, so the
 * reader sees the text it jumped to (pydata-sphinx-theme 0.16.1 leaves the drawer, a
 * modal <dialog>, open over it). */
document.addEventListener("click", function (event) {
  var link = event.target.closest("#pst-secondary-sidebar-modal a[href^='#']");
  if (link) link.closest("dialog").close();
});

/* A link to a section further down (#label, the language switch, the contents) must land
 * on it: the figures above it load lazily and push it down. Until the reader scrolls, each
 * figure or font that loads brings the section back into view. */
(function () {
  var target = null;
  var readerMoved = false;
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (name) {
    window.addEventListener(name, function () { readerMoved = true; }, { passive: true });
  });
  function keep() { if (target && !readerMoved) target.scrollIntoView(); }
  function follow() {
    target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    readerMoved = false;
    keep();
  }
  document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.addEventListener("load", keep); });
  window.addEventListener("load", keep);
  document.fonts.addEventListener("loadingdone", keep);  // KaTeX's fonts re-measure the formulas above
  window.addEventListener("hashchange", follow);
  follow();
})();
