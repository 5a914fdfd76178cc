"""A spreadsheet file in and out: CSV (UTF-8) or Excel .xlsx, read into a Sheet of text cells (with the caps a
hostile workbook meets, safeopen.workbook's checks first) and written with every cell inert to Excel's formulas.

openpyxl is imported by the two functions that need it: a `handbook` command that reads no workbook never
loads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from dataclasses import dataclass, field

from ... import safeopen
from ...atomic import write_atomically
from ...problems import EditionError, Problem
from ...text import column_letter
from ..files import label

MAX_ROWS = 100_000
MAX_SHEET_BYTES = 32 * 1024 * 1024  # a CSV sheet to import (a hundred thousand rows of a few hundred bytes)
# A cell that starts with one of these is written to CSV with a "'" before it, so that Excel never runs
# it as a formula (OWASP's advice against CSV injection); "'" itself is among them, so that import can
# take the first "'" off every cell and get back the text exactly as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_EMPTY = 1000  # empty rows in a row after which an Excel sheet is taken to end


@dataclass(order=True)
class CellProblem(Problem):
    """A problem at a cell: printed FILE:ROW:LETTER."""

    def __str__(self) -> str:
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{column_letter(self.column)}: {tag}{self.message}"


def inert(text: str) -> str:
    """A cell's text as written to CSV: with a "'" before it when Excel would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_written(text: str) -> str:
    """A CSV cell's text as the data holds it: inert() undone."""
    return text[1:] if text.startswith("'") else text


# --------------------------------------------------------------------------- reading a sheet


@dataclass
class Sheet:
    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)


def _text(value) -> str:
    """An Excel cell's value as the text the data would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sheet(path: pathlib.Path) -> Sheet:
    """The header and rows of a .csv (UTF-8) or .xlsx file (its first sheet); raises EditionError."""
    where = label(path)
    suffix = path.suffix.lower()
    rows: list[list[str]] = []
    if suffix == ".csv":
        try:
            text = safeopen.read_bytes(path, None, where, MAX_SHEET_BYTES, "sheet").decode("utf-8-sig")
        except Problem as problem:  # printed FILE:ROW:LETTER, as every problem of a sheet
            raise EditionError([CellProblem(problem.path, problem.line, problem.column, problem.message)]) from None
        except UnicodeDecodeError as exc:
            raise EditionError(
                [
                    CellProblem(
                        where,
                        1,
                        1,
                        f"this file is not UTF-8 text (byte {exc.start}); save it from the spreadsheet as 'CSV UTF-8'",
                    )
                ]
            ) from None
        try:
            first = text.split("\n", 1)[0]
            delimiter = next((d for d in (";", "\t") if d in first and "," not in first), ",")  # as some locales save
            rows = [
                [as_written(value) for value in row]
                for row, _ in zip(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), range(MAX_ROWS + 1))
            ]
        except csv.Error as exc:
            raise EditionError(
                [
                    CellProblem(
                        where,
                        1,
                        1,
                        f"this is not a readable CSV file ({exc}); save it from the spreadsheet as 'CSV UTF-8'",
                    )
                ]
            ) from None
    elif suffix == ".xlsx":
        import openpyxl  # third-party, loaded only to read an .xlsx sheet

        try:
            data = safeopen.workbook(path, None, where)
        except Problem as problem:  # printed FILE:ROW:LETTER, as every problem of a sheet
            raise EditionError([CellProblem(problem.path, problem.line, problem.column, problem.message)]) from None
        try:
            book = openpyxl.load_workbook(data, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on a damaged file; its words may quote the file
            raise EditionError(
                [
                    CellProblem(
                        where,
                        1,
                        1,
                        "this is not an Excel workbook that can be read; save it as 'Excel Workbook (.xlsx)'",
                    )
                ]
            ) from None
        try:
            if not book.worksheets:
                raise EditionError(
                    [CellProblem(where, 1, 1, "this workbook has no sheet; put the list on its first sheet")]
                )
            empty = 0
            for values, _ in zip(book.worksheets[0].iter_rows(values_only=True), range(MAX_ROWS + 1)):
                rows.append([_text(v) for v in values])
                empty = 0 if any(rows[-1]) else empty + 1
                if empty > MAX_EMPTY:  # formatting far below the last row: the list has ended
                    break
        except EditionError:
            raise
        except Exception:
            raise EditionError(
                [
                    CellProblem(
                        where,
                        len(rows) + 1,
                        1,
                        "this workbook is damaged and cannot be read "
                        "to its end; save it again as 'Excel Workbook (.xlsx)'",
                    )
                ]
            ) from None
        finally:
            book.close()
    else:
        raise ValueError(f"{where}: a spreadsheet must be a .csv or an .xlsx file")
    if len(rows) > MAX_ROWS:
        raise EditionError([CellProblem(where, MAX_ROWS + 1, 1, f"more than {MAX_ROWS} rows; split the sheet")])
    if not rows:
        raise EditionError(
            [CellProblem(where, 1, 1, "the sheet is empty; its first row must name the columns (id, name, ...)")]
        )
    return Sheet(where, [h.strip() for h in rows[0]], [(n, row) for n, row in enumerate(rows[1:], 2)])


def write_sheet(out: pathlib.Path, title: str, names: list[str], rows: list[list[str]]) -> None:
    """Write a header and rows of text to out (.csv or .xlsx, by its name), atomically; no cell is a formula."""
    suffix = out.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([[inert(value) for value in row] for row in rows])
        write_atomically(out, "\ufeff" + buffer.getvalue())  # with the mark Excel needs to read UTF-8
    elif suffix == ".xlsx":
        import openpyxl  # third-party, loaded only to write an .xlsx sheet

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = title
        sheet.append(names)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for one in line:
                one.data_type = "s"  # text, never a formula: a cell starting with '=' stays text
                one.number_format = "@"
                if isinstance(one.value, str) and one.value.startswith(FORMULA_STARTS):
                    one.quotePrefix = True  # and Excel shows it as text even when the cell is edited
        sheet.freeze_panes = "A2"
        saved = io.BytesIO()
        book.save(saved)
        write_atomically(out, saved.getvalue())
    else:
        raise ValueError(f"{out}: a spreadsheet must be a .csv or an .xlsx file")
