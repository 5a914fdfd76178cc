"""The PDF/UA-1 structure WeasyPrint leaves out, added by pdf/access.py to every PDF: header cells' /Scope, unique
/IDs in an /IDTree, links held by their /Link elements. Read back with pikepdf (printed.structure_problems) and
with an outside checker (the pdfua package). Every built PDF of every edition is checked in tests/pdf/test_print.py
and tests/pages/test_every_edition.py; here a small document shows each piece, and what is missing without it."""

from __future__ import annotations

import pikepdf

from handbook.pdf import access, engine, sheet
from printed import checker_findings, structure_problems

DOCUMENT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Response targets</title></head>
<body><h1>Response targets</h1>
<p>See <a href="https://example.org/targets">the targets</a> or <a href="#second">the second table</a>, and
<a href="https://example.org/city-of-maple/targets">example.org/​<span class="unbroken">city-of-maple</span>/​targets</a>
(an address as chapters.breakable_links writes it: spans inside the link).</p>
<table><thead><tr><th scope="col">Category</th><th scope="col">We respond</th><th scope="col">We close</th></tr></thead>
<tbody><tr><th scope="row">Weeds</th><td>5 days</td><td>30 days</td></tr>
<tr><th scope="row">Heat</th><td>1 day</td><td>3 days</td></tr></tbody></table>
<h2 id="second">Second table</h2>
<table><thead><tr><th scope="col">Year</th><th scope="col">Licenses</th></tr></thead>
<tbody><tr><td>2025</td><td>120</td></tr></tbody></table>
</body></html>"""


def written(tmp_path, name="doc.pdf"):
    target = tmp_path / name
    sheet.write_pdf(DOCUMENT, engine.STYLESHEET.read_text(encoding="utf-8"), str(target), one_page=False)
    return target


def headers(path) -> list[tuple[str, str, str]]:
    """(id, scope, text-free role) of every header cell, in document order."""
    with pikepdf.open(path) as pdf:
        return [
            (str(th.ID), str(access.table_attributes(th).get("/Scope")), str(th.S))
            for th in access.elements(pdf.Root.StructTreeRoot, "/TH")
        ]


def test_every_header_cell_has_its_scope_and_a_unique_id(tmp_path):
    path = written(tmp_path)
    assert headers(path) == [
        ("table1-0-0", "/Column", "/TH"),
        ("table1-0-1", "/Column", "/TH"),
        ("table1-0-2", "/Column", "/TH"),
        ("table1-1-0", "/Row", "/TH"),
        ("table1-2-0", "/Row", "/TH"),
        ("table2-0-0", "/Column", "/TH"),
        ("table2-0-1", "/Column", "/TH"),
    ]
    with pikepdf.open(path) as pdf:
        cells = access.elements(pdf.Root.StructTreeRoot, "/TD")
        named = [[str(n) for n in access.table_attributes(td).Headers] for td in cells]
        ids = list(pdf.Root.StructTreeRoot.IDTree.Names)[::2]
    assert named[0] == ["table1-1-0", "table1-0-1"]  # "5 days": its row's and its column's header
    assert named[-1] == ["table2-0-1"]
    assert [str(i) for i in ids] == sorted(h[0] for h in headers(path))
    assert structure_problems(path) == []
    assert checker_findings(path) == []


def test_completing_twice_changes_nothing(tmp_path):
    path = written(tmp_path)
    before = headers(path)
    access.complete_file(str(path))
    assert headers(path) == before and structure_problems(path) == []


def test_without_the_step_the_checks_find_what_is_missing(tmp_path, monkeypatch):
    """What WeasyPrint writes alone: both the project's checks and the outside checker report it."""
    monkeypatch.setattr(access, "complete", lambda pdf: None)
    path = written(tmp_path)
    found = {what for what, _ in structure_problems(path)}
    assert found == {
        "a header cell without /Scope",
        "an /ID not in the /IDTree",
        "a link not held by an OBJR of a /Link element",
    }
    assert {rule for rule, _, _ in checker_findings(path)} == {"UA-15-003"}


def test_the_checks_see_a_link_without_its_structure(tmp_path):
    path = written(tmp_path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        links = len(pdf.pages[0].obj.Annots)
        for annotation in pdf.pages[0].obj.Annots:
            del annotation["/StructParent"]
        del pdf.pages[0].obj["/Tabs"]
        pdf.save(path)
    found = [what for what, _ in structure_problems(path)]
    assert links >= 3 and found == ["a page's /Tabs is not /S"] + ["a link without /StructParent"] * links
