"""Strict nbval over the chapter notebooks in the running environment, checked first (issue 7).

nox makes one environment per supported TensorFlow version (``noxfile.py``, session
``matrix``) and runs this script in it:

    nox -s matrix                                          # every supported TensorFlow version
    nox -s "matrix(tf='2.19')"                             # one version
    nox -s "matrix(tf='2.21')" -- --threads 1,all          # intra-op threads forced to 1 and to the CPU count
    nox -s "matrix(tf='2.21')" -- --xdist 2 --repeat 3     # pytest-xdist -n 2, three consecutive runs
    nox -s "matrix(tf='2.19')" -- chapters/01-piecewise-regression

Every ``--threads`` value is one cell of the matrix; each cell runs ``--repeat``
times. Each run prints its command, its wall time and PASS or FAIL; a summary
follows, and the exit code is 1 when any run failed.

Versions. The TensorFlow versions are those from ``SUPPORTED_TF`` in
``stbda_utils/config.py`` (lowest to highest minor); :data:`TF_PINS` gives each its
exact TensorFlow, Keras (and, where needed, NumPy) pins, which must lie inside
``pyproject.toml``'s ``tf-cpu`` extra. The pins are applied over ``requirements.txt``
(every other pin is kept) by :func:`requirements_for`, which the nox session installs.
Before the runs, a probe starts a kernel exactly as nbval does and prints the
versions and thread setting the notebooks will see; a kernel on another Python or
on other TensorFlow, Keras or NumPy versions than ``--tf`` pins fails the cell.

Threads. ``--threads N`` sets ``TF_NUM_INTRAOP_THREADS=N`` in the environment of
pytest, which nbval passes on to every notebook kernel; TensorFlow reads it when
it creates its CPU device (``tf.config.threading.get_intra_op_parallelism_threads()``
still reports 0, the API's own setting). ``all`` means ``os.cpu_count()``;
``default`` leaves TensorFlow's own choice.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# mypy checks everything as Python 3.10 (stbda_utils' lowest); the tools run on 3.11 (requirements.txt),
# whose standard library has tomllib. Only tomllib.loads is used; it returns dict[str, Any] anyway.
import tomllib  # type: ignore[import-not-found]
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = "tests/nbval_sanitize.cfg"
THREADS_ENV = "TF_NUM_INTRAOP_THREADS"

#: The Python the matrix runs on: the book's (requirements.txt; CI's python:3.11-bookworm).
MATRIX_PYTHON = "3.11"

#: Pins per TensorFlow minor version, applied over requirements.txt.
#: 2.19 is Colab's runtime (TensorFlow 2.19.1, Keras 3.10.0, NumPy 2.0.2);
#: TensorFlow 2.19 also requires numpy<2.2, so NumPy is pinned there too.
#: 2.20 takes the Keras of its release month (3.11.3; TF 2.20 needs keras>=3.10).
#: 2.21 is requirements.txt itself.
TF_PINS: dict[str, dict[str, str]] = {
    "2.19": {"tensorflow-cpu": "2.19.1", "keras": "3.10.0", "numpy": "2.0.2"},
    "2.20": {"tensorflow-cpu": "2.20.0", "keras": "3.11.3"},
    "2.21": {"tensorflow-cpu": "2.21.0", "keras": "3.15.1"},
}

#: The distributions whose versions the kernel probe reports, by the name it reports them under.
PROBED = {"tensorflow-cpu": "tensorflow", "tensorflow": "tensorflow", "keras": "keras", "numpy": "numpy"}

#: What a kernel started the way nbval starts one reports (runs in this environment).
PROBE = r"""
import json, sys
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, start_new_kernel
CODE = '''
import json, os, sys
from stbda_utils import setup
setup(lang="en")
import keras, numpy as np, tensorflow as tf
tf.linalg.matmul(tf.ones((64, 64)), tf.ones((64, 64))).numpy()
print(json.dumps({"python": sys.executable, "tensorflow": tf.__version__, "keras": keras.__version__,
                  "numpy": np.__version__, "TF_NUM_INTRAOP_THREADS": os.environ.get("TF_NUM_INTRAOP_THREADS"),
                  "os_threads": len(os.listdir("/proc/self/task"))}))
'''
km, kc = start_new_kernel(kernel_name=CURRENT_ENV_KERNEL_NAME, startup_timeout=120, cwd=sys.argv[1])
out = []
try:
    reply = kc.execute_interactive(CODE, timeout=300, output_hook=lambda m: out.append(m))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
