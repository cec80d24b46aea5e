#!/usr/bin/env bash
# Build the book from the outputs stored in the notebooks into _build/html,
# treating every Sphinx warning (nitpicky) as an error.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/bootstrap.sh
rm -rf _build/html  # no stale pages from chapters that left the toc
.venv/bin/jupyter-book build --all -W -n --keep-going .
