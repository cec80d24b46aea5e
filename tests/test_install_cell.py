"""The notebooks' install cell, run offline in a kernel where stbda_utils is not installed.

The kernel hides this checkout and the editable install of stbda_utils and
cannot reach GitHub (its proxy is a closed local port), as a Colab runtime
without network would be. Then the install cell must print one plain line, in the
notebook's language, saying what failed and what to do: no traceback, no pip noise.
"""

from __future__ import annotations

import json
import os
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from project import install_cell

#: Starts an IPython kernel after removing every way to import stbda_utils.
HIDING_KERNEL = """
import os, sys
sys.meta_path = [f for f in sys.meta_path if "stbda" not in repr(f)]
sys.path = [p for p in sys.path if not os.path.isdir(os.path.join(p or ".", "stbda_utils"))]
from ipykernel.kernelapp import launch_new_instance
launch_new_instance()
"""
OFFLINE = {
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "GIT_TERMINAL_PROMPT": "0",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
}


def stdout_lines(cell) -> list[str]:
    return "".join(
        o["text"] for o in cell.outputs if o["output_type"] == "stream" and o["name"] == "stdout"
    ).splitlines()


@pytest.fixture
def offline_run(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "no-stbda"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", HIDING_KERNEL, "-f", "{connection_file}"],
                "display_name": "Python without stbda_utils",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_INDEX_URL", "PIP_FIND_LINKS")}
    env.update(OFFLINE)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # this pip, as Colab's

    def run(*sources: str) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        client = NotebookClient(
            nb, kernel_name="no-stbda", timeout=180, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
        )
        client.execute(env=env)
        return nb

    return run


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_offline_install_fails_in_one_plain_line(offline_run, lang):
    nb = offline_run(install_cell(lang), "from stbda_utils import setup")
    first, second = nb.cells
    assert [o["output_type"] for o in first.outputs] == ["stream"] and first.outputs[0]["name"] == "stdout"
    lines = stdout_lines(first)
    words = {"ko": ("설치 실패", "GitHub", "다시 실행"), "en": ("Install failed", "GitHub", "run this cell again")}
    assert len(lines) == 1 and all(w in lines[0] for w in words[lang]), lines
    assert "\x1b[" not in lines[0] and "ERROR" not in lines[0]  # plain words, not pip's
    # the next cell then fails with Python's own one-line reason
    assert [o["ename"] for o in second.outputs if o["output_type"] == "error"] == ["ModuleNotFoundError"]


def test_the_hiding_kernel_really_hides_the_package(offline_run):
    nb = offline_run('import importlib.util\nprint(importlib.util.find_spec("stbda_utils") is None)')
    assert stdout_lines(nb.cells[0]) == ["True"]
