#!/usr/bin/env bash
# Run every test: ruff (lint and format), mypy (stbda_utils, tools, _ext, noxfile.py), unit tests
# and doctests of stbda_utils, the notebook rules (ko/en parity, toc), strict nbval over every
# chapter notebook, and the browser tests over the freshly built site. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export STBDA_BROWSER=1
source tools/bootstrap.sh
log=$(mktemp)
bash tools/build.sh >"$log" 2>&1 || { cat "$log"; exit 1; }  # the same build as tools/build.sh
.venv/bin/ruff check . && .venv/bin/ruff format --check .  # lint and layout (pyproject.toml)
.venv/bin/mypy  # types of stbda_utils, tools, _ext and noxfile.py ([tool.mypy] in pyproject.toml)
.venv/bin/python -m pytest "$@"
