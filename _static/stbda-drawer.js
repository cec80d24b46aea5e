/* STBDA Book: on a phone, picking a section in the page's contents drawer closes the
 * drawer, so the reader sees the text it jumped to (pydata-sphinx-theme 0.16.1 leaves
 * the drawer, a modal <dialog>, open over it). */
document.addEventListener("click", function (event) {
  var link = event.target.closest("#pst-secondary-sidebar-modal a[href^='#']");
  if (link) link.closest("dialog").close();
});