if reply["content"]["status"] != "ok":
    sys.exit("probe failed: " + " ".join(reply["content"].get("traceback", [])))
print(text.strip().splitlines()[-1])
"""


# --------------------------------------------------------------------------- versions and pins


def supported_range(root: Path = ROOT) -> tuple[str, str]:
    """``SUPPORTED_TF`` (lowest, highest) from ``stbda_utils/config.py``, read without importing the package."""
    low, high = runpy.run_path(str(root / "stbda_utils" / "config.py"))["SUPPORTED_TF"]
    return low, high


def extra_requirement(extra: str, root: Path = ROOT) -> Requirement:
    """The one requirement of ``pyproject.toml``'s optional dependency ``extra``."""
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    (line,) = extras[extra]
    return Requirement(line)


def tf_versions(root: Path = ROOT) -> list[str]:
    """Every TensorFlow minor version from ``SUPPORTED_TF``, e.g. ``["2.19", "2.20", "2.21"]``.

    Refuses a range that :data:`TF_PINS` does not cover exactly, and pins outside
    the ``tf-cpu`` extra of ``pyproject.toml``: each source must agree with the others.
    """
    low, high = (Version(v) for v in supported_range(root))
    if low.major != high.major or low.minor > high.minor:
        raise ValueError(f"SUPPORTED_TF must be (lowest, highest) of one major version; got {low}, {high}")
    versions = [f"{low.major}.{minor}" for minor in range(low.minor, high.minor + 1)]
    if sorted(TF_PINS, key=Version) != versions:
        raise ValueError(f"TF_PINS covers {sorted(TF_PINS, key=Version)}; SUPPORTED_TF means {versions}")
    extra = extra_requirement("tf-cpu", root)
    for version in versions:
        pin = TF_PINS[version]["tensorflow-cpu"]
        if not pin.startswith(version + ".") or not extra.specifier.contains(pin):
            raise ValueError(f"TF_PINS[{version!r}] pins tensorflow-cpu {pin}, outside {version} or {extra}")
    return versions


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements of a requirements file; comments and blank lines skipped, anything else must parse."""
    lines = (raw.split("#", 1)[0].strip() for raw in path.read_text(encoding="utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


def apply_pins(requirements: list[Requirement], pins: dict[str, str]) -> list[Requirement]:
    """``requirements`` with each pinned distribution's requirement replaced by ``name==version``.

    Every pinned distribution must already be required: a typo must not pass silently.
    """
    wanted = {canonicalize_name(name): version for name, version in pins.items()}
    missing = set(wanted) - {canonicalize_name(r.name) for r in requirements}
    if missing:
        raise ValueError(f"pinned packages not in requirements.txt: {sorted(missing)}")
    out = []
    for req in requirements:
        name = canonicalize_name(req.name)
        out.append(Requirement(f"{name}=={wanted[name]}") if name in wanted else req)
    return out


def requirements_for(tf: str, root: Path = ROOT) -> list[str]:
    """What the ``matrix`` session for TensorFlow ``tf`` installs: requirements.txt with ``TF_PINS[tf]`` applied."""
    if tf not in TF_PINS:
        raise ValueError(f"unknown TensorFlow version {tf!r}; choose from {sorted(TF_PINS)}")
    return [str(r) for r in apply_pins(read_requirements(root / "requirements.txt"), TF_PINS[tf])]


def expected_versions(requirements: list[str]) -> dict[str, str]:
    """The exact TensorFlow, Keras and NumPy versions ``requirements`` pin, keyed as the probe reports them."""
    found = {}
    for line in requirements:
        req = Requirement(line)
        key = PROBED.get(canonicalize_name(req.name))
        specs = list(req.specifier)
        if key and len(specs) == 1 and specs[0].operator == "==":
            found[key] = specs[0].version
    return found


# --------------------------------------------------------------------------- runs


@dataclass
class Run:
    """One pytest run and its outcome."""

    tf: str
    threads: str
    xdist: int
    index: int
    seconds: float = 0.0
    returncode: int | None = None

    @property
    def passed(self) -> bool:
        """True when pytest exited 0."""
        return self.returncode == 0


def thread_count(value: str, cpus: int | None = None) -> str:
    """Validate a ``--threads`` value: ``default``, ``all`` (the CPU count) or a positive int, as text."""
    if value == "default":
        return value
    if value == "all":
        return str(cpus or os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"threads must be a positive int, 'all' or 'default'; got {value!r}")
    return str(int(value))


def run_environ(threads: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment variables for pytest (and so for every notebook kernel nbval starts)."""
    environ = dict(os.environ if base is None else base)
    if threads == "default":
        environ.pop(THREADS_ENV, None)
    else:
        environ[THREADS_ENV] = threads
    return environ


