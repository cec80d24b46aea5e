/* STBDA Book: load MathJax when the first formula comes near the screen.
 *
 * _ext/stbda_speed.py puts this script where Sphinx would put MathJax itself; the
 * MathJax address is in this script's data-mathjax-src. A page whose formulas are
 * all further down is shown, and can be read, before MathJax (about 1 MB of
 * JavaScript) is downloaded; MathJax's ui/lazy then typesets formulas as they come
 * into view.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.dataset.mathjaxSrc;
  if (!src) return;
  var loaded = false;

  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.id = "MathJax-script";
    document.head.appendChild(script);
  }

  function init() {
    var formulas = document.querySelectorAll(".math");
    if (!formulas.length) return;
    if (!("IntersectionObserver" in window)) return load();
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        load();
      }
    }, { rootMargin: "100% 0px" });
    formulas.forEach(function (f) { observer.observe(f); });
    // printing, or searching the page text for a formula, needs it typeset
    window.addEventListener("beforeprint", load);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
