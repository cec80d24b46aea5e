/* STBDA Book: the language switch keeps the reader's place. Sections carry the same
 * explicit labels in both editions, so the section (#…) of this page is the same
 * section of the other; on the search page the query (?q=…) goes along too. */
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.stbda-lang-link");
  if (!link) return;
  var target = new URL(link.getAttribute("href"), location.href);
  var query = new URLSearchParams(location.search).get("q");
  if (query) target.searchParams.set("q", query);
  target.hash = location.hash;
  link.href = target.href;
});
