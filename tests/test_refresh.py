"""tools/refresh_outputs.py writes notebooks only when every one of them ran, and all at once,
even when it is killed while writing."""

import shutil
import signal
import subprocess
import sys

import nbclient
import nbformat
import pytest
from project import ROOT, load_tool

refresh = load_tool("refresh_outputs")


@pytest.fixture(autouse=True)
def own_journal(tmp_path, monkeypatch):
    """Each test its own journal (never the repository's, which a parallel test would share)."""
    monkeypatch.setattr(refresh, "JOURNAL", tmp_path / ".refresh-journal.json", raising=False)


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
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.ipynb", "b.ipynb"]
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
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["a.ipynb"]


#: Run in a subprocess: refresh the notebooks named after ``--`` (execution faked: each gets
#: ``metadata.version = "new"``) and stop before the Nth call of ``what`` (``write``:
#: nbformat.write, ``replace``: os.replace), saying "paused", until the test kills it.
KILLED_RUN = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import refresh_outputs as r
r.JOURNAL = Path(sys.argv[2]) / ".refresh-journal.json"
what, nth = sys.argv[3], int(sys.argv[4])

def execute(path):
    nb = r.nbformat.read(path, as_version=4)
    nb.metadata["version"] = "new"
    return nb

def paused(real):
    calls = []
    def call(*args, **kwargs):
        calls.append(args)
        if len(calls) == nth:
            print("paused", flush=True)
            time.sleep(600)
        return real(*args, **kwargs)
    return call

r.execute = execute
if what == "write":
    r.nbformat.write = paused(r.nbformat.write)
else:
    r.os.replace = paused(os.replace)
r.main(sys.argv[5:])
"""


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize(
    ("what", "nth", "after"),
    [
        ("write", 2, "old"),  # staging the second notebook
        ("replace", 1, "old"),  # every notebook staged, nothing swapped yet
        ("replace", 2, "new"),  # the swaps decided, none done
        ("replace", 3, "new"),  # between two notebooks' renames
        ("replace", 4, "new"),  # before the last rename
    ],
)
def test_a_killed_refresh_leaves_all_old_or_all_new_after_the_next_run(tmp_path, monkeypatch, what, nth, after):
    """SIGKILL at a point of the write, then the next run (its notebooks fail, so it writes nothing):
    the three notebooks are all old or all new, and git sees no stray file."""
    repo = tmp_path / "repo"
    (repo / "ch").mkdir(parents=True)
    shutil.copy(ROOT / ".gitignore", repo)
    paths = []
    for name in ("ch/ko.ipynb", "ch/en.ipynb", "other.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")], metadata={"version": "old"})
        nbformat.write(nb, repo / name)
        paths.append(str(repo / name))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old")
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(ROOT / "tools"), str(repo), what, str(nth), *paths],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert run.stdout.readline() == "paused\n", f"the run never reached call {nth} of {what}"
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate()

    def fails(path):
        raise nbclient.exceptions.CellExecutionError("traceback", "RuntimeError", "boom")

    monkeypatch.setattr(refresh, "JOURNAL", repo / ".refresh-journal.json", raising=False)
    monkeypatch.setattr(refresh, "execute", fails)
    assert refresh.main(paths) == 1
    versions = [nbformat.read(path, as_version=4).metadata["version"] for path in paths]
    assert versions == [after] * 3
    changed = {"old": "", "new": " M ch/en.ipynb\n M ch/ko.ipynb\n M other.ipynb\n"}[after]
    assert git(repo, "status", "--porcelain", "--ignored") == changed
