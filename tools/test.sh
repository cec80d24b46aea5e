#!/usr/bin/env bash
# Run every test: unit tests and doctests of stbda_utils, the notebook rules
# (ko/en parity, toc), strict nbval over every chapter notebook, and the
# browser tests over the freshly built site. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export STBDA_BROWSER=1
source tools/bootstrap.sh
log=$(mktemp)
rm -rf _build/html  # no stale pages from chapters that left the toc
.venv/bin/jupyter-book build --all -W -n --keep-going . >"$log" 2>&1 || { cat "$log"; exit 1; }
.venv/bin/python -m pytest "$@"
