"""What the tests need to know about the repository: its paths, chapters, table of contents and tools.

Test modules import these plain helpers from here (``from project import ROOT``);
pytest's fixtures and hooks stay in conftest.py, which is not imported.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from stbda_utils.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
LANGS = LANGUAGES  # ("ko", "en"), from stbda_utils/config.py


def chapter_dirs() -> list[Path]:
    return sorted(p for p in CHAPTERS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def toc_files() -> list[str]:
    """Every ``file:`` entry of ``_toc.yml`` (the root excluded), in book order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    return files


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` (the tools folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
