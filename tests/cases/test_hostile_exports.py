"""Case exports and dates that once ended in a traceback or minutes of work (issue 26): each is now one located
error, found before the rows are read where it can be."""

from __future__ import annotations

import pathlib
import resource
import shutil
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from helpers import FIXTURES, URGENT_CASES, URGENT_PROCESS, write

HEADER = ["Case Number", "Case Type", "Date Opened", "First Inspection", "Date Closed"]
ROW = ["U1", "Dangerous Building", "2026-01-05", "2026-01-06", "2026-01-07"]


def edition(root: pathlib.Path, suffix: str = "csv", rows=(ROW,), extra: str = "") -> pathlib.Path:
    shutil.copytree(FIXTURES / "minimal", root)
    write(root / "process.yaml", URGENT_PROCESS)
    write(root / "cases.yaml", URGENT_CASES.format(suffix=suffix) + extra)
    (root / "exports").mkdir()
    if suffix == "csv":
        (root / "exports" / "cases.csv").write_text(
            "\n".join(",".join(r) for r in (HEADER, *rows)) + "\n", encoding="utf-8"
        )
    return root


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_an_as_of_date_no_city_can_mean_is_located(run, tmp_path, date):
    root = edition(tmp_path / "e", extra=f"as_of: {date}\n")
    code, out, err = run("check", "--data", root)
    assert code == 1 and "Traceback" not in err
    assert f"cases.yaml:10:8: {date} is not a date this handbook can use; write a date from 1900 to 2200" in err, err


def test_any_date_of_the_data_is_kept_to_the_same_years(run, tmp_path):
    root = edition(tmp_path / "e")
    with open(root / "jurisdiction.yaml", "a", encoding="utf-8") as file:
        file.write("holidays:\n  - date: 9999-12-31\n    name: End of time\n")
    code, out, err = run("check", "--data", root)
    assert code == 1 and "9999-12-31 is not a date this handbook can use" in err and "Traceback" not in err


@pytest.mark.parametrize("column, date", [(2, "9999-12-31"), (3, "0001-01-01 00:00"), (4, "12/31/9999")])
def test_a_date_in_an_export_outside_the_years_is_located(run, tmp_path, column, date):
    row = list(ROW)
    row[column] = date
    root = edition(tmp_path / "e", rows=[row])
    code, out, err = run("check", "--data", root)
    assert code == 1 and "Traceback" not in err
    assert (
        f"exports/cases.csv:2:{column + 1}: '{HEADER[column]}' (column {'CDE'[column - 2]}) holds a date no "
        "case can have; write a date from 1900 to 2200" in err
    ), err


def workbook(path: pathlib.Path, header=HEADER, rows=(ROW,)) -> None:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)


def replace_part(path: pathlib.Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, d in parts.items():
            archive.writestr(n, d)


SHEET = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def not_a_workbook(path):
    path.write_text("Case Number,Case Type\nU1,x\n", encoding="utf-8")


def entity_bomb(path):
    workbook(path)
    replace_part(
        path,
        "xl/worksheets/sheet1.xml",
        SHEET.replace(
            b"<worksheet",
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet',
        )
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
    )


def declared_rows(path):
    workbook(path)
    replace_part(path, "xl/worksheets/sheet1.xml", SHEET + b'<dimension ref="A1:E9000000"/><sheetData/></worksheet>')


def damaged(path):
    workbook(path)
    replace_part(path, "xl/workbook.xml", b"<workbook")


@pytest.mark.parametrize(
    "make, words",
    [
        (not_a_workbook, "this is not an Excel workbook (an .xlsx file is a zip archive)"),
        (entity_bomb, "this workbook declares XML entities (a DOCTYPE)"),
        (declared_rows, "a sheet of this workbook declares 9,000,000 rows; a workbook may have at most 1,048,576"),
        (damaged, "this is not an Excel workbook that can be read"),
    ],
)
def test_a_broken_or_hostile_xlsx_export_is_located(run, tmp_path, make, words):
    root = edition(tmp_path / "e", "xlsx")
    make(root / "exports" / "cases.xlsx")
    for command in ("check", "report"):
        code, out, err = run(command, *(["--year", "2026"] if command == "report" else []), "--data", root)
        assert code == 1 and "Traceback" not in err, err
        assert f"exports/cases.xlsx:1:1: {words}" in err, err
        assert "aaaa" not in err and "Case Number,Case Type" not in err


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))


@pytest.mark.parametrize(
    "declared, words",
    [
        (True, "has no column 'Case Number'; its columns are: Case, Type, Opened, Inspected, Closed"),
        (False, "a sheet of this workbook unpacks to 46.7 MB and does not say how many rows it has"),
    ],
)
def test_a_small_workbook_of_a_million_rows_with_wrong_columns_is_refused_before_its_rows(tmp_path, declared, words):
    """0.2 MB that unpacks to a million rows: the header is read, the mapping found wrong, no row read (when the
    sheet does not declare its size, openpyxl would read it all to learn it: refused first)."""
    root = edition(tmp_path / "e", "xlsx")
    path = root / "exports" / "cases.xlsx"
    workbook(path)
    rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_000_000  # a row needs no number
    rows += "<row><c><broken"  # a reader that went on past the header would stop here, not at the columns
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip("ABCDE", ["Case", "Type", "Opened", "Inspected", "Closed"])
    )
    size = b'<dimension ref="A1:E1000001"/>' if declared else b""
    replace_part(
        path, "xl/worksheets/sheet1.xml", SHEET + size + f'<sheetData><row r="1">{header}</row>{rows}'.encode()
    )
    assert path.stat().st_size < 1024 * 1024
    result = subprocess.run(
        [sys.executable, "-m", "handbook.cli", "check", "--data", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limits,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
