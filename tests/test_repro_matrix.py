"""tools/repro_matrix.py: versions, pins, commands and verdicts (no environment is made here; nox makes them)."""

import argparse
import json
import os
import subprocess
import sys

import pytest
import yaml
from packaging.requirements import InvalidRequirement
from project import ROOT, load_tool

repro = load_tool("repro_matrix")

REQS = """\
# comment
tensorflow-cpu==2.21.0
Keras==3.15.1   # trailing comment
numpy==2.4.6
nbval==0.11.0
"""

CONFIG = """SUPPORTED_TF = ("{low}", "{high}")\n"""
PYPROJECT = """\
[project.optional-dependencies]
tf = ["tensorflow>=2.19,<2.22"]
tf-cpu = ["{tf_cpu}"]
"""


@pytest.fixture
def root(tmp_path):
    """A repository with requirements.txt, config.py and pyproject.toml as the project has them."""
    (tmp_path / "requirements.txt").write_text(REQS, encoding="utf-8")
    return write_sources(tmp_path)


def write_sources(root, low="2.19", high="2.21", tf_cpu="tensorflow-cpu>=2.19,<2.22"):
    (root / "stbda_utils").mkdir(exist_ok=True)
    (root / "stbda_utils" / "config.py").write_text(CONFIG.format(low=low, high=high), encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT.format(tf_cpu=tf_cpu), encoding="utf-8")
    return root


def test_tf_versions_come_from_config_and_agree_with_pyproject_and_the_pins(root):
    assert repro.tf_versions(root) == ["2.19", "2.20", "2.21"]
    assert repro.tf_versions() == sorted(repro.TF_PINS)  # the repository's own sources agree
    with pytest.raises(ValueError, match="TF_PINS covers"):
        repro.tf_versions(write_sources(root, high="2.22", tf_cpu="tensorflow-cpu>=2.19,<2.23"))
    with pytest.raises(ValueError, match="TF_PINS covers"):
        repro.tf_versions(write_sources(root, low="2.20"))
    with pytest.raises(ValueError, match="outside"):
        repro.tf_versions(write_sources(root, tf_cpu="tensorflow-cpu>=2.19,<2.21"))
    with pytest.raises(ValueError, match="one major version"):
        repro.tf_versions(write_sources(root, low="2.21", high="2.19"))


def test_the_reproducibility_workflow_covers_every_supported_version():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "reproducibility.yml").read_text(encoding="utf-8"))
    cells = workflow["jobs"]["nbval"]["strategy"]["matrix"]["include"]
    assert {cell["tf"] for cell in cells} == set(repro.tf_versions())


