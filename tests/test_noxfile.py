"""noxfile.py: the sessions nox lists are the supported TensorFlow versions and Colab's Python (nothing is run)."""

import json
import subprocess
import sys

from project import ROOT, load_tool

repro = load_tool("repro_matrix")
colab = load_tool("colab_check")


def listed_sessions() -> list[dict]:
    """``nox --list --json`` for this repository's noxfile (nox comes from requirements.txt)."""
    out = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json", "--noxfile", str(ROOT / "noxfile.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, f"nox --list failed (is nox installed? tools/bootstrap.sh installs it):\n{out.stderr}"
    return json.loads(out.stdout)


def test_one_matrix_session_per_supported_version_and_one_colab_session():
    sessions = {s["session"]: s for s in listed_sessions()}
    assert sorted(sessions) == ["colab", *(f"matrix(tf='{v}')" for v in repro.tf_versions())]
    assert {sessions[f"matrix(tf='{v}')"]["python"] for v in repro.tf_versions()} == {repro.MATRIX_PYTHON}
    assert sessions["colab"]["python"] == colab.COLAB_PYTHON == "3.12"
