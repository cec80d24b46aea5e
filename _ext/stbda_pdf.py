"""The book's notebook outputs for the PDF (LaTeX builder only; ``tools/pdf.py`` loads it).

On the site two kinds of output are HTML, which LaTeX cannot show:

* **Graphviz diagrams** (``stbda_utils.diagrams``): a ``<figure>`` holding inline SVG. Each gets an
  ``application/pdf`` version, converted from that SVG with ``rsvg-convert`` (Debian's
  ``librsvg2-bin``), so the diagram stays a vector in the PDF (myst-nb's LaTeX priority picks
  ``application/pdf`` first).
* **Animations** (``stbda_utils.animation.play``: a ``<video>`` with its last frame as ``image/png``,
  which myst-nb's LaTeX priority picks): a line in the page's language after it says that the
  site animates it.

Tables: LaTeX sets a long table (the glossary) in columns that never wrap, and a short one with
widths guessed from its longest cells (numbers squeezed); :func:`table_widths` gives every table
column widths from its content, so each column wraps in its own share of the page.

The notebook is changed in memory, on Sphinx's ``source-read`` event, before myst-nb parses it;
the stored notebooks and the HTML build are untouched.

On the site (HTML builder), the edition's PDF is an icon link in the sidebar of every page
(``icon_links`` in ``_config.yml``'s ``editions:``, named in the page's language). Its url there is
relative to the edition's root (``stbda-book-ko.pdf``); :func:`on_html_page_context` makes it
relative to each page, as the theme writes it as it is.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess

from docutils import nodes

#: The line after an animation's still, per language.
ANIMATED = {
    "ko": "웹사이트에서는 이 그림이 애니메이션으로 움직입니다. 여기에는 마지막 장면을 실었습니다.",
    "en": "On the website this figure is an animation; this is its last frame.",
}

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def svg_to_pdf(svg: str) -> bytes:
    """One SVG as a one-page vector PDF (``rsvg-convert``)."""
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg[:400]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return subprocess.run(
        ["rsvg-convert", "--format=pdf"], input=svg.encode("utf-8"), capture_output=True, check=True
    ).stdout


def printable(notebook: dict, lang: str) -> int:
    """Give every HTML output a form LaTeX can show (see the module docstring); return how many."""
    changed = 0
    for cell in notebook.get("cells", []):
        outputs = cell.get("outputs", [])
        new_outputs = []
        for output in outputs:
            new_outputs.append(output)
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))
            if not html:
                continue
            if "<video" in html:
                new_outputs.append(
                    {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": f"*{ANIMATED[lang]}*"}}
                )
                changed += 1
            elif "<svg" in html:
                svg = _SVG.search(html)
                if svg:
                    data["application/pdf"] = base64.b64encode(svg_to_pdf(svg.group(0))).decode("ascii")
                    changed += 1
        if "outputs" in cell:
            cell["outputs"] = new_outputs
    return changed


def on_source_read(app, docname: str, source: list[str]) -> None:
    if app.builder.format != "latex" or not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    if printable(notebook, app.config.language or "en"):
        source[0] = json.dumps(notebook, ensure_ascii=False)


#: A column's share of the page counts its longest cell's characters (a digit as 1.4: digits are
#: wider than the average letter, and a number does not wrap), between these bounds.
NARROWEST, WIDEST = 4, 30


def text_width(text: str) -> int:
    """
    >>> text_width("ab"), text_width("-6.0163096e-05")
    (2, 18)
    """
    return round(len(text) + 0.4 * sum(c.isdigit() for c in text))


def table_widths(doctree) -> int:
    """Column widths (``colwidths-given``) from each table's content; return how many tables.

    >>> from docutils.core import publish_doctree
    >>> doc = publish_doctree("=== ==========\\na   b\\n=== ==========\\nxy  a long cell\\n=== ==========\\n")
    >>> table_widths(doc), [c["colwidth"] for c in doc.findall(nodes.colspec)]
    (1, [4, 11])
    """
    count = 0
    for table in doctree.findall(nodes.table):
        if "colwidths-given" in table["classes"]:
            continue
        for tgroup in table.findall(nodes.tgroup):
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            longest = [0] * len(colspecs)
            for row in tgroup.findall(nodes.row):
                for index, entry in enumerate(row.children[: len(colspecs)]):
                    longest[index] = max(longest[index], text_width(entry.astext()))
                    if not entry.astext().strip():
                        entry.children = []  # an empty paragraph would be an empty line in LaTeX
            for colspec, length in zip(colspecs, longest):
                colspec["colwidth"] = min(max(length, NARROWEST), WIDEST)
        table["classes"].append("colwidths-given")
        count += 1
    return count


def on_doctree_resolved(app, doctree, docname: str) -> None:
    if app.builder.format == "latex":
        table_widths(doctree)


def page_relative_links(links: list[dict], pathto) -> list[dict]:
    """Icon links to a ``.pdf`` of the edition, relative to the page (``pathto(file, 1)``).

    >>> page_relative_links([{"url": "stbda-book-ko.pdf"}, {"url": "https://x.org/a.pdf"}], lambda f, r: "../../" + f)
    [{'url': '../../stbda-book-ko.pdf'}, {'url': 'https://x.org/a.pdf'}]
    """
    return [
        {**link, "url": pathto(link["url"], 1)} if link["url"].endswith(".pdf") and "://" not in link["url"] else link
        for link in links
    ]


def on_html_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    links = context.get("theme_icon_links")
    if links and "pathto" in context:
        context["theme_icon_links"] = page_relative_links(links, context["pathto"])


def setup(app):
    app.connect("source-read", on_source_read)
    app.connect("html-page-context", on_html_page_context)
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
