"""Run strict nbval over the chapter notebooks in chosen environments (issue 7).

    python3 tools/repro_matrix.py                         # the project's .venv, once
    python3 tools/repro_matrix.py --tf 2.19,2.20,2.21     # each TensorFlow version
    python3 tools/repro_matrix.py --threads 1,all         # intra-op threads forced to 1 and to the CPU count
    python3 tools/repro_matrix.py --xdist 2 --repeat 3    # pytest-xdist -n 2, three consecutive runs
    python3 tools/repro_matrix.py --tf 2.19 chapters/01-piecewise-regression

Every combination of ``--tf`` and ``--threads`` is one cell of the matrix; each
cell runs ``--repeat`` times. Each run prints its command, its wall time and
PASS or FAIL; a summary follows, and the exit code is 1 when any run failed.

Environments. ``--tf`` picks pins from :data:`TF_PINS` and applies them to
``requirements.txt`` (every other pin is kept). When that changes nothing, the
environment is the project's own ``.venv``, set up by ``tools/bootstrap.sh``;
otherwise it is ``.venv-tf<version>``, created on first use and reinstalled only
when its pins change (``.venv-tf*/.repro-stamp``). Before the runs, a probe starts
a kernel exactly as nbval does and prints the versions and thread setting the
notebooks will see; a kernel on the wrong TensorFlow fails the cell.

Threads. ``--threads N`` sets ``TF_NUM_INTRAOP_THREADS=N`` in the environment of
pytest, which nbval passes on to every notebook kernel; TensorFlow reads it when
it creates its CPU device (``tf.config.threading.get_intra_op_parallelism_threads()``
still reports 0, the API's own setting). ``all`` means ``os.cpu_count()``;
``default`` leaves TensorFlow's own choice.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"
SANITIZE = "tests/nbval_sanitize.cfg"
STAMP_NAME = ".repro-stamp"
THREADS_ENV = "TF_NUM_INTRAOP_THREADS"

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

#: What a kernel started the way nbval starts one reports (runs inside the venv).
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


@dataclass(frozen=True)
class Environment:
    """A Python environment to run the notebooks in."""

    label: str  # "2.19", or "2.21 (requirements.txt)" for the project's own pins
    venv: Path
    requirements: tuple[str, ...]
    project_venv: bool  # True: the .venv that tools/bootstrap.sh manages

    @property
    def python(self) -> Path:
        """The environment's Python interpreter."""
        return self.venv / "bin" / "python"


@dataclass
class Run:
    """One pytest run and its outcome."""

    env: Environment
    threads: str
    xdist: int
    index: int
    seconds: float = 0.0
    returncode: int | None = None

    @property
    def passed(self) -> bool:
        """True when pytest exited 0."""
        return self.returncode == 0


def normalize(name: str) -> str:
    """A distribution name in PEP 503 form: ``Tensorflow_CPU`` -> ``tensorflow-cpu``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(text: str) -> list[str]:
    """The requirement lines of a requirements file, without comments and blank lines."""
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def requirement_name(line: str) -> str:
    """The normalized distribution name a requirement line is about."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    if not match:
        raise ValueError(f"cannot read a package name from requirement {line!r}")
    return normalize(match.group(0))


def canonical(line: str) -> str:
    """A requirement line with its name normalized and spaces removed, for comparing pins."""
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return requirement_name(line) + line[name.end() :].replace(" ", "") if name else line


def apply_pins(lines: list[str], pins: dict[str, str]) -> list[str]:
    """``lines`` with each pinned package's line replaced by ``name==version``.

    Every pinned package must already be in ``lines``: a typo must not pass silently.
    """
    wanted = {normalize(name): version for name, version in pins.items()}
    missing = set(wanted) - {requirement_name(line) for line in lines}
    if missing:
        raise ValueError(f"pinned packages not in requirements.txt: {sorted(missing)}")
    return [
        f"{requirement_name(line)}=={wanted[requirement_name(line)]}" if requirement_name(line) in wanted else line
        for line in lines
    ]


