"""noxfile.py: one matrix session per supported TensorFlow version, pinned inside pyproject's extra,
the workflows running exactly those, and the colab session on Colab's Python (nothing is installed)."""

import json
import runpy
import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement
from project import ROOT

from stbda_utils.config import SUPPORTED_TF

NOXFILE = runpy.run_path(str(ROOT / "noxfile.py"))


def listed_sessions() -> dict[str, dict]:
    """``nox --list --json`` for this repository's noxfile (nox comes from requirements.txt)."""
    out = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json", "--noxfile", str(ROOT / "noxfile.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, f"nox --list failed (is nox installed? tools/bootstrap.sh installs it):\n{out.stderr}"
    return {s["session"]: s for s in json.loads(out.stdout)}


def test_one_matrix_session_per_supported_version_and_one_colab_session():
    low, high = (int(v.split(".")[1]) for v in SUPPORTED_TF)
    versions = [f"2.{minor}" for minor in range(low, high + 1)]
    sessions = listed_sessions()
    assert sorted(sessions) == ["colab", *(f"matrix(tf='{v}')" for v in versions)]
    assert {sessions[f"matrix(tf='{v}')"]["python"] for v in versions} == {"3.11"}
    assert sessions["colab"]["python"] == "3.12"


def test_pins_lie_in_the_tf_cpu_extra_and_replace_requirements_lines():
    (line,) = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"][
        "tf-cpu"
    ]
    extra = Requirement(line)
    for version, pins in NOXFILE["TF_PINS"].items():
        assert pins["tensorflow-cpu"].startswith(version + ".") and extra.specifier.contains(pins["tensorflow-cpu"])
        installed = NOXFILE["requirements"](pins)
        assert {f"{name}=={pin}" for name, pin in pins.items()} <= set(installed)
        assert len(installed) == len(NOXFILE["requirements"]({}))  # every other requirement kept, none twice


def test_the_reproducibility_workflow_runs_every_supported_version():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "reproducibility.yml").read_text(encoding="utf-8"))
    assert {cell["tf"] for cell in workflow["jobs"]["nbval"]["strategy"]["matrix"]["include"]} == set(
        NOXFILE["TF_VERSIONS"]
    )
