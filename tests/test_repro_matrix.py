"""tools/repro_matrix.py: pins, environments, commands and verdicts (no venv is made here)."""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from project import ROOT

spec = importlib.util.spec_from_file_location("repro_matrix", ROOT / "tools" / "repro_matrix.py")
repro = importlib.util.module_from_spec(spec)
sys.modules["repro_matrix"] = repro  # dataclasses look their module up there
spec.loader.exec_module(repro)

REQS = """\
# comment
tensorflow-cpu==2.21.0
Keras==3.15.1   # trailing comment
numpy==2.4.6
nbval==0.11.0
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "requirements.txt").write_text(REQS, encoding="utf-8")
    return tmp_path


def test_requirement_lines_and_names():
    lines = repro.requirement_lines(REQS)
    assert lines == ["tensorflow-cpu==2.21.0", "Keras==3.15.1", "numpy==2.4.6", "nbval==0.11.0"]
    assert [repro.requirement_name(x) for x in lines] == ["tensorflow-cpu", "keras", "numpy", "nbval"]
    assert repro.requirement_name("Tensorflow_CPU>=2.19") == "tensorflow-cpu"


def test_apply_pins_replaces_only_the_pinned_lines():
    lines = repro.requirement_lines(REQS)
    pinned = repro.apply_pins(lines, {"tensorflow_cpu": "2.19.1", "keras": "3.10.0"})
    assert pinned == ["tensorflow-cpu==2.19.1", "keras==3.10.0", "numpy==2.4.6", "nbval==0.11.0"]
    with pytest.raises(ValueError, match="tensorflw"):
        repro.apply_pins(lines, {"tensorflw": "2.19.1"})


def test_requirements_pins_use_the_project_venv_others_their_own(root):
    default = repro.environment_for(None, root)
    assert default.venv == root / ".venv" and default.label == "2.21 (requirements.txt)"
    assert repro.pinned_tf(["tensorflow==2.19.1"]) == "2.19" and repro.pinned_tf(["numpy==2.4.6"]) == "?"
    same = repro.environment_for("2.21", root)  # TF_PINS["2.21"] equals these requirements
    assert same.project_venv and same.venv == root / ".venv"
    old = repro.environment_for("2.19", root)
    assert not old.project_venv and old.venv == root / ".venv-tf2.19"
    assert "numpy==2.0.2" in old.requirements and "nbval==0.11.0" in old.requirements
    assert old.python == root / ".venv-tf2.19" / "bin" / "python"
    with pytest.raises(ValueError, match="2.18"):
        repro.environment_for("2.18", root)


def test_every_tf_version_pins_tensorflow_and_keras_of_that_version():
    for version, pins in repro.TF_PINS.items():
        assert pins["tensorflow-cpu"].startswith(version + ".")
        assert pins["keras"].startswith("3.")
    assert repro.TF_PINS["2.19"] == {"tensorflow-cpu": "2.19.1", "keras": "3.10.0", "numpy": "2.0.2"}  # Colab


def test_stamp_changes_with_pins_and_python(root):
    a, b = repro.environment_for("2.19", root), repro.environment_for("2.20", root)
    assert repro.stamp_text(a, "3.11.7") != repro.stamp_text(b, "3.11.7")
    assert repro.stamp_text(a, "3.11.7") != repro.stamp_text(a, "3.12.1")
    assert repro.stamp_text(a, "3.11.7").startswith("python 3.11.7\n")


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
    cmd = repro.pytest_command(Path("/v/bin/python"), ["chapters"], xdist=0)
    assert cmd[:3] == ["/v/bin/python", "-m", "pytest"]
    assert "--nbval" in cmd and "--nbval-current-env" in cmd and "--nbval-lax" not in cmd
    assert cmd[cmd.index("--nbval-sanitize-with") + 1] == "tests/nbval_sanitize.cfg"
    assert "-n" not in cmd and cmd[-1] == "chapters"
    with_xdist = repro.pytest_command(Path("/v/bin/python"), ["a", "b"], xdist=2)
    assert with_xdist[-4:] == ["-n", "2", "a", "b"]


def test_probe_problems_name_what_is_wrong(root):
    env = repro.environment_for("2.19", root)
    good = {
        "python": str(env.python),
        "tensorflow": "2.19.1",
        "keras": "3.10.0",
        "numpy": "2.0.2",
        repro.THREADS_ENV: "1",
    }
    assert repro.check_probe(good, env, "1") == []
    bad = good | {"python": "/usr/bin/python3", "tensorflow": "2.21.0", repro.THREADS_ENV: None}
    problems = " | ".join(repro.check_probe(bad, env, "1"))
    assert (
        "/usr/bin/python3" in problems and "tensorflow 2.21.0" in problems and "TF_NUM_INTRAOP_THREADS=None" in problems
    )


def test_summary_passes_only_when_every_run_passed(root):
    env = repro.environment_for(None, root)
    runs = [repro.Run(env, "1", 0, 1, 10.0, 0), repro.Run(env, "2", 0, 2, 12.5, 0)]
    assert repro.summary(runs).splitlines()[-1].startswith("PASS: 2 of 2 runs green")
    runs.append(repro.Run(env, "2", 0, 3))
    text = repro.summary(runs)
    assert "not run" in text and text.splitlines()[-1].startswith("FAIL: 2 of 3")
    assert repro.summary([]).splitlines()[-1].startswith("FAIL")


def test_dry_run_lists_every_cell_and_repeat(capsys):
    assert (
        repro.main(
            [
                "--dry-run",
                "--tf",
                "2.19,2.20",
                "--threads",
                "1",
                "--threads",
                "all",
                "--xdist",
                "2",
                "--repeat",
                "2",
                "chapters/01-x",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * 2 * 2
    assert lines[0] == (
        ".venv-tf2.19: TF_NUM_INTRAOP_THREADS=1 .venv-tf2.19/bin/python -m pytest -p no:cacheprovider "
        "--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 chapters/01-x"
    )
    assert lines[2].startswith(f".venv-tf2.19: TF_NUM_INTRAOP_THREADS={os.cpu_count()} ")


@pytest.mark.parametrize("argv", [["--tf", "2.3"], ["--threads", "0"], ["--repeat", "0"], ["--xdist", "-1"]])
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
