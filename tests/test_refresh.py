"""tools/refresh_outputs.py writes notebooks only when every one of them ran, and all at once."""

import nbformat
import pytest
from project import load_tool

refresh = load_tool("refresh_outputs")


def notebook(tmp_path, name, source):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_success_writes_outputs(tmp_path):
    good = notebook(tmp_path, "good.ipynb", "print(6 * 7)")
    assert refresh.main([str(good)]) == 0
    cell = nbformat.read(good, as_version=4).cells[0]
    assert cell.outputs[0].text == "42\n" and cell.execution_count == 1


def test_failure_leaves_every_notebook_untouched(tmp_path):
    good = notebook(tmp_path, "good.ipynb", "print(6 * 7)")
    bad = notebook(tmp_path, "bad.ipynb", "raise RuntimeError('boom')")
    before = good.read_bytes(), bad.read_bytes()
    assert refresh.main([str(good), str(bad)]) == 1
    assert (good.read_bytes(), bad.read_bytes()) == before


def test_refreshed_notebook_records_its_environment(tmp_path):
    good = notebook(tmp_path, "good.ipynb", "1 + 1")
    assert refresh.main([str(good)]) == 0
    stamp = nbformat.read(good, as_version=4).metadata["stbda"]["executed_with"]
    assert stamp["python"].count(".") == 2 and "numpy" in stamp and "keras" in stamp


def test_failed_write_leaves_every_notebook_untouched(tmp_path, monkeypatch, capsys):
    """The second write fails (as on a full disk): neither notebook changes, no temporary file is left."""
    first = notebook(tmp_path, "a.ipynb", "print(1)")
    second = notebook(tmp_path, "b.ipynb", "print(2)")
    before = first.read_bytes(), second.read_bytes()
    real_write = nbformat.write
    calls = []

    def write_then_fail(nb, fp, *args, **kwargs):
        calls.append(fp)
        if len(calls) == 2:
            with open(fp, "w", encoding="utf-8") as half:
                half.write('{"cells": [')  # a truncated file, as a full disk leaves it
            raise OSError(28, "No space left on device")
        return real_write(nb, fp, *args, **kwargs)

    monkeypatch.setattr(refresh.nbformat, "write", write_then_fail)
    assert refresh.main([str(first), str(second)]) == 1
    assert (first.read_bytes(), second.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ipynb", "b.ipynb"]
    assert "No notebook was changed" in capsys.readouterr().err


def test_interrupted_write_leaves_every_notebook_untouched(tmp_path, monkeypatch):
    """A kill (KeyboardInterrupt) during the writes: the notebooks stay as they were."""
    only = notebook(tmp_path, "a.ipynb", "print(1)")
    before = only.read_bytes()

    def interrupted(nb, fp, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(refresh.nbformat, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        refresh.main([str(only)])
    assert only.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.ipynb"]
