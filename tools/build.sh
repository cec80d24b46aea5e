#!/usr/bin/env bash
# Build the book from the outputs stored in the notebooks: one edition per language
# in _build/html/ko/ and _build/html/en/, and the landing page _build/html/index.html
# (tools/editions.py), treating every Sphinx warning (nitpicky) as an error.
# tools/test.sh builds through this script too.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/bootstrap.sh
.venv/bin/python tools/editions.py build
