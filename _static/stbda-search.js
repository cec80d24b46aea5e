/* STBDA Book: search excerpts are prose.
   Sphinx's searchtools.js (on the search page only) shows, under each result, text
   around the query taken from the page's [role=main]. Keep only the article, without
   what is not prose there: code cells and their outputs, diagrams, buttons, heading
   links, the print-only contents and the prev/next links; math keeps its plain
   symbols (x, w = 0) and loses its LaTeX commands. jupyter-book loads every
   _static/*.js on every page; this one does nothing where there is no search. */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const sphinxHtmlToText = Search.htmlToText;
  const NOT_PROSE = [
    "svg", "figure", ".cell_input", ".cell_output", ".output", "pre", "script", "style", "button",
    ".headerlink", ".onlyprint", ".bd-header-article", ".prev-next-area", ".stbda-lang-switch",
    "nav", "footer", "img", ".solution",
  ];
  const plainMath = (el) => {
    const tex = el.textContent.replace(/^\\\(|\\\)$|^\\\[|\\\]$|^\$+|\$+$/g, "").trim();
    el.replaceWith(/\\|[{}^_]/.test(tex) ? "" : tex);  // keep "x" or "w = 0", drop "\max(0, u)"
  };
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return sphinxHtmlToText(htmlString, anchor);
    NOT_PROSE.forEach((query) => article.querySelectorAll(query).forEach((el) => el.remove()));
    article.querySelectorAll(".math").forEach(plainMath);
    const prose = `<html><body><div role="main">${article.innerHTML}</div></body></html>`;
    return sphinxHtmlToText(prose, anchor).replace(/\s+/g, " ");
  };
});
