"""Build the book as one PDF per edition: ``_build/pdf/stbda-book-<lang>.pdf``.

    bash tools/pdf.sh                     # installs what is missing, then runs this
    .venv/bin/python tools/pdf.py [ko en] # both editions (or the ones named)

Jupyter Book's LaTeX route, per edition, with XeLaTeX:

* each edition's ``_config.yml`` comes from ``tools/editions.py`` (``edition_config``), with a
  ``latex:`` section and the LaTeX preamble below; ``_ext/stbda_pdf.py`` (a local extension of
  ``_config.yml``) gives the LaTeX builder Graphviz diagrams as vector PDF, each animation as its
  last frame with a line saying the site animates it, and table column widths;
* its toc is the edition's toc (``edition_toc``) without the pages about the website
  (``WEB_ONLY``): the root page (front matter), the four chapters, the reproducibility page and the
  glossary;
* Korean through ``kotex`` (xetexko) in Noto CJK KR (Debian ``fonts-noto-cjk``), with Korean line
  breaking between words only (``FONTS``); Latin in the same fonts' Latin; code in
  Noto Sans Mono CJK KR (a Hangul syllable is exactly two Latin columns, so the printed tables align);
* a title page with the source credit, the contents, PDF bookmarks, ``/Lang`` and ``/Title``;
* box drawing (Keras' summary) half width, ``ŷ`` and subscript digits from math (the fonts lack
  them), no line break after a number's minus, chapters unnumbered (their titles carry "1. ").

Each PDF is also copied into its built edition (``_build/html/<lang>/``), whose every page links it
(``icon_links`` in ``_config.yml``). ``tests/test_pdf.py`` checks both.

``jupyter-book build --builder latex`` writes the ``.tex``; ``latexmk -xelatex`` makes the PDF.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from editions import BUILD, LANGUAGES, ROOT, SITE, edition_config, edition_toc, load_yaml

PDF = BUILD / "pdf"
SOURCES = BUILD / "pdf-editions"

#: Pages about reading the website, left out of the PDF (their folder names).
WEB_ONLY = ("how-to-use",)

#: Per edition: the document language, title-page words and the credit (README's "Source").
WORDS: dict[str, dict[str, Any]] = {
    "ko": {
        "bcp47": "ko-KR",
        "names": {"contentsname": "차례", "figurename": "그림", "tablename": "표", "indexname": "찾아보기"},
        "subtitle": "딥러닝 첫걸음: 구간별 회귀, ReLU 신경망, 과적합, 로지스틱 회귀 (tf.keras)",
        "credit": (
            "이 책이 따르는 강의: 김보람 님이 정리한 강의 노트 「[STBDA] 07wk: Logistic regression」"
            "(2023년 6월 26일). 노트에 적힌 대로, 전북대학교 최규빈 교수님의 STBDA2022 강의 자료입니다. "
            "이 책의 글과 코드는 새로 썼습니다."
        ),
        "licence": "코드는 MIT 라이선스, 글은 CC BY 4.0.",
        "site": "웹사이트",
    },
    "en": {
        "bcp47": "en-GB",
        "names": {"contentsname": "Contents", "figurename": "Figure", "tablename": "Table", "indexname": "Index"},
        "subtitle": "First steps in deep learning: piecewise regression, ReLU networks, overfitting, "
        "logistic regression (tf.keras)",
        "credit": (
            "The book follows the lecture notes \u201c[STBDA] 07wk: Logistic regression\u201d by "
            "김보람 (Boram Kim), June 26, 2023; as the notes state, they are material from Prof. "
            "최규빈 (Guebin Choi)'s STBDA2022 course at 전북대학교 (Jeonbuk National University). "
            "Its prose and code are written anew."
        ),
        "licence": "Code under the MIT licence, prose under CC BY 4.0.",
        "site": "Website",
    },
}

#: Fonts (Debian: fonts-noto-cjk). One family for both scripts: Noto Serif/Sans CJK KR carry
#: their own Latin (Source Serif/Sans), so Latin and Hangul match; italics are slanted.
FONTS = r"""
\usepackage{fontspec}
\setmainfont{Noto Serif CJK KR}[BoldFont={Noto Serif CJK KR Bold}, AutoFakeSlant=0.2]
\setsansfont{Noto Sans CJK KR}[BoldFont={Noto Sans CJK KR Bold}, AutoFakeSlant=0.2]
\setmonofont{Noto Sans Mono CJK KR}[Scale=0.9, AutoFakeSlant=0.2]
\usepackage{kotex}
\setmainhangulfont{Noto Serif CJK KR}[BoldFont={Noto Serif CJK KR Bold}, AutoFakeSlant=0.2]
\setsanshangulfont{Noto Sans CJK KR}[BoldFont={Noto Sans CJK KR Bold}, AutoFakeSlant=0.2]
\setmonohangulfont{Noto Sans Mono CJK KR}[Scale=0.9, AutoFakeSlant=0.2]
% Korean breaks lines between words only (CSS word-break: keep-all): xetexko's modern mode
% allows a break between any two syllables at penalty 50; 10000 forbids it.
\XeTeXlinebreakpenalty=10000
\AtBeginDocument{\XeTeXlinebreakpenalty=10000 }
% quotes and apostrophes are Latin characters here, not CJK punctuation (no gap in "line's")
\XeTeXcharclass"2018=0 \XeTeXcharclass"2019=0 \XeTeXcharclass"201C=0 \XeTeXcharclass"201D=0
% characters the Noto CJK fonts lack (printed by the notebooks, in headings and code)
\usepackage{newunicodechar}
\newunicodechar{ŷ}{\ensuremath{\hat{y}}}
\newunicodechar{₁}{\ensuremath{_1}}
\newunicodechar{₂}{\ensuremath{_2}}
% box drawing (Keras' summary tables): the CJK fonts draw it full width; half, like a Latin column
\newcommand{\halfwidth}[1]{\scalebox{0.5}[1]{\symbol{#1}}}
"""
FONTS += "".join(rf'\newunicodechar{{{chr(code)}}}{{\halfwidth{{"{code:X}}}}}' + "\n" for code in range(0x2500, 0x2580))


def latex_escape(text: str) -> str:
    table = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
    table |= {"{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(table.get(c, c) for c in text)


def title_page(config: dict, lang: str, site: str) -> str:
    words = WORDS[lang]
    return rf"""
\begin{{titlepage}}
\begingroup\centering
\vspace*{{3cm}}
{{\sffamily\bfseries\Huge {latex_escape(config["title"])}\par}}
\vspace{{1cm}}
{{\Large {latex_escape(words["subtitle"])}\par}}
\vspace{{1.5cm}}
{{\large {latex_escape(config["author"])}\par}}
\vfill
\begin{{minipage}}{{0.85\textwidth}}\small
{latex_escape(words["credit"])}

\medskip
{latex_escape(words["licence"])} {latex_escape(words["site"])}: \url{{{site}}}
\end{{minipage}}
\par\vspace{{1cm}}
\endgroup
\end{{titlepage}}
"""


def pdf_config(config: dict, lang: str) -> dict:
    """The edition's ``_config.yml`` (``tools/editions.py``) made for the LaTeX builder."""
    out = edition_config(config, lang)
    out["latex"] = {
        "latex_engine": "xelatex",
        "use_jupyterbook_latex": False,
        "latex_documents": {"targetname": f"stbda-book-{lang}.tex"},
    }
    sphinx = out.setdefault("sphinx", {})
    site = f"https://stbda-book.github.io/stbda-book/{lang}/"
    words = WORDS[lang]
    sphinx.setdefault("config", {})["latex_elements"] = {
        "papersize": "a4paper",
        "extraclassoptions": "openany,oneside",  # read on screens: no blank pages
        # the root page (the book's introduction) follows the contents, without their running head
        "tableofcontents": r"\sphinxtableofcontents\markboth{}{}",
        "pointsize": "10pt",
        "polyglossia": "",
        "babel": "",
        "fontenc": "",
        "fontpkg": FONTS,
        "fvset": r"\fvset{fontsize=\small}",
        "maketitle": title_page(out, lang, site),
        "preamble": (
            r"\hypersetup{pdflang=" + words["bcp47"] + r", pdftitle={" + latex_escape(out["title"]) + "}, "
            r"pdfauthor={" + latex_escape(out["author"]) + r"}, bookmarksnumbered=true}"
            "\n"
            r"\sphinxsetup{verbatimwrapslines=true, verbatimforcewraps=true}"
            "\n"
            # no line break after the minus of a number ("-0.88497385" in the reproducibility table)
            r"\AtBeginDocument{\let\sphinxhyphen\sphinxhyphennobreak}"
            "\n"
            # table columns (widths from _ext/stbda_pdf.py) ragged right, not justified
            r"\makeatletter\newcolumntype{\X}[2]{>{\raggedright\arraybackslash}p{\dimexpr"
            r"(\linewidth-\spx@arrayrulewidth)*#1/#2-\tw@\tabcolsep-\spx@arrayrulewidth\relax}}\makeatother"
            "\n"
            # the chapter titles carry their numbers ("1. ..."), as on the site
            r"\setcounter{secnumdepth}{-1}"
            "\n"
            r"\AtBeginDocument{" + "".join(rf"\renewcommand{{\{k}}}{{{v}}}" for k, v in words["names"].items()) + "}"
        ),
        "sphinxsetup": "",
        "releasename": "",
    }
    sphinx["config"]["latex_show_urls"] = "no"
    return out


def pdf_toc(toc: dict, lang: str) -> dict:
    out = edition_toc(toc, lang)
    out["chapters"] = [c for c in out["chapters"] if Path(c["file"]).parent.name not in WEB_ONLY]
    return out


def configure(lang: str) -> Path:
    folder = SOURCES / lang
    folder.mkdir(parents=True, exist_ok=True)
    config, toc = load_yaml(ROOT / "_config.yml"), load_yaml(ROOT / "_toc.yml")
    header = "# Generated by tools/pdf.py from the top-level file; edit that one.\n"
    for name, data in (("_config.yml", pdf_config(config, lang)), ("_toc.yml", pdf_toc(toc, lang))):
        (folder / name).write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def build(lang: str, jupyter_book: str) -> Path:
    folder = configure(lang)
    out = folder / "_build"
    if out.exists():
        shutil.rmtree(out)
    command = [jupyter_book, "build", "--all", "--builder", "latex", "--config", str(folder / "_config.yml")]
    command += ["--toc", str(folder / "_toc.yml"), "--path-output", str(folder), str(ROOT)]
    print(f"pdf: LaTeX of the {lang} edition", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    latex = out / "latex"
    print(f"pdf: latexmk -xelatex for the {lang} edition", flush=True)
    subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", f"stbda-book-{lang}.tex"],
        cwd=latex,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    PDF.mkdir(parents=True, exist_ok=True)
    target = PDF / f"stbda-book-{lang}.pdf"
    shutil.copyfile(latex / f"stbda-book-{lang}.pdf", target)
    if (SITE / lang).is_dir():  # the built site links it (icon_links in _config.yml)
        shutil.copyfile(target, SITE / lang / target.name)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", metavar="LANG", help=f"editions, of {', '.join(LANGUAGES)} (default: all)")
    parser.add_argument("--jupyter-book", default=str(Path(sys.executable).with_name("jupyter-book")))
    args = parser.parse_args(argv)
    unknown = sorted(set(args.langs) - set(LANGUAGES))
    if unknown:
        parser.error(f"no edition {', '.join(unknown)}; the editions are {', '.join(LANGUAGES)}")
    for lang in args.langs or LANGUAGES:
        start = time.perf_counter()
        target = build(lang, args.jupyter_book)
        print(
            f"pdf: {target.relative_to(ROOT)}: {target.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.0f} s"
        )


if __name__ == "__main__":
    main()