def test_read_requirements_skips_comments_and_refuses_what_is_not_a_requirement(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text(REQS, encoding="utf-8")
    reqs = repro.read_requirements(path)
    assert [str(r) for r in reqs] == ["tensorflow-cpu==2.21.0", "Keras==3.15.1", "numpy==2.4.6", "nbval==0.11.0"]
    path.write_text("-e .\n", encoding="utf-8")
    with pytest.raises(InvalidRequirement):
        repro.read_requirements(path)


def test_apply_pins_replaces_only_the_pinned_lines(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text(REQS, encoding="utf-8")
    reqs = repro.read_requirements(path)
    pinned = repro.apply_pins(reqs, {"Tensorflow_CPU": "2.19.1", "keras": "3.10.0"})
    assert [str(r) for r in pinned] == ["tensorflow-cpu==2.19.1", "keras==3.10.0", "numpy==2.4.6", "nbval==0.11.0"]
    with pytest.raises(ValueError, match="tensorflw"):
        repro.apply_pins(reqs, {"tensorflw": "2.19.1"})


def test_requirements_for_each_version_keep_every_other_pin(root):
    old = repro.requirements_for("2.19", root)
    assert old == ["tensorflow-cpu==2.19.1", "keras==3.10.0", "numpy==2.0.2", "nbval==0.11.0"]
    assert repro.requirements_for("2.21", root) == [
        "tensorflow-cpu==2.21.0",
        "keras==3.15.1",
        "numpy==2.4.6",
        "nbval==0.11.0",
    ]
    with pytest.raises(ValueError, match="2.18"):
        repro.requirements_for("2.18", root)
    every = repro.read_requirements(ROOT / "requirements.txt")
    for version in repro.TF_PINS:  # the real requirements.txt holds every pinned package
        assert len(repro.requirements_for(version)) == len(every)


def test_expected_versions_are_the_exact_pins_under_the_probes_names():
    assert repro.expected_versions(["tensorflow-cpu==2.19.1", "Keras==3.10.0", "numpy==2.0.2", "nbval==0.11.0"]) == {
        "tensorflow": "2.19.1",
        "keras": "3.10.0",
        "numpy": "2.0.2",
    }
    assert repro.expected_versions(["tensorflow>=2.19", "numpy==2.0.2"]) == {"numpy": "2.0.2"}


def test_every_tf_version_pins_tensorflow_and_keras_of_that_version():
    for version, pins in repro.TF_PINS.items():
        assert pins["tensorflow-cpu"].startswith(version + ".")
        assert pins["keras"].startswith("3.")
    assert repro.TF_PINS["2.19"] == {"tensorflow-cpu": "2.19.1", "keras": "3.10.0", "numpy": "2.0.2"}  # Colab


def test_thread_values():
    assert repro.thread_count("default") == "default"
    assert repro.thread_count("all", cpus=6) == "6"
    assert repro.thread_count("01") == "1"
    for bad in ("0", "-1", "two", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            repro.thread_count(bad)


def test_thread_variable_reaches_pytest_only_when_forced():
    env = repro.run_environ("3", {"PATH": "/bin", repro.THREADS_ENV: "9"})
    assert env == {"PATH": "/bin", repro.THREADS_ENV: "3"}
    assert repro.run_environ("default", {"PATH": "/bin", repro.THREADS_ENV: "9"}) == {"PATH": "/bin"}


def test_pytest_command_is_strict_nbval_in_the_venvs_own_kernel():
    cmd = repro.pytest_command("/v/bin/python", ["chapters"], xdist=0)
    assert cmd[:3] == ["/v/bin/python", "-m", "pytest"]
    assert "--nbval" in cmd and "--nbval-current-env" in cmd and "--nbval-lax" not in cmd
    assert cmd[cmd.index("--nbval-sanitize-with") + 1] == "tests/nbval_sanitize.cfg"
    assert "-n" not in cmd and cmd[-1] == "chapters"
    with_xdist = repro.pytest_command("/v/bin/python", ["a", "b"], xdist=2)
    assert with_xdist[-4:] == ["-n", "2", "a", "b"]


def test_probe_problems_name_what_is_wrong(tmp_path):
    prefix = tmp_path / ".nox" / "matrix-tf-2-19"
    expected = {"tensorflow": "2.19.1", "keras": "3.10.0", "numpy": "2.0.2"}
    good = {"python": str(prefix / "bin" / "python"), **expected, repro.THREADS_ENV: "1"}
    assert repro.check_probe(good, expected, prefix, "1") == []
    bad = good | {"python": "/usr/bin/python3", "tensorflow": "2.21.0", repro.THREADS_ENV: None}
    problems = " | ".join(repro.check_probe(bad, expected, prefix, "1"))
    assert (
        "/usr/bin/python3" in problems and "tensorflow 2.21.0" in problems and "TF_NUM_INTRAOP_THREADS=None" in problems
    )
    assert repro.check_probe(good | {repro.THREADS_ENV: None}, expected, prefix, "default") == []


def test_summary_passes_only_when_every_run_passed():
    runs = [repro.Run("2.21", "1", 0, 1, 10.0, 0), repro.Run("2.21", "2", 0, 2, 12.5, 0)]
    assert repro.summary(runs).splitlines()[-1].startswith("PASS: 2 of 2 runs green")
    runs.append(repro.Run("2.21", "2", 0, 3))
    text = repro.summary(runs)
    assert "not run" in text and text.splitlines()[-1].startswith("FAIL: 2 of 3")
    runs[-1].returncode = 1
    assert repro.summary(runs).splitlines()[-2].endswith("FAIL")
    assert repro.summary([]).splitlines()[-1].startswith("FAIL")


def test_dry_run_lists_every_cell_and_repeat(capsys, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/opt/python/bin/python3")  # a Python outside the repository
    argv = ["--dry-run", "--tf", "2.19", "--threads", "1", "--threads", "all", "--xdist", "2", "--repeat", "2"]
    assert repro.main([*argv, "chapters/01-x"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * 2
    assert lines[0] == (
        "TF_NUM_INTRAOP_THREADS=1 /opt/python/bin/python3 -m pytest -p no:cacheprovider "
        "--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 chapters/01-x"
    )
    assert lines[1] == lines[0]
    assert lines[2].startswith(f"TF_NUM_INTRAOP_THREADS={os.cpu_count()} ")


def test_commands_show_repository_paths_shortened():
    python = str(repro.ROOT / ".venv" / "bin" / "python")
    assert repro.shown_command([python, "-m", "pytest"], "default") == ".venv/bin/python -m pytest"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--tf", "2.3"],
        ["--tf", "2.21", "--threads", "0"],
        ["--tf", "2.21", "--repeat", "0"],
        ["--tf", "2.21", "--xdist", "-1"],
    ],
)
def test_bad_arguments_are_refused(argv):
    with pytest.raises(SystemExit) as exc:
        repro.parse_args(argv)
    assert exc.value.code == 2


THREADS_PROBE = """
import json, os
import tensorflow as tf
tf.linalg.matmul(tf.ones((64, 64)), tf.ones((64, 64))).numpy()
print(json.dumps([tf.config.threading.get_intra_op_parallelism_threads(), len(os.listdir("/proc/self/task"))]))
"""


def os_threads(intra: int) -> tuple[int, int]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_NUM_INTRAOP_THREADS": str(intra)}
    out = subprocess.run([sys.executable, "-c", THREADS_PROBE], env=env, capture_output=True, text=True, check=True)
    return tuple(json.loads(out.stdout.strip().splitlines()[-1]))


def test_tensorflow_sizes_its_intra_op_pool_from_the_environment():
    """Why --threads works through TF_NUM_INTRAOP_THREADS: the pool grows with it, though the API reports 0."""
    (api_1, threads_1), (api_4, threads_4) = os_threads(1), os_threads(4)
    assert api_1 == api_4 == 0
    assert threads_4 - threads_1 >= 3
