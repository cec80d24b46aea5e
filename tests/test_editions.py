"""The editions are derived from the one _config.yml and _toc.yml (the glossary: tests/test_glossary.py)."""

from __future__ import annotations

import doctest
import fcntl
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from project import LANGS, ROOT, load_tool, toc_files

editions = load_tool("editions")


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_doctests():
    assert doctest.testmod(editions).failed == 0


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_has_its_root_and_every_page_of_its_language(lang):
    toc = editions.edition_toc(load("_toc.yml"), lang)
    pages = editions.toc_entries(toc["chapters"])
    assert toc["root"] == f"index/{lang}" and (ROOT / f"index/{lang}.md").exists()
    assert pages == [f for f in toc_files() if f.rsplit("/", 1)[-1] == lang]
    assert all(p.endswith(f"/{lang}") for p in pages)


def test_an_edition_needs_exactly_one_part_in_its_language():
    toc = load("_toc.yml")
    toc["parts"].append(toc["parts"][0])
    with pytest.raises(ValueError, match="exactly one part"):
        editions.edition_toc(toc, "ko")
    with pytest.raises(ValueError, match="lang must be one of"):
        editions.edition_toc(load("_toc.yml"), "fr")


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_config_is_the_top_level_one_with_its_language(lang):
    top = load("_config.yml")
    config = editions.edition_config(top, lang)
    assert config["sphinx"]["config"]["language"] == lang
    assert "editions" not in config
    assert config["author"] == top["editions"][lang]["author"]
    options = config["sphinx"]["config"]["html_theme_options"]
    assert (
        options["search_bar_text"] == top["editions"][lang]["sphinx"]["config"]["html_theme_options"]["search_bar_text"]
    )
    assert options["article_header_end"] == top["sphinx"]["config"]["html_theme_options"]["article_header_end"]
    assert config["sphinx"]["local_extensions"]["stbda_site"] == str(ROOT / "_ext")
    same = {k: v for k, v in config.items() if k not in ("sphinx", "author")}
    assert same == {k: v for k, v in top.items() if k not in ("sphinx", "author", "editions")}


def test_the_landing_page_escapes_and_links_both_editions():
    html = editions.landing_html('https://x.org/"b/')
    assert '"b/' not in html and "&quot;b/" in html
    for lang in LANGS:
        assert f'<section lang="{lang}" class="edition">' in html
        assert f'href="{lang}/index/{lang}.html"' in html


def test_the_subset_icon_fonts_are_the_same_bytes_whatever_the_build_time(tmp_path, monkeypatch):
    """Two builds of one commit are byte-identical: the subset Font Awesome fonts carry no build date."""
    import importlib.util

    import pydata_sphinx_theme

    spec = importlib.util.spec_from_file_location("stbda_speed", ROOT / "_ext" / "stbda_speed.py")
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    fonts = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    built = []
    for epoch in ("1000000000", "1700000000"):  # fontTools dates a font it saves by SOURCE_DATE_EPOCH
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = tmp_path / epoch
        shutil.copytree(fonts / "vendor" / "fontawesome" / "webfonts", out / speed.FA_FONTS)
        (out / "_static" / "icons.css").write_text('.fa-bars:before{content:"\\f0c9"}', encoding="utf-8")
        (out / "page.html").write_text('<i class="fa-solid fa-bars"></i>', encoding="utf-8")
        assert speed.subset_icon_fonts(out)
        built.append({p.name: p.read_bytes() for p in (out / "_static" / speed.ICONS_DIR).iterdir()})
    assert built[0] == built[1] and built[0]


# --------------------------------------------------------------------------- a build's faults, before or without Sphinx


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A copy of the book's sources in ``tmp_path``, built by a stand-in for jupyter-book (each
    edition one redirect stub; ``calls`` lists the editions built, ``fail`` names one that fails)."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path)
    for folder in {doc.split("/")[0] for doc in toc_files()} | {"index"}:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    build = tmp_path / "_build"
    monkeypatch.setattr(editions, "ROOT", tmp_path)
    monkeypatch.setattr(editions, "BUILD", build)
    monkeypatch.setattr(editions, "EDITIONS", build / "editions")
    monkeypatch.setattr(editions, "SITE", build / "html")
    calls, fail, refused = [], [], []

    def jupyter_book(command, **kwargs):
        folder = Path(command[command.index("--path-output") + 1])
        calls.append(folder.name)
        (folder / "_build" / "html").mkdir(parents=True, exist_ok=True)
        stub = f'<meta http-equiv="Refresh" content="0; url=index/{folder.name}.html" />'
        (folder / "_build" / "html" / "index.html").write_text(stub, encoding="utf-8")
        if folder.name in refused:  # KaTeX's server not listening yet, this once
            refused.remove(folder.name)
            return subprocess.CompletedProcess(command, 1, "", "ConnectionRefusedError: [Errno 111]")
        return subprocess.CompletedProcess(command, 1 if folder.name in fail else 0, "", "")

    monkeypatch.setattr(editions.subprocess, "run", jupyter_book)
    return SimpleNamespace(root=tmp_path, site=build / "html", calls=calls, fail=fail, refused=refused)


def failed_build(capsys) -> str:
    with pytest.raises(SystemExit) as stopped:
        editions.main(["build"])
    return str(stopped.value.code)


def test_the_stand_in_build_writes_both_editions_and_the_landing_page(book):
    editions.main(["build"])
    assert book.calls == list(LANGS) and (book.site / "index.html").exists()
    assert sorted(p.name for p in book.site.parent.iterdir() if p.name.startswith("html")) == ["html"]


def test_an_edition_is_built_again_once_when_katex_refused_the_connection(book):
    book.refused.append("en")
    editions.main(["build"])
    assert book.calls == ["ko", "en", "en"] and (book.site / "en").is_dir()


def test_another_failure_is_not_built_again(book, capsys):
    book.fail.append("ko")
    assert "ko edition failed" in failed_build(capsys)
    assert book.calls == ["ko"]


def test_a_failed_build_keeps_the_previous_site(book, capsys):
    book.site.mkdir(parents=True)
    (book.site / "index.html").write_text("the previous build", encoding="utf-8")
    book.fail.append("en")
    assert "failed to build" in failed_build(capsys)
    assert [p.name for p in book.site.iterdir()] == ["index.html"]
    assert (book.site / "index.html").read_text(encoding="utf-8") == "the previous build"


def test_a_truncated_notebook_stops_the_build_naming_its_file(book, capsys):
    notebook = book.root / "chapters" / "02-relu-networks" / "en.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:5000])
    message = failed_build(capsys)
    assert message.startswith("editions: chapters/02-relu-networks/en.ipynb is not a valid notebook: ")
    assert len(message.splitlines()) == 1 and book.calls == []


def test_a_chapter_without_its_twin_stops_the_build_in_one_line(book, capsys):
    toc = (book.root / "_toc.yml").read_text(encoding="utf-8")
    (book.root / "_toc.yml").write_text(toc.replace("      - file: chapters/03-overfitting/en\n", ""), "utf-8")
    assert failed_build(capsys) == (
        "editions: chapters/03-overfitting/ko is in the ko edition but chapters/03-overfitting/en "
        "is not in the en edition (_toc.yml)"
    )
    assert book.calls == []


def test_a_second_build_at_the_same_time_is_refused_in_one_line(book, capsys):
    (book.root / "_build").mkdir()
    with open(book.root / "_build" / ".build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first build, still running
        message = failed_build(capsys)
    assert message.startswith("editions: another build of this checkout is running") and "\n" not in message
    assert book.calls == []
