"""The performance report: one run on this machine, written into bench/README.md.

    .venv/bin/python bench/report.py            # about 20 minutes on 2 cores

Measures, in one process, one after the other:

1. per chapter, the lecture's computations run the lecture's way
   (``bench/lecture_style.py --chapter N``, a fresh Python process) against
   this book's notebook of that chapter in each language (a fresh kernel each,
   as ``tools/refresh_outputs.py`` runs them; nothing is written back);
2. the training helper against the naive ``model.fit`` (``bench/train_speed.py``);
3. a cold book build of both editions (``_build`` removed) and a no-change
   rebuild, each through ``tools/editions.py build`` as ``tools/build.sh`` runs it;
4. the page weight of each chapter page: its HTML plus the images it loads
   from ``_images`` (the theme's shared CSS/JS is counted once, separately).

Page speed on a phone (Lighthouse) is measured by ``bench/lighthouse.py``.

Times are wall-clock seconds of whole processes; the machine is described in
the report. Goals: each chapter notebook ≤ 30 s, all notebooks of both
languages (exercises included) ≤ 150 s, cold build ≤ 60 s, rebuild ≤ 10 s.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SITE = ROOT / "_build" / "html"
BEGIN, END = "<!-- report:begin -->", "<!-- report:end -->"
GOALS = {"chapter": 30.0, "notebooks": 150.0, "cold": 60.0, "rebuild": 10.0}


def timed(cmd: list[str]) -> tuple[float, str]:
    """Run ``cmd`` from the repository root; its wall time and stdout (fails loudly)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start, done.stdout


def notebook_seconds(path: Path) -> float:
    """Execute one notebook in a fresh kernel, as tools/refresh_outputs.py does (outputs discarded)."""
    code = (
        f"import runpy; tool = runpy.run_path('tools/refresh_outputs.py'); tool['execute'](tool['Path']({str(path)!r}))"
    )
    return timed([PY, "-c", code])[0]


def page_weight(page: Path) -> int:
    """Bytes of ``page`` and the local images it references."""
    sources = set(re.findall(r'<img[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")))
    images = [(page.parent / src).resolve() for src in sources if not src.startswith(("http:", "https:", "data:"))]
    return page.stat().st_size + sum(image.stat().st_size for image in images if image.is_file())


def mark(value: float, goal: float) -> str:
    return f"{value:.1f} s ({'meets' if value <= goal else 'misses'} the {goal:.0f} s goal)"


def main() -> int:
    info = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "?")
    machine = f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine}, one run of `bench/report.py`.", ""]
    lines += ["| chapter | lecture's way | book, ko | book, en | speed-up (lecture / book ko) |"]
    lines += ["| --- | ---: | ---: | ---: | ---: |"]
    chapters = sorted(p for p in (ROOT / "chapters").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    totals, slowest = {"lecture": 0.0, "ko": 0.0, "en": 0.0}, 0.0
    for chapter in chapters:
        lecture, _ = timed([PY, "bench/lecture_style.py", "--chapter", str(int(chapter.name[:2]))])
        ko, en = notebook_seconds(chapter / "ko.ipynb"), notebook_seconds(chapter / "en.ipynb")
        for key, seconds in (("lecture", lecture), ("ko", ko), ("en", en)):
            totals[key] += seconds
        slowest = max(slowest, ko, en)
        lines.append(f"| {chapter.name} | {lecture:.1f} s | {ko:.1f} s | {en:.1f} s | {lecture / ko:.1f}x |")
        print(lines[-1], flush=True)
    lecture, ko, en = totals.values()
    lines += [f"| **total** | {lecture:.1f} s | {ko:.1f} s | {en:.1f} s | {lecture / ko:.1f}x |", ""]
    lines += [f"Slowest chapter notebook: {mark(slowest, GOALS['chapter'])}.  "]
    lines += [f"All notebooks, both languages, one after another: {mark(ko + en, GOALS['notebooks'])}.", ""]
    speed = timed([PY, "bench/train_speed.py"])[1].strip()
    lines += ["Training helper against the naive `fit` (`bench/train_speed.py`):", "", "```text", speed, "```", ""]
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold = timed([PY, "tools/editions.py", "build"])[0]
    rebuild = timed([PY, "tools/editions.py", "build"])[0]
    lines += [f"Cold book build (`_build` removed): {mark(cold, GOALS['cold'])}.  "]
    lines += [f"No-change rebuild: {mark(rebuild, GOALS['rebuild'])}.", ""]
    lines += ["| page | weight (HTML + its images) |", "| --- | ---: |"]
    for chapter, lang in ((chapter, lang) for chapter in chapters for lang in ("ko", "en")):
        weight = page_weight(SITE / lang / "chapters" / chapter.name / f"{lang}.html")
        lines.append(f"| {chapter.name}/{lang} | {weight / 1e6:.2f} MB |")
    shared = sum(f.stat().st_size for f in (SITE / "ko" / "_static").rglob("*") if f.is_file())
    lines += [
        "",
        f"Shared theme assets of one edition (`_static`, loaded as needed and cached): {shared / 1e6:.2f} MB.",
    ]
    lines += ["What a phone actually transfers per page is in the Lighthouse table below."]
    report = "\n".join(lines)
    print(report)
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    readme.write_text(text[:start] + "\n" + report + "\n" + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