def pinned_tf(lines: list[str]) -> str:
    """The TensorFlow minor version that requirement ``lines`` pin (``?`` when none is pinned)."""
    for line in lines:
        match = re.fullmatch(r"tensorflow(?:-cpu)?==(\d+\.\d+)(?:\.\S*)?", canonical(line))
        if match:
            return match.group(1)
    return "?"


def environment_for(tf: str | None, root: Path = ROOT) -> Environment:
    """The environment for TensorFlow ``tf`` (``None``: requirements.txt as it is)."""
    lines = requirement_lines((root / "requirements.txt").read_text(encoding="utf-8"))
    if tf is None:
        return Environment(f"{pinned_tf(lines)} (requirements.txt)", root / ".venv", tuple(lines), True)
    if tf not in TF_PINS:
        raise ValueError(f"unknown TensorFlow version {tf!r}; choose from {sorted(TF_PINS)}")
    pinned = apply_pins(lines, TF_PINS[tf])
    if [canonical(line) for line in pinned] == [canonical(line) for line in lines]:
        return Environment(tf, root / ".venv", tuple(lines), True)
    return Environment(tf, root / f".venv-tf{tf}", tuple(pinned), False)


def stamp_text(env: Environment, python_version: str) -> str:
    """What ``.repro-stamp`` records: the Python version and every pin installed."""
    return "\n".join([f"python {python_version}", *env.requirements, "-e . --no-deps", ""])


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


def pytest_command(python: Path, paths: list[str], xdist: int) -> list[str]:
    """Strict nbval over ``paths``; the kernel is this Python's (``--nbval-current-env``)."""
    cmd = [
        str(python),
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        SANITIZE,
    ]
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


def ensure_system_packages() -> None:
    """Graphviz ``dot`` and the Nanum font (diagram SVGs are laid out with it), as tools/bootstrap.sh does."""
    need = [] if shutil.which("dot") else ["graphviz"]
    fonts = (
        subprocess.run(["fc-list", "NanumGothic"], capture_output=True, text=True) if shutil.which("fc-list") else None
    )
    if fonts is None or not fonts.stdout.strip():
        need.append("fonts-nanum")
    if not need:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"repro: apt-get install {' '.join(need)}", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", *need],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )


