#!/usr/bin/env bash
# Run every test: ruff (lint and format), mypy (stbda_utils, tools, _ext, noxfile.py), unit tests
# and doctests of stbda_utils, the notebook rules (ko/en parity, toc), strict nbval over every
# chapter notebook, and the browser tests over the freshly built site. Extra arguments go to pytest
# (both runs; pyproject.toml's addopts spread the tests over every core: -n auto).
# The site is built (tools/editions.py, as tools/build.sh) while the other checks run; the browser
# tests run once it is built.
set -euo pipefail
cd "$(dirname "$0")/.."
export STBDA_BROWSER=1
source tools/bootstrap.sh
log=$(mktemp)
.venv/bin/python tools/editions.py build >"$log" 2>&1 &
build=$!
trap 'kill $build 2>/dev/null || true' EXIT
.venv/bin/ruff check . && .venv/bin/ruff format --check .  # lint and layout (pyproject.toml)
.venv/bin/mypy  # types of stbda_utils, tools, _ext and noxfile.py ([tool.mypy] in pyproject.toml)
.venv/bin/python -m pytest -m "not browser" "$@" || [ $? = 5 ]  # 5: the arguments chose no such test
wait $build || { cat "$log"; exit 1; }
.venv/bin/python -m pytest -m browser "$@" || [ $? = 5 ]
