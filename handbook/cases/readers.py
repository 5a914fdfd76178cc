"""One case export opened for DuckDB: a CSV or Parquet file read where it lies (opened with safeopen), an XLSX
file's first sheet copied into a table of text (openpyxl, after safeopen's workbook checks). exports.load reads
each file's rows through the SQL and header these give.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib

from .. import safeopen
from ..edition.files import label
from ..problems import Problem
from .sql import quote

MAX_COLUMNS = 1000  # columns of an XLSX export read (a case system writes a few dozen)


def cell_text(value) -> str | None:
    """An XLSX cell as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_table(con, path: pathlib.Path, name: str, root: pathlib.Path, wanted: set[str]) -> list[str]:
    """The first sheet of an XLSX file as a table of text (no temporary file); returns its header.

    The workbook is checked as a zip first (safeopen.workbook: sizes, rows, no XML entities); its header
    is read before any row, and when a column in wanted is missing no row is read at all."""
    import openpyxl  # third-party, loaded only for an XLSX export

    where = label(path)
    data = safeopen.workbook(path, root, where)
    try:
        book = openpyxl.load_workbook(data, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; none may become a traceback
        raise Problem(
            where,
            1,
            1,
            "this is not an Excel workbook that can be read; save it again from the "
            "spreadsheet as 'Excel Workbook (.xlsx)', or as CSV (UTF-8)",
        ) from None
    try:
        if not book.worksheets:
            raise Problem(where, 1, 1, "this workbook has no sheet; put the cases on its first sheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(v) or "" for v in next(rows, ())][:MAX_COLUMNS]
        columns: list[list] = [[] for _ in header]
        if wanted <= set(header):
            for number, row in enumerate(rows, 2):
                if number > safeopen.MAX_ROWS:
                    raise Problem(
                        where,
                        number,
                        1,
                        f"more than {safeopen.MAX_ROWS:,} rows; split the export, or export CSV instead",
                    )
                if all(v is None for v in row):
                    continue
                for i in range(len(header)):
                    columns[i].append(cell_text(row[i]) if i < len(row) else None)
    except Problem:
        raise
    except Exception:
        raise Problem(
            where,
            1,
            1,
            "this workbook is damaged and cannot be read to its end; save it again from "
            "the spreadsheet as 'Excel Workbook (.xlsx)', or as CSV (UTF-8)",
        ) from None
    finally:
        book.close()
    con.execute(f"CREATE TABLE {name} ({', '.join(f'{quote(h)} VARCHAR' for h in header)})")
    if header and wanted <= set(header):
        con.execute(f"INSERT INTO {name} SELECT {', '.join('unnest(?)' for _ in header)}", columns)
    return header


def source_of(
    con, path: pathlib.Path, number: int, root: pathlib.Path, wanted: set[str], opened: contextlib.ExitStack
) -> tuple[str, list, list[str]]:
    """(SQL for the file's rows, its parameters, its header) for a CSV, XLSX or Parquet export. A CSV or
    Parquet file is opened here (safeopen: no link, no FIFO) and DuckDB reads that open file (kept open
    by opened)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        name = f"xlsx_{number}"
        return name, [], xlsx_table(con, path, name, root, wanted)
    checked = opened.enter_context(safeopen.opened_path(path, root, label(path), safeopen.MAX_EXPORT, "case export"))
    sql = "read_parquet(?)" if suffix == ".parquet" else "read_csv(?, all_varchar = true, header = true)"
    header = [d[0] for d in con.execute(f"SELECT * FROM {sql} LIMIT 0", [checked]).description]
    return sql, [checked], header
