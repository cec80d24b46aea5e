/* STBDA Book: search excerpts are prose.
   Sphinx's searchtools.js (on the search page only) shows, under each result, text
   around the query taken from the page's [role=main]. Keep only the article, without
   what is not prose there: code cells and their outputs, diagrams, buttons, heading
   links, the print-only contents and the prev/next links; math keeps its plain
   symbols (x, w = 0), taken from the TeX KaTeX keeps, without its commands. jupyter-book loads every
   _static/*.js on every page; this one does nothing where there is no search. */
(() => {  // deferred: runs once the page is parsed, before searchtools.js searches on DOMContentLoaded
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  // Sphinx's "no result" sentence asks for "categories", which this site does not have
  const NO_RESULT =
    "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.";
  const noResult = {
    ko: "검색어와 일치하는 쪽이 없습니다. 철자를 확인하거나 더 짧은 낱말로 다시 찾아 보세요.",
    en: "No page matches your search. Check the spelling, or try a shorter word.",
  }[document.documentElement.lang];
  if (noResult && Documentation.TRANSLATIONS) Documentation.TRANSLATIONS[NO_RESULT] = noResult;
  const sphinxHtmlToText = Search.htmlToText;
  const NOT_PROSE = [
    "svg", "figure", ".cell_input", ".cell_output", ".output", "pre", "script", "style", "button",
    ".headerlink", ".onlyprint", ".bd-header-article", ".prev-next-area", ".stbda-lang-switch",
    "nav", "footer", "img", ".solution",
  ];
  // a formula as plain symbols: "\\hat y" -> "y", "\\max(0, u)" -> "max(0, u)", "W_1^{(2)}" -> "W1(2)"
  const plainMath = (el) => {
    const tex = (el.querySelector("annotation") || el).textContent.trim();  // KaTeX keeps the TeX there
    el.replaceWith(
      tex.replace(/\\(?:hat|bar|tilde|mathbf|mathrm|text|operatorname|left|right|[,;!])/g, "")
        .replace(/\\([A-Za-z]+)/g, "$1").replace(/[{}^_]/g, "").replace(/\s+/g, " ").trim(),
    );
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
})();
