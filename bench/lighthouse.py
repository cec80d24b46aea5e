"""Lighthouse (mobile preset, performance only) on the built site, offline; its table goes into bench/README.md.

    .venv/bin/python bench/lighthouse.py                  # landing and every chapter page
    .venv/bin/python bench/lighthouse.py --pages chapters/04-logistic-regression/en.html --no-write

A benchmark, not a test: Lighthouse times this machine's CPU, so run it on a quiet machine.
What Lighthouse cannot do itself is done here: npm ``lighthouse`` is installed into
``bench/.node`` (git-ignored); ``_build/html`` is served with gzip and keep-alive, as GitHub
Pages serves it (the pages load nothing from another host); Debian's chromium
(``CHROME_PATH``) runs the pages. JSON reports are kept in ``_build/lighthouse/``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
NODE = ROOT / "bench" / ".node"
OUT = ROOT / "_build" / "lighthouse"
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- lighthouse:begin -->", "<!-- lighthouse:end -->"

#: npm packages, pinned.
NPM_PACKAGES = ["lighthouse@12.8.2"]

#: Goals of issue 12 (mobile preset).
GOALS = {"performance": 0.8, "fcp_s": 3.0}

#: Content types GitHub Pages compresses (text); images and fonts are sent as they are.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


# --------------------------------------------------------------------------- servers


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the client accepts it.

    HTTP/1.1 with keep-alive, as GitHub Pages answers (Python's default, HTTP/1.0, opens
    a connection per request, which Lighthouse would then charge a round trip each).
    """

    protocol_version = "HTTP/1.1"

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".inv": "application/octet-stream",
    }

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        super().end_headers()

    def send_file(self, path: Path) -> None:
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if ctype.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        self.send_file(path)

    do_HEAD = do_GET


@contextlib.contextmanager
def serving(handler) -> Iterator[int]:
    """A threaded HTTP server on 127.0.0.1 at a free port, for the ``with`` block; yields the port."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


# --------------------------------------------------------------------------- pages and tools


def pages(site: Path) -> list[str]:
    """The landing page(s) and every chapter page, relative to ``site``, in a stable order."""
    found = [p for p in ("index.html", "ko/index.html", "en/index.html") if (site / p).is_file()]
    chapters = sorted(
        p.relative_to(site).as_posix()
        for p in site.glob("**/chapters/*/*.html")
        if not p.relative_to(site).as_posix().startswith(("_", "."))
    )
    return found + chapters


def lighthouse_bin() -> Path:
    """``bench/.node/node_modules/.bin/lighthouse``, with :data:`NPM_PACKAGES` installed by npm unless present."""
    wanted = dict(pkg.rsplit("@", 1) for pkg in NPM_PACKAGES)
    manifest = NODE / "package.json"
    if not manifest.is_file() or json.loads(manifest.read_text()).get("dependencies") != wanted:
        if not shutil.which("npm"):
            sys.exit("bench/lighthouse.py needs npm (apt-get install npm)")
        NODE.mkdir(parents=True, exist_ok=True)
        print(f"npm install {' '.join(NPM_PACKAGES)} into {NODE.relative_to(ROOT)}", flush=True)
        cmd = ["npm", "install", "--prefix", str(NODE), "--save-exact", "--no-audit", "--no-fund", "--silent"]
        subprocess.run([*cmd, *NPM_PACKAGES], check=True)
    return NODE / "node_modules" / ".bin" / "lighthouse"


def run_lighthouse(binary: Path, url: str, out: Path, chrome: str) -> dict:
    # no --disable-gpu: with it, chromium presents the first frame late on a busy machine
    # (the main thread idle, FCP ~1 s after the load event), and Lighthouse then charges
    # the page for everything that loaded in between
    flags = ["--headless=new", "--no-sandbox"]
    cmd = [
        str(binary),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={' '.join(flags)}",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(cmd, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    return {
        "performance": report["categories"]["performance"]["score"],
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "errors": report.get("runtimeError", {}).get("message", ""),
        # Lighthouse's measure of this machine's speed at the time (higher is faster; its
        # 4x CPU slowdown is calibrated for about 1000-2000, a busy machine scores lower)
        "benchmark": report.get("environment", {}).get("benchmarkIndex", 0),
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score."""
    return sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def table(results: dict[str, dict], note: str) -> str:
    lines = [
        note,
        "",
        "| page | performance | first contentful paint | largest contentful paint | total blocking time | transferred | CPU benchmark |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, r in results.items():
        lines.append(
            f"| {page} | {r['performance']:.2f} | {r['fcp_s']:.1f} s | {r['lcp_s']:.1f} s | "
            f"{r['tbt_ms']:.0f} ms | {r['bytes'] / 1e6:.2f} MB | {r['benchmark']:.0f} |"
        )
    worst = min(r["performance"] for r in results.values())
    slowest = max(r["fcp_s"] for r in results.values())
    lines += [
        "",
        "CPU benchmark: Lighthouse's `benchmarkIndex` during that page's run (higher is faster).",
        "",
        f"Lowest performance {worst:.2f} (goal ≥ {GOALS['performance']}), slowest first contentful "
        f"paint {slowest:.1f} s (goal ≤ {GOALS['fcp_s']:.0f} s).",
    ]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text = text.rstrip("\n") + f"\n\n## Lighthouse (mobile)\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    README.write_text(text[:start] + "\n" + section + "\n" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="pages relative to _build/html (default: landing and chapter pages)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median by performance is kept")
    parser.add_argument("--no-write", action="store_true", help="print the table only, leave bench/README.md")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default _build/html)")
    args = parser.parse_args(argv)

    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        sys.exit(f"no chromium at {chrome}: apt-get install chromium, or set CHROME_PATH")
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site in {args.site}: run bash tools/build.sh first")
    targets = args.pages or pages(args.site)
    binary = lighthouse_bin()
    OUT.mkdir(parents=True, exist_ok=True)
    loads = [load()]
    results: dict[str, dict] = {}
    with serving(functools.partial(GzipHandler, directory=str(args.site))) as site_port:
        for page in targets:
            runs = []
            for k in range(args.runs):
                out = OUT / (page.replace("/", "_").removesuffix(".html") + f"-{k}.json")
                report = run_lighthouse(binary, f"http://127.0.0.1:{site_port}/{page}", out, chrome)
                runs.append(summary(report))
            results[page] = median_run(runs)
            versions = f"Lighthouse {report['lighthouseVersion']}, {report['environment']['hostUserAgent'].split()[-2]}"
            r = results[page]
            print(
                f"{page}: performance {r['performance']:.2f}, FCP {r['fcp_s']:.1f} s, LCP {r['lcp_s']:.1f} s, "
                f"TBT {r['tbt_ms']:.0f} ms, {r['bytes'] / 1e6:.2f} MB {r['errors']}",
                flush=True,
            )
            loads.append(load())
    note = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `bench/lighthouse.py` "
        f"({versions}, mobile preset: simulated slow 4G and 4x CPU slowdown; "
        f"{os.cpu_count()} cores, 1-minute load average {' → '.join([loads[0], loads[-1]])}; "
        f"{args.runs} run(s) per page, the median kept). Pages served with gzip from `_build/html`."
    )
    section = table(results, note)
    print(section)
    if not args.no_write:
        write_readme(section)
        print(f"wrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
