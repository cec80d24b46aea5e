"""Build the book as one PDF per edition: ``_build/pdf/stbda-book-<lang>.pdf``.

    bash tools/pdf.sh                     # installs what is missing, then runs this
    .venv/bin/python tools/pdf.py [ko en] # both editions (or the ones named)

Jupyter Book's LaTeX route, per edition, with XeLaTeX: the edition's config (``tools/editions.py``)
with a ``latex:`` section and Sphinx's ``latex_elements`` from ``tools/pdf-*.tex`` (Korean through
``kotex`` in Noto CJK KR, breaking lines between words only; code in Noto Sans Mono CJK KR, a Hangul
syllable exactly two Latin columns; box drawing half width; a title page with the source credit; PDF
bookmarks, ``/Lang`` and ``/Title``; no break after a number's minus; chapters unnumbered, their
titles carry "1. "); ``_ext/stbda_pdf.py`` gives the LaTeX builder Graphviz diagrams as vector PDF,
each animation as its last frame and table column widths. Its toc is the edition's without the pages
about the website (``WEB_ONLY``). ``jupyter-book build --builder latex`` writes the ``.tex``,
``latexmk -xelatex`` the PDF, which is also copied into the built edition (``_build/html/<lang>/``,
whose every page links it). ``tests/test_pdf.py`` checks both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from pathlib import Path
from string import Template
from typing import Any

from editions import (
    BUILD,
    JUPYTER_BOOK,
    LANGUAGES,
    ROOT,
    SITE,
    edition_config,
    edition_toc,
    load_yaml,
    site_url_from,
    write_yaml,
)

TOOLS = Path(__file__).resolve().parent
PDF = BUILD / "pdf"
#: Pages about reading the website, left out of the PDF (their folder names).
WEB_ONLY = ("how-to-use",)
#: Per edition: the document language, LaTeX's names, the title page's words and the credit (README's "Source").
WORDS: dict[str, dict[str, Any]] = {
    "ko": {
        "bcp47": "ko-KR",
        "names": {"contentsname": "차례", "figurename": "그림", "tablename": "표", "indexname": "찾아보기"},
        "subtitle": "딥러닝 첫걸음: 구간별 회귀, ReLU 신경망, 과적합, 로지스틱 회귀 (tf.keras)",
        "credit": "이 책이 따르는 강의: 김보람 님이 정리한 강의 노트 「[STBDA] 07wk: Logistic regression」"
        "(2023년 6월 26일). 노트에 적힌 대로, 전북대학교 최규빈 교수님의 STBDA2022 강의 자료입니다. "
        "이 책의 글과 코드는 새로 썼습니다.",
        "licence": "코드는 MIT 라이선스, 글은 CC BY 4.0.",
        "site": "웹사이트",
    },
    "en": {
        "bcp47": "en-GB",
        "names": {"contentsname": "Contents", "figurename": "Figure", "tablename": "Table", "indexname": "Index"},
        "subtitle": "First steps in deep learning: piecewise regression, ReLU networks, overfitting, "
        "logistic regression (tf.keras)",
        "credit": "The book follows the lecture notes \u201c[STBDA] 07wk: Logistic regression\u201d by "
        "김보람 (Boram Kim), June 26, 2023; as the notes state, they are material from Prof. "
        "최규빈 (Guebin Choi)'s STBDA2022 course at 전북대학교 (Jeonbuk National University). "
        "Its prose and code are written anew.",
        "licence": "Code under the MIT licence, prose under CC BY 4.0.",
        "site": "Website",
    },
}
#: Box drawing (Keras' summary tables): the CJK fonts draw it full width; half, like a Latin column.
BOXES = "".join(rf'\newunicodechar{{{chr(code)}}}{{\halfwidth{{"{code:X}}}}}' + "\n" for code in range(0x2500, 0x2580))
LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{"}
LATEX_SPECIAL |= {"}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex(text: str) -> str:
    return "".join(LATEX_SPECIAL.get(c, c) for c in text)


def tex(name: str, **values: str) -> str:
    """``tools/pdf-<name>.tex`` with ``values`` put in for its ``$names``."""
    return Template((TOOLS / f"pdf-{name}.tex").read_text(encoding="utf-8")).substitute(values)


def pdf_config(config: dict, lang: str) -> dict:
    """The edition's ``_config.yml`` (``tools/editions.py``) made for the LaTeX builder."""
    out, words = edition_config(config, lang), WORDS[lang]
    out["latex"] = {"latex_engine": "xelatex", "use_jupyterbook_latex": False}
    out["latex"]["latex_documents"] = {"targetname": f"stbda-book-{lang}.tex"}
    title, author = latex(out["title"]), latex(out["author"])
    names = "".join(rf"\renewcommand{{\{k}}}{{{v}}}" for k, v in words["names"].items())
    out["sphinx"]["config"]["latex_show_urls"] = "no"
    out["sphinx"]["config"]["latex_elements"] = {
        "papersize": "a4paper",
        "extraclassoptions": "openany,oneside",  # read on screens: no blank pages
        # the root page (the book's introduction) follows the contents, without their running head
        "tableofcontents": r"\sphinxtableofcontents\markboth{}{}",
        "pointsize": "10pt",
        **{"polyglossia": "", "babel": "", "fontenc": "", "sphinxsetup": "", "releasename": ""},
        "fontpkg": tex("fonts") + BOXES,
        "fvset": r"\fvset{fontsize=\small}",
        "maketitle": tex(
            "title",
            **{key: latex(words[key]) for key in ("subtitle", "credit", "licence", "site")},
            title=title,
            author=author,
            url=f"{site_url_from(config)}{lang}/",
        ),
        "preamble": tex("preamble", bcp47=words["bcp47"], title=title, author=author, names=names),
    }
    return out


