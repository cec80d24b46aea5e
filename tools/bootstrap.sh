#!/usr/bin/env bash
# Set up everything the book needs on a fresh Debian machine (idempotent):
# system packages via apt-get where missing, then .venv with the pinned
# requirements and stbda_utils installed editable. Sourced by build.sh/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)  # chapter 4's animation videos
[ -n "$(fc-list NanumGothic 2>/dev/null)" ] || need_apt+=(fonts-nanum)  # diagrams' Korean text
command -v npm >/dev/null 2>&1 || need_apt+=(npm)  # node runs KaTeX in the build; npm fetches vnu-jar and katex
if [ "${STBDA_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)  # the Nu Html Checker
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements-stamp
if [ ! -f "$stamp" ] || ! cmp -s requirements.txt "$stamp"; then
  echo "bootstrap: pip install -r requirements.txt"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  .venv/bin/python -m pip install -q --no-deps -e .
  cp requirements.txt "$stamp"
fi

# The W3C Nu Html Checker (tests/browser/test_valid_html.py), from npm into the
# git-ignored .cache/vnu; its postinstall script (which would fetch a Java) is skipped.
VNU_VERSION=26.9.27
if [ "${STBDA_BROWSER:-0}" = 1 ] && ! grep -qs "\"version\": \"$VNU_VERSION\"" .cache/vnu/node_modules/vnu-jar/package.json; then
  echo "bootstrap: npm install vnu-jar@$VNU_VERSION into .cache/vnu"
  mkdir -p .cache/vnu
  npm install --prefix .cache/vnu --ignore-scripts --no-audit --no-fund --silent "vnu-jar@$VNU_VERSION"
fi

# KaTeX's stylesheet and fonts for the site, the version sphinxcontrib-katex renders with (_ext/stbda_speed.py).
KATEX_VERSION=$(.venv/bin/python -c "from sphinxcontrib.katex import katex_version; print(katex_version)")
if ! grep -qs "\"version\": \"$KATEX_VERSION\"" .cache/katex/node_modules/katex/package.json; then
  echo "bootstrap: npm install katex@$KATEX_VERSION into .cache/katex"
  npm install --prefix .cache/katex --ignore-scripts --no-audit --no-fund --silent "katex@$KATEX_VERSION"
fi