def pytest_command(python: str, paths: list[str], xdist: int) -> list[str]:
    """Strict nbval over ``paths``; the kernel is this Python's (``--nbval-current-env``)."""
    cmd = [python, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env"]
    cmd += ["--nbval-sanitize-with", SANITIZE]
    if xdist:
        cmd += ["-n", str(xdist)]
    return cmd + list(paths)


def shown_command(cmd: list[str], threads: str) -> str:
    """``cmd`` as a shell line, repository paths shortened, with the thread variable in front."""
    prefix = "" if threads == "default" else f"{THREADS_ENV}={threads} "
    parts = [str(Path(c).relative_to(ROOT)) if c.startswith(str(ROOT) + os.sep) else c for c in cmd]
    return prefix + shlex.join(parts)


def load_average() -> str:
    """The 1-minute load average and the CPU count, for reading wall times."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return f"load n/a, {os.cpu_count()} CPUs"
    return f"load {one:.2f}, {os.cpu_count()} CPUs"


def missing_system_packages() -> list[str]:
    """The Debian packages the notebooks need and this machine lacks: graphviz's ``dot``, the Nanum font."""
    need = [] if shutil.which("dot") else ["graphviz"]
    fonts = (
        subprocess.run(["fc-list", "NanumGothic"], capture_output=True, text=True) if shutil.which("fc-list") else None
    )
    if fonts is None or not fonts.stdout.strip():
        need.append("fonts-nanum")
    return need


def probe(threads: str) -> dict:
    """Start a kernel the way nbval does and return what it reports (versions, thread setting)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, text=True, env=run_environ(threads), cwd=ROOT
    )
    if out.returncode != 0:
        raise RuntimeError(f"kernel probe failed in {sys.prefix}:\n{out.stdout}{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_probe(report: dict, expected: dict[str, str], prefix: Path, threads: str) -> list[str]:
    """Problems with a probe report: a kernel outside ``prefix``, on other versions or without the thread setting."""
    problems = []
    if Path(report["python"]).parent.parent.resolve() != prefix.resolve():
        problems.append(f"kernel runs {report['python']}, not the Python of {prefix}")
    for key, version in expected.items():
        if report[key] != version:
            problems.append(f"kernel has {key} {report[key]}, pinned {version}")
    want = None if threads == "default" else threads
    if report[THREADS_ENV] != want:
        problems.append(f"kernel sees {THREADS_ENV}={report[THREADS_ENV]}, wanted {want}")
    return problems


def execute(run: Run, paths: list[str], total: int) -> None:
    """Run pytest for ``run``, streaming its output, and record its exit code and wall time."""
    cmd = pytest_command(sys.executable, paths, run.xdist)
    print(
        f"\n== run {run.index}/{total}: TF {run.tf}, threads {run.threads}, xdist {run.xdist or 'off'} "
        f"[{load_average()}]",
        flush=True,
    )
    print(f"$ {shown_command(cmd, run.threads)}", flush=True)
    start = time.perf_counter()
    run.returncode = subprocess.run(cmd, cwd=ROOT, env=run_environ(run.threads)).returncode
    run.seconds = time.perf_counter() - start
    print(
        f"-- wall {run.seconds:.1f} s: {'PASS' if run.passed else f'FAIL (pytest exit {run.returncode})'}", flush=True
    )


def summary(runs: list[Run]) -> str:
    """A table of every run and the final PASS/FAIL line."""
    rows = [f"{'tf':<6} {'threads':>7} {'xdist':>5} {'wall s':>7}  result"]
    for r in runs:
        result = "PASS" if r.passed else ("not run" if r.returncode is None else "FAIL")
        rows.append(f"{r.tf:<6} {r.threads:>7} {r.xdist or '-':>5} {r.seconds:>7.1f}  {result}")
    green = sum(r.passed for r in runs)
    verdict = "PASS" if runs and green == len(runs) else "FAIL"
    rows.append(f"{verdict}: {green} of {len(runs)} runs green ({platform.node()}, {load_average()} at the end)")
    return "\n".join(rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["chapters"], help="notebooks or folders (default: chapters)")
    parser.add_argument(
        "--tf",
        required=True,
        choices=sorted(TF_PINS),
        help="the TensorFlow version this environment was made for; its pins are checked in a kernel",
    )
    parser.add_argument(
        "--threads",
        action="append",
        metavar="N[,N...]",
        help="intra-op thread counts: N, 'all' (the CPU count) or 'default' (TensorFlow's choice); "
        "repeat or separate by commas",
    )
    parser.add_argument("--xdist", type=int, default=0, metavar="N", help="run with pytest-xdist -n N (default: off)")
    parser.add_argument("--repeat", type=int, default=1, metavar="K", help="consecutive runs per cell (default: 1)")
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.xdist < 0:
        parser.error("--repeat must be >= 1 and --xdist >= 0")
    try:
        args.threads = [thread_count(v) for given in args.threads or ["default"] for v in given.split(",") if v]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    """Probe the kernel for every thread setting, run strict nbval, print the summary; 1 on any failure."""
    args = parse_args(argv)
    runs = [Run(args.tf, threads, args.xdist, 0) for threads in args.threads for _ in range(args.repeat)]
    for i, run in enumerate(runs, 1):
        run.index = i
    if args.dry_run:
        for run in runs:
            print(shown_command(pytest_command(sys.executable, args.paths, run.xdist), run.threads))
        return 0
    missing = missing_system_packages()
    if missing:
        print(f"repro: missing system packages; apt-get install {' '.join(missing)}", file=sys.stderr)
        return 1
    expected = expected_versions(requirements_for(args.tf))
    for threads in args.threads:
        try:
            report = probe(threads)
        except RuntimeError as exc:
            report, problems = {}, [str(exc)]
        else:
            print(f"repro: kernel probe (threads {threads}): {json.dumps(report)}", flush=True)
            problems = check_probe(report, expected, Path(sys.prefix), threads)
        if problems:
            print("repro: " + "; ".join(problems), file=sys.stderr)
            print(summary(runs))
            return 1
        for run in runs:
            if run.threads == threads:
                execute(run, args.paths, len(runs))
    print("\n" + summary(runs))
    return 0 if all(r.passed for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
