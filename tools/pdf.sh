#!/usr/bin/env bash
# Build the book as one PDF per edition: _build/pdf/stbda-book-ko.pdf and _build/pdf/stbda-book-en.pdf
# (tools/pdf.py: Jupyter Book's LaTeX route, XeLaTeX, Korean in Noto CJK KR through kotex).
# Set-up as tools/bootstrap.sh, plus TeX, the fonts and rsvg-convert with apt-get where missing
# (about 500 MB). When the site is built (_build/html/<lang>/), each PDF is copied into its
# edition, where every page links it. Idempotent; arguments go to tools/pdf.py (e.g. `ko`).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/bootstrap.sh

need_apt=()
command -v xelatex >/dev/null 2>&1 || need_apt+=(texlive-xetex)
command -v latexmk >/dev/null 2>&1 || need_apt+=(latexmk)
kpsewhich kotex.sty >/dev/null 2>&1 || need_apt+=(texlive-lang-korean)      # kotex / xetexko
kpsewhich fncychap.sty >/dev/null 2>&1 || need_apt+=(texlive-latex-extra)   # Sphinx's LaTeX packages
[ -n "$(fc-list 'Noto Serif CJK KR' 2>/dev/null)" ] || need_apt+=(fonts-noto-cjk)
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)           # diagrams: SVG -> PDF
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)              # to look at pages
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "pdf: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

.venv/bin/python tools/pdf.py "$@"
