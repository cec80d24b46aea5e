"""tools/colab_check.py: Colab's pins and the output comparison (no environment is made here)."""

import json
import sys

from packaging.requirements import Requirement
from project import ROOT, load_tool

colab = load_tool("colab_check")


def test_pins_are_colabs_runtime():
    pins = {r.name: str(r.specifier) for r in map(Requirement, colab.COLAB_PINS)}
    assert colab.COLAB_PYTHON == "3.12"
    assert pins == {
        "tensorflow": "==2.19.0",
        "keras": "==3.10.0",
        "numpy": "==2.0.2",
        "matplotlib": "==3.10.0",
        "ipykernel": "==6.17.1",
    }


COLAB = {
    "tensorflow": "2.19.0",
    "keras": "3.10.0",
    "numpy": "2.0.2",
    "matplotlib": "3.10.0",
    "ipykernel": "6.17.1",
    "nbclient": "0.11.0",
    "nbformat": "5.11.1",
}


def test_colabs_environment_passes():
    assert colab.environment_problems("3.12.1", True, COLAB.get) == []


def test_another_python_or_no_venv_is_refused():
    assert colab.environment_problems("3.11.7", True, COLAB.get) == ["Python 3.11.7, Colab runs 3.12"]
    assert colab.environment_problems("3.1.2", True, COLAB.get) == ["Python 3.1.2, Colab runs 3.12"]
    [problem] = colab.environment_problems("3.12.1", False, COLAB.get)
    assert "not in a virtual environment" in problem


def test_a_pin_not_met_or_a_missing_package_is_named():
    installed = {**COLAB, "keras": "3.11.3"}
    del installed["nbclient"]
    assert colab.environment_problems("3.12.1", True, installed.get) == [
        "keras 3.11.3 is installed, wanted keras==3.10.0",
        "nbclient is not installed, wanted nbclient",
    ]


def test_the_running_environment_is_checked_for_real():
    """installed_version reads this environment's metadata: the dev .venv is not Colab's runtime."""
    assert colab.installed_version("numpy") is not None and colab.installed_version("no-such-dist-xyz") is None
    problems = colab.environment_problems(sys.version.split()[0], True)
    assert any(p.startswith("tensorflow is not installed") for p in problems)  # the dev .venv has tensorflow-cpu


def test_a_wrong_environment_stops_main_before_any_notebook(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(colab, "environment_problems", lambda python, in_venv: ["keras 9 is installed"])
    assert colab.main(["--workdir", str(tmp_path / "work")]) == 1
    assert "not Colab's runtime: keras 9 is installed" in capsys.readouterr().err
    assert not (tmp_path / "work").exists()


def test_a_notebook_matches_itself():
    for path in sorted((ROOT / "chapters").glob("*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert colab.differing_cells(nb, nb) == [], path


def code_nb(*outputs, tags=()):
    return {
        "cells": [
            {"cell_type": "markdown", "source": "# t"},
            {"cell_type": "code", "metadata": {"tags": list(tags)}, "outputs": list(outputs)},
        ]
    }


def stream(name, text):
    return {"output_type": "stream", "name": name, "text": text}


def test_start_up_lines_on_stderr_are_a_difference():
    stored = code_nb()
    fresh = code_nb(stream("stderr", "E0000 00:00:1 cuda_dnn.cc:8310] Unable to register cuDNN factory\n"))
    [found] = colab.differing_cells(stored, fresh)
    assert found.startswith("code cell 0:") and "+ stderr: E0000" in found and "cuDNN" in found


def test_text_plain_and_chunking():
    fig = {"output_type": "display_data", "data": {"text/plain": "<Figure size 750x320 with 1 Axes>", "image/png": "x"}}
    other = {
        "output_type": "display_data",
        "data": {"text/plain": "<Figure size 750x320 with 2 Axes>", "image/png": "y"},
    }
    assert (
        colab.differing_cells(
            code_nb(stream("stdout", "a\nb\n"), fig), code_nb(stream("stdout", "a\n"), stream("stdout", "b\n"), fig)
        )
        == []
    )
    assert len(colab.differing_cells(code_nb(fig), code_nb(other))) == 1


def test_ignored_cells_and_html_are_not_compared():
    html = {"output_type": "display_data", "data": {"text/html": "<b>1</b>"}}
    assert (
        colab.differing_cells(
            code_nb(stream("stdout", "1.2 s\n"), tags=["nbval-ignore-output"]),
            code_nb(stream("stdout", "3.4 s\n"), tags=["nbval-ignore-output"]),
        )
        == []
    )
    assert colab.differing_cells(code_nb(html), code_nb({**html, "data": {"text/html": "<b>2</b>"}})) == []


def test_an_error_in_the_fresh_run_is_a_difference():
    error = {
        "output_type": "error",
        "ename": "ValueError",
        "evalue": "Cannot convert 'auto' to EagerTensor",
        "traceback": [],
    }
    assert "+ error: ValueError" in colab.differing_cells(code_nb(), code_nb(error))[0]