def pdf_toc(toc: dict, lang: str) -> dict:
    out = edition_toc(toc, lang)
    out["chapters"] = [c for c in out["chapters"] if Path(c["file"]).parent.name not in WEB_ONLY]
    return out


def build(lang: str) -> Path:
    config, toc = load_yaml(ROOT / "_config.yml"), load_yaml(ROOT / "_toc.yml")
    files = {"_config.yml": pdf_config(config, lang), "_toc.yml": pdf_toc(toc, lang)}
    folder = write_yaml(BUILD / "pdf-editions" / lang, files, "tools/pdf.py")
    shutil.rmtree(folder / "_build", ignore_errors=True)
    print(f"pdf: LaTeX of the {lang} edition", flush=True)
    command = [JUPYTER_BOOK, "build", "--all", "--builder", "latex", "--config", str(folder / "_config.yml")]
    subprocess.run([*command, "--toc", str(folder / "_toc.yml"), "--path-output", str(folder), str(ROOT)], check=True)
    latex_dir = folder / "_build" / "latex"
    print(f"pdf: latexmk -xelatex for the {lang} edition", flush=True)
    make = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", f"stbda-book-{lang}.tex"]
    subprocess.run(make, cwd=latex_dir, check=True, stdout=subprocess.DEVNULL)
    PDF.mkdir(parents=True, exist_ok=True)
    target = PDF / f"stbda-book-{lang}.pdf"
    shutil.copyfile(latex_dir / target.name, target)
    if (SITE / lang).is_dir():  # the built site links it (icon_links in _config.yml)
        shutil.copyfile(target, SITE / lang / target.name)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", metavar="LANG", help=f"editions, of {', '.join(LANGUAGES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.langs) - set(LANGUAGES))
    if unknown:
        parser.error(f"no edition {', '.join(unknown)}; the editions are {', '.join(LANGUAGES)}")
    for lang in args.langs or LANGUAGES:
        start = time.perf_counter()
        target = build(lang)
        size, seconds = target.stat().st_size / 1e6, time.perf_counter() - start
        print(f"pdf: {target.relative_to(ROOT)}: {size:.1f} MB in {seconds:.0f} s")


if __name__ == "__main__":
    main()