def ensure_environment(env: Environment, base_python: str) -> None:
    """Create or update ``env`` so that it holds exactly its pins (no-op when its stamp matches)."""
    start = time.perf_counter()
    if env.project_venv:
        subprocess.run(
            ["bash", str(ROOT / "tools" / "bootstrap.sh")], check=True, env={**os.environ, "PYTHON": base_python}
        )
        return
    ensure_system_packages()
    version = subprocess.run(
        [base_python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stamp = env.venv / STAMP_NAME
    want = stamp_text(env, version)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == want and env.python.exists():
        return
    old = stamp.read_text(encoding="utf-8").splitlines()[0] if stamp.exists() else ""
    if not env.python.exists() or old != f"python {version}":
        print(f"repro: creating {env.venv.name} with Python {version}", flush=True)
        subprocess.run([base_python, "-m", "venv", "--clear", str(env.venv)], check=True)
    print(
        f"repro: installing into {env.venv.name}: {' '.join(r for r in env.requirements if requirement_name(r) in ('tensorflow-cpu', 'keras', 'numpy'))} (+ the rest of requirements.txt)",
        flush=True,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(env.requirements) + "\n")
    try:
        pip = [str(env.python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-r", handle.name], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    finally:
        os.unlink(handle.name)
    stamp.write_text(want, encoding="utf-8")
    print(f"repro: {env.venv.name} ready in {time.perf_counter() - start:.0f} s", flush=True)


def probe(env: Environment, threads: str) -> dict:
    """Start a kernel the way nbval does and return what it reports (versions, thread setting)."""
    out = subprocess.run(
        [str(env.python), "-c", PROBE, str(ROOT)], capture_output=True, text=True, env=run_environ(threads), cwd=ROOT
    )
    if out.returncode != 0:
        raise RuntimeError(f"kernel probe failed in {env.venv.name}:\n{out.stdout}{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_probe(report: dict, env: Environment, threads: str) -> list[str]:
    """Problems with a probe report: a kernel on other versions or without the thread setting."""
    problems = []
    if Path(report["python"]).parent.parent.resolve() != env.venv.resolve():
        problems.append(f"kernel runs {report['python']}, not {env.python}")
    for line in env.requirements:
        name = requirement_name(line)
        key = "tensorflow" if name == "tensorflow-cpu" else name
        if key in ("tensorflow", "keras", "numpy") and "==" in line and report[key] != line.split("==", 1)[1]:
            problems.append(f"kernel has {key} {report[key]}, pinned {line}")
    want = None if threads == "default" else threads
    if report[THREADS_ENV] != want:
        problems.append(f"kernel sees {THREADS_ENV}={report[THREADS_ENV]}, wanted {want}")
    return problems


def execute(run: Run, paths: list[str], total: int) -> None:
    """Run pytest for ``run``, streaming its output, and record its exit code and wall time."""
    cmd = pytest_command(run.env.python, paths, run.xdist)
    print(
        f"\n== run {run.index}/{total}: TF {run.env.label} ({run.env.venv.name}), threads {run.threads}, "
        f"xdist {run.xdist or 'off'} [{load_average()}]",
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
    rows = [f"{'tf':<24} {'venv':<13} {'threads':>7} {'xdist':>5} {'wall s':>7}  result"]
    for r in runs:
        result = "PASS" if r.passed else ("not run" if r.returncode is None else "FAIL")
        rows.append(
            f"{r.env.label:<24} {r.env.venv.name:<13} {r.threads:>7} {r.xdist or '-':>5} {r.seconds:>7.1f}  {result}"
        )
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
        action="append",
        metavar="VERSION[,VERSION...]",
        help=f"TensorFlow versions, from {sorted(TF_PINS)}; repeat or separate by commas "
        "(default: requirements.txt's, in .venv)",
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
    parser.add_argument("--python", default=sys.executable, help="interpreter new venvs are made from")
    parser.add_argument("--dry-run", action="store_true", help="print the environments and commands only")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.xdist < 0:
        parser.error("--repeat must be >= 1 and --xdist >= 0")
    tfs = [v for given in args.tf or [] for v in given.split(",") if v]
    unknown = [v for v in tfs if v not in TF_PINS]
    if unknown:
        parser.error(f"unknown TensorFlow version(s) {unknown}; choose from {sorted(TF_PINS)}")
    args.tf = tfs or [None]
    try:
        args.threads = [thread_count(v) for given in args.threads or ["default"] for v in given.split(",") if v]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    envs = [environment_for(tf) for tf in args.tf]
    cells = list(itertools.product(envs, args.threads))
    runs = [Run(env, threads, args.xdist, 0) for env, threads in cells for _ in range(args.repeat)]
    for i, run in enumerate(runs, 1):
        run.index = i
    if args.dry_run:
        for run in runs:
            print(
                f"{run.env.venv.name}: {shown_command(pytest_command(run.env.python, args.paths, run.xdist), run.threads)}"
            )
        return 0
    for env, threads in cells:
        ensure_environment(env, args.python)
        try:
            report = probe(env, threads)
        except RuntimeError as exc:
            report, problems = {}, [str(exc)]
        else:
            print(f"repro: kernel probe ({env.venv.name}, threads {threads}): {json.dumps(report)}", flush=True)
            problems = check_probe(report, env, threads)
        if problems:
            print("repro: " + "; ".join(problems), file=sys.stderr)
            print(summary(runs))
            return 1
        for run in runs:
            if run.env == env and run.threads == threads:
                execute(run, args.paths, len(runs))
    print("\n" + summary(runs))
    return 0 if all(r.passed for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
