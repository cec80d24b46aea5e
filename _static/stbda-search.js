/* STBDA Book: search excerpts are prose.
   Sphinx's searchtools.js shows, under each result, text around the query taken from
   the page's [role=main]. Keep only the article, without what is not prose there:
   math source (LaTeX), code cells and their outputs, diagrams, buttons, the article
   header and the prev/next links. Loaded on the search page only (_ext/stbda_site.py). */
(function () {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const sphinxHtmlToText = Search.htmlToText;
  const NOT_PROSE = [
    ".math", "svg", "figure", ".cell_input", ".cell_output", ".output", "pre", "script", "style",
    "button", ".headerlink", ".bd-header-article", ".prev-next-area", ".stbda-lang-switch",
    ".toggle-details__summary", ".solution", "nav", "footer", "img",
  ];
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return sphinxHtmlToText(htmlString, anchor);
    NOT_PROSE.forEach((query) => article.querySelectorAll(query).forEach((el) => el.remove()));
    const prose = `<html><body><div role="main">${article.innerHTML}</div></body></html>`;
    return sphinxHtmlToText(prose, anchor).replace(/\s+/g, " ");
  };
})();
