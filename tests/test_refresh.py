"""tools/refresh_outputs.py writes notebooks only when every one of them ran."""
import nbformat

from conftest import ROOT, load_tool

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
