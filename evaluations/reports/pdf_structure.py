"""What the report's tagged PDF needs beyond WeasyPrint's own PDF/UA tagging.

WeasyPrint (70) tags the PDF from the HTML: headings, paragraphs, lists, tables (``TH`` with an
``/ID``, ``TD`` with ``/Headers``), figures, links. It leaves out what a screen reader needs in
substance, and this module adds it while the PDF is written, before anything is serialised:

* ``/Lang`` on every structure element whose HTML element is in another language than its
  parent (a Finnish text in the Swedish report: ``lang="fi"`` → ``/Lang (fi)``), so a screen
  reader switches voice;
* ``/Scope /Column`` or ``/Row`` on every header cell, from its ``scope`` attribute, and the
  ``/IDTree`` that PDF/UA requires when cells point to headers by ``/ID``;
* the table of contents as ``TOC`` / ``TOCI`` (HTML: ``data-pdf-tag="TOC"`` on the lists,
  ``"TOCI"`` on their items);
* a chart's ``/Alt`` from its SVG ``<title>`` *and* ``<desc>`` (the figures), not the title only;
* elements marked ``data-pdf-tag="Artifact"`` (empty layout helpers) left out of the tree.

How: WeasyPrint builds the structure tree in ``weasyprint.pdf.tags._build_box_tree``, one box at
a time; ``install()`` wraps that function so that each structure element remembers the HTML
element and language of its box, and registers the PDF variant ``VARIANT`` (PDF/UA-1 plus
``complete_structure``). This relies on WeasyPrint internals of the pinned version; the tests in
``tests/evaluations/test_report.py`` read the finished PDFs and fail if it stops
working.
"""

import pydyf
from weasyprint.pdf import VARIANTS
from weasyprint.pdf import tags as weasy_tags
from weasyprint.pdf.pdfua import VARIANTS as UA_VARIANTS

VARIANT = "luvn/pdf-ua-1"
SVG = "{http://www.w3.org/2000/svg}"

_original_build_box_tree = weasy_tags._build_box_tree


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's builder; each new element also remembers its box's HTML element and
    language. (Elements passed up from child boxes were already annotated by the inner call.)"""
    for element in _original_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        if not hasattr(element, "luvn_html"):
            element.luvn_html = getattr(box, "element", None)
            element.luvn_lang = box.style["lang"] if getattr(box, "style", None) else None
        yield element


def _write_variant(pdf, document, page_streams, attachments, compress):
    stock, _options = UA_VARIANTS["pdf/ua-1"]
    stock(pdf, document, page_streams, attachments, compress)
    complete_structure(pdf)


def install() -> None:
    """Wrap WeasyPrint's structure builder and register ``VARIANT`` (idempotent)."""
    if weasy_tags._build_box_tree is not _build_box_tree:
        weasy_tags._build_box_tree = _build_box_tree
    _stock, options = UA_VARIANTS["pdf/ua-1"]
    VARIANTS[VARIANT] = (_write_variant, options)


def _object(pdf, reference):
    """The pydyf object behind a reference such as ``b"12 0 R"``."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return None


def _is_elem(obj) -> bool:
    return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"


def _tag_of(element) -> str | None:
    html = getattr(element, "luvn_html", None)
    return None if html is None else html.get("data-pdf-tag")


def _chart_alt(svg) -> str:
    parts = []
    for name in ("title", "desc"):
        node = svg.find(f"{SVG}{name}")
        if node is not None and node.text and node.text.strip():
            parts.append(" ".join(node.text.split()))
    return ": ".join(parts)


def complete_structure(pdf) -> None:
    """Add /Lang, /Scope, the /IDTree, TOC/TOCI and chart /Alt texts (see the module text)."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    document_lang = str(pdf.catalog["Lang"].string) if "Lang" in pdf.catalog else ""
    ids = {}
    annotated = 0

    def visit(element, inherited_lang):
        nonlocal annotated
        html = getattr(element, "luvn_html", None)
        lang = getattr(element, "luvn_lang", None) or inherited_lang
        if html is not None:
            annotated += 1
            if lang != inherited_lang:
                element["Lang"] = pydyf.String(lang)
            tag = html.get("data-pdf-tag")
            if tag == "TOC" and element["S"] == "/L":
                element["S"] = "/TOC"
            elif tag == "TOCI":
                # A list item is an LI with an LBody inside: the item, and the body's content.
                element["S"] = "/TOCI" if element["S"] == "/LI" else "/NonStruct"
            if html.tag == "th" and element["S"] == "/TH":
                # As WeasyPrint pairs headers with cells: scope="row" or else a column header.
                element["A"]["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"
            elif html.tag == f"{SVG}svg" and element["S"] == "/Figure":
                alt = _chart_alt(html)
                if alt:
                    element["Alt"] = pydyf.String(alt)
        if "ID" in element:
            ids[element["ID"].string] = element.reference
        kept = []
        for ref in element.get("K", ()):
            kid = _object(pdf, ref)
            if _is_elem(kid):
                # Empty layout helpers only: nothing of the page's content is lost.
                if _tag_of(kid) == "Artifact" and not kid["K"]:
                    continue
                visit(kid, lang)
            kept.append(ref)
        if "K" in element:
            element["K"] = pydyf.Array(kept)

    for ref in root["K"]:
        visit(_object(pdf, ref), document_lang)
    if not annotated:
        raise RuntimeError(
            "WeasyPrint built the structure tree without evaluations.reports.pdf_structure's hook: "
            "its internals changed; see evaluations/reports/pdf_structure.py."
        )
    if ids:
        names = pydyf.Array()
        for key in sorted(ids):
            names.extend([pydyf.String(key), ids[key]])
        root["IDTree"] = pydyf.Dictionary({"Names": names})
