import subprocess
import sys

import pytest

from stbda_utils import runtime, setup  # runtime: the module; the package's `setup` is the function
from stbda_utils.text import current_lang


@pytest.mark.parametrize("lang,err", [("fr", ValueError), ("KO", ValueError), (None, ValueError), (1, ValueError)])
def test_setup_rejects_unknown_languages(lang, err):
    with pytest.raises(err, match="ko"):
        setup(lang=lang)


# ----------------------------------------------------------------- versions and TF's start-up lines


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tensorflow_outside_the_range_prints_one_line(monkeypatch, capsys, lang):
    monkeypatch.setattr(runtime, "installed_versions", lambda tf: ("2.18.0", "3.8.0"))
    setup(lang=lang)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "2.19" in lines[0] and "2.21" in lines[0] and "2.18.0" in lines[0]
    assert current_lang() == lang


@pytest.mark.parametrize("version", ["2.19.0", "2.20.1", "2.21.0"])
def test_supported_tensorflow_prints_nothing(monkeypatch, capsys, version):
    monkeypatch.setattr(runtime, "installed_versions", lambda tf: (version, "3.10.0"))
    setup(lang="en")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("version", ["2.22.0", "3.0.0", "2.9.1", "nightly"])
def test_other_tensorflow_versions_get_the_notice(version):
    assert "2.19 to 2.21" in runtime.check_versions(version, "3.10.0")


def test_keras_2_stops_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(runtime, "installed_versions", lambda tf: ("2.19.0", "2.19.0"))
    with pytest.raises(runtime.UnsupportedKerasError, match="needs Keras 3.*Keras 2.19.0"):
        setup(lang="en")


@pytest.mark.parametrize("value", ["1", "true", "True"])
def test_legacy_keras_variable_stops_before_tensorflow(monkeypatch, value):
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", value)
    with pytest.raises(runtime.UnsupportedKerasError, match="TF_USE_LEGACY_KERAS"):
        setup(lang="ko")


def test_supported_range_matches_pyproject(root):
    import tomllib

    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    low, high = runtime.SUPPORTED_TF
    next_minor = f"{high.split('.')[0]}.{int(high.split('.')[1]) + 1}"
    assert extras["tf"] == [f"tensorflow>={low},<{next_minor}"]
    assert extras["tf-cpu"] == [f"tensorflow-cpu>={low},<{next_minor}"]


def native_stderr(body: str) -> str:
    """What a fresh Python running ``body`` (with ``os`` and ``stbda_utils.runtime`` imported) writes to fd 2."""
    code = "import os\nimport stbda_utils.runtime as runtime\n" + body
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stderr


def test_native_stderr_is_silenced_and_restored():
    body = "with runtime._native_stderr_silenced():\n    os.write(2, b'E0000 cuDNN factory\\n')\nos.write(2, b'after\\n')\n"
    assert native_stderr(body) == "after\n"


def test_native_stderr_is_shown_when_the_block_fails():
    body = (
        "try:\n"
        "    with runtime._native_stderr_silenced():\n"
        "        os.write(2, b'the real cause\\n'); raise ImportError('boom')\n"
        "except ImportError:\n"
        "    pass\n"
    )
    assert native_stderr(body) == "the real cause\n"


@pytest.mark.slow
def test_setup_prints_nothing_at_c_level():
    """A fresh process: setup() leaves nothing on file descriptor 2 (TF's start-up lines included)."""
    code = "from stbda_utils import setup; setup(lang='en'); import tensorflow as tf; print(float(tf.reduce_sum(tf.ones(3))))"
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("TF_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout == "3.0\n" and out.stderr == ""


FAKE_TENSORFLOW = """
import os, types
os.write(2, b"E0000 00:00:1 cuda_dnn.cc:8310] Unable to register cuDNN factory\\n")
__version__ = "2.19.0"
keras = types.SimpleNamespace(__version__="3.10.0")
get_logger = lambda: types.SimpleNamespace(setLevel=lambda level: None)
config = types.SimpleNamespace(list_logical_devices=lambda kind: os.write(2, b"E0000 failed call to cuInit\\n"),
                               experimental=types.SimpleNamespace(enable_op_determinism=lambda: None))
random = types.SimpleNamespace(set_seed=lambda seed: None)
"""


def test_start_up_lines_written_by_tensorflow_do_not_reach_the_notebook(tmp_path, root):
    """A stand-in tensorflow writes to descriptor 2 on import and start-up, as the full wheel does."""
    (tmp_path / "tensorflow").mkdir()
    (tmp_path / "tensorflow" / "__init__.py").write_text(FAKE_TENSORFLOW)
    code = "import os; from stbda_utils import setup; setup(lang='en'); os.write(2, b'after\\n')"
    env = {**__import__("os").environ, "PYTHONPATH": f"{tmp_path}:{root}"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stderr == "after\n" and out.stdout == ""


def test_an_unknown_keras_version_is_not_taken_for_keras_2():
    assert runtime.check_versions("2.20.0", "unknown") is None


def test_glue_stores_what_myst_nb_glue_stores():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from myst_nb import glue as myst_glue

    InteractiveShell.instance()  # display() publishes through a shell
    with capture_output() as captured:
        myst_glue("w", 0.153822)
        runtime.glue("w", 0.153822)
    theirs, ours = captured.outputs
    assert (ours.data, ours.metadata) == (theirs.data, theirs.metadata)
    with pytest.raises(ValueError, match="name must be letters, digits and _"):
        runtime.glue("W1[0]", 1.0)
