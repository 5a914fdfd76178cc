"""Reading a department's case-system exports (CSV, XLSX, Parquet) into one DuckDB table.

cases.yaml names the files and maps their columns (edition/models.py `Cases`). Every value is read
as text and parsed in SQL; a value that is not a date, a date before the case was opened, an empty
case number or category, a repeated case number, and every category or source that cases.yaml does
not map are problems at `FILE:row:column` (the row as a spreadsheet shows it: the header is row 1),
or at `cases.yaml:line:column` for what the mapping lacks. Unknown categories are listed with how
many cases each has; none is ever dropped without a word.

The table `cases` holds one row per case: the file's number, the case number, our category id,
complaint or proactive, the district, and the opened, first response and closed times. Nothing here is
shown to anyone: the measures (measure.py) only ever return counts, rates and, for staff, case numbers.
readers.py opens each file for DuckDB, sql.py writes the SQL that loads its rows; here they are loaded,
checked and cached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
import re
import threading
from dataclasses import dataclass, field

from ..edition import Edition
from ..edition import models as m
from ..edition.files import label
from ..edition.yamlfile import load_yaml
from ..problems import EditionError, Problem
from ..schedule.plan import holiday_calendar, is_working_day
from ..text import column_letter
from .readers import source_of
from .sql import BAD, SEP, TIMES, insert_sql, literal, parsed_value

SHOWN = 20  # problems of one kind listed before "and N more"
SOURCES = ("complaint", "proactive")
MEMORY_LIMIT = "1536MB"  # DuckDB's own limit (ten million cases take about 850 MB as kept here)


@dataclass
class Export:
    """The cases of an edition's exports in DuckDB, with what the measures need around them."""

    con: object  # a duckdb connection (each query takes a cursor of its own) holding the tables cases and days
    as_of: dt.date  # cases.yaml's as_of, else the latest date in the exports
    first: dt.date  # the earliest opened date
    cases: int  # rows read
    skipped: int = 0  # cases of categories mapped to 'skip'
    files: list[str] = field(default_factory=list)


def connect():
    """An embedded DuckDB that never installs or loads an extension from the network."""
    import duckdb  # third-party, loaded when cases are measured (not by a build with nothing to do)

    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False, "memory_limit": MEMORY_LIMIT}
    )
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw one on the build's terminal
    return con


def load(edition: Edition) -> Export:
    """Read the exports cases.yaml names into DuckDB; raise EditionError with every problem found.

    Each case is kept lean (ten million fit in about a gigabyte): the category already mapped to our id and
    the source to complaint or proactive (both DuckDB ENUMs, a byte each), the three times, the district, and
    the raw text only of what is wrong with a row."""
    import duckdb  # third-party, as in connect()

    cases = edition.cases
    if not cases.paths or cases.columns is None:
        raise ValueError("this edition has no case exports (cases.yaml)")
    loaded = (edition.sources.get("cases") or [None])[0]  # None in the public edition, checked already

    def place(loc: tuple, key: bool = False) -> tuple[str, int, int]:
        if loaded is None:
            return ("cases.yaml", 1, 1)
        return loaded.locate_key(loc) if key else loaded.locate(loc)

    written = loaded.data if loaded is not None else {}
    problems: list[Problem] = []
    con = connect()
    ids = sorted({*cases.categories.values(), m.SKIP})
    con.execute(f"CREATE TYPE category_id AS ENUM ({', '.join(literal(i) for i in ids)})")
    con.execute(f"CREATE TYPE source_kind AS ENUM ({', '.join(literal(i) for i in SOURCES)})")
    sources = {**{s: s for s in SOURCES}, **{k.lower(): v for k, v in cases.sources.items()}}
    con.execute(
        "CREATE TABLE cases (file USMALLINT, id VARCHAR, category category_id, kind source_kind, "
        "district VARCHAR, opened TIMESTAMP, first_response TIMESTAMP, closed TIMESTAMP, bad UTINYINT, "
        "bad_text VARCHAR)"
    )
    mapped = {name: getattr(cases.columns, name) for name in ("id", "category", "source", "district", *TIMES)}
    offsets, headers, labels = [], [], []
    with contextlib.ExitStack() as opened:  # the CSV and Parquet files DuckDB reads, open until they are read
        for number, (path, root) in enumerate(zip(cases.paths, cases.roots)):
            where = label(path)
            labels.append(where)
            offsets.append(None)
            headers.append([])
            try:
                sql, params, header = source_of(con, path, number, root, {c for c in mapped.values() if c}, opened)
            except Problem as problem:
                problems.append(problem)
                continue
            except (duckdb.Error, OSError) as exc:
                # DuckDB's words may quote a line of the file: only the line number is kept
                line = re.search(r"[Ll]ine:? (\d+)", str(exc))
                problems.append(
                    Problem(
                        where,
                        int(line.group(1)) if line else 1,
                        1,
                        f"cannot read this export as {path.suffix[1:].upper()}; save it again as CSV (UTF-8) or XLSX",
                    )
                )
                continue
            headers[number] = header
            missing = [(key, column) for key, column in mapped.items() if column and column not in header]
            for key, column in missing:
                problems.append(
                    Problem(
                        *place(("columns", key)),
                        f"{where} has no column '{column}'; its columns are: "
                        f"{', '.join(header[:30])}; write one of them for '{key}'",
                    )
                )
            if missing:
                continue
            offsets[number] = con.execute("SELECT count(*) FROM cases").fetchone()[0]
            con.execute(insert_sql(mapped, dict(cases.categories), sources, number, sql), params)
            if sql.startswith("xlsx_"):
                con.execute(f"DROP TABLE {sql}")
    if problems:
        raise EditionError(problems)

    def at(file: int, rowid: int, key: str) -> tuple[str, int, int]:
        column = headers[file].index(mapped[key]) + 1
        return labels[file], rowid - offsets[file] + 2, column

    def column_words(key: str, file: int) -> str:
        return f"'{mapped[key]}' (column {column_letter(headers[file].index(mapped[key]) + 1)})"

    for i, key in enumerate(TIMES):
        rows = con.execute(
            f"SELECT file, rowid, split_part(bad_text, {SEP}, {i + 1}) FROM cases "
            f"WHERE bad & {BAD[key]} <> 0 ORDER BY rowid LIMIT {SHOWN}"
        ).fetchall()
        for file, rowid, raw in rows:
            if con.execute(f"SELECT {parsed_value('$1::VARCHAR')} IS NOT NULL", [raw]).fetchone()[0]:
                problems.append(
                    Problem(
                        *at(file, rowid, key),
                        f"{column_words(key, file)} holds a date "
                        f"no case can have; write a date from {m.FIRST_DAY.year} to {m.LAST_DAY.year}",
                    )
                )
                continue
            problems.append(
                Problem(
                    *at(file, rowid, key),
                    f"{column_words(key, file)} is not a "
                    "date; write it as YYYY-MM-DD or MM/DD/YYYY, with a time (14:30) if it has one",
                )
            )
    checks = [
        (
            "opened",
            f"opened IS NULL AND bad & {BAD['opened']} = 0",
            "is empty; every case needs the date it was opened",
        ),
        ("id", "id IS NULL", "is empty; every case needs its case number"),
        ("category", f"category IS NULL AND bad & {BAD['category']} = 0", "is empty; every case needs its category"),
        ("first_response", "first_response::DATE < opened::DATE", "is before the case was opened; check both dates"),
        ("closed", "closed::DATE < opened::DATE", "is before the case was opened; check both dates"),
    ]
    for key, condition, words in checks:
        for file, rowid in con.execute(
            f"SELECT file, rowid FROM cases WHERE {condition} ORDER BY rowid LIMIT {SHOWN}"
        ).fetchall():
            problems.append(Problem(*at(file, rowid, key), f"{column_words(key, file)} {words}"))
    repeated = [
        row[0]
        for row in con.execute(
            f"SELECT id FROM cases WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1 LIMIT {SHOWN}"
        ).fetchall()
    ]
    for file, rowid, first in (
        con.execute(
            "SELECT file, rowid, first FROM (SELECT file, rowid, id, min(rowid) OVER (PARTITION BY id) AS first "
            f"FROM cases WHERE id IN (SELECT unnest(?))) WHERE rowid <> first ORDER BY rowid LIMIT {SHOWN}",
            [repeated],
        ).fetchall()
        if repeated
        else []
    ):
        problems.append(
            Problem(
                *at(file, rowid, "id"),
                "this case number is already used (row "
                f"{at(*con.execute('SELECT file, rowid FROM cases WHERE rowid = ?', [first]).fetchone(), 'id')[1]}); "
                "each case may appear once",
            )
        )
    unknown = con.execute(
        f"SELECT split_part(bad_text, {SEP}, 4) AS name, count(*) FROM cases "
        f"WHERE bad & {BAD['category']} <> 0 GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    if unknown:
        key = ("categories",) if "categories" in written else ("columns", "category")
        listed = "; ".join(
            f"'{name[:60]}' ({count} case{'s' if count != 1 else ''})" for name, count in unknown[:SHOWN]
        )
        more = f"; and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
        problems.append(
            Problem(
                *place(key, True),
                f"the exports have categories that 'categories' does not "
                f"map: {listed}{more}; add each with one of your category ids, or '{m.SKIP}' to "
                "leave it out",
            )
        )
    odd = con.execute(
        f"SELECT split_part(bad_text, {SEP}, 5) AS name, count(*) FROM cases "
        f"WHERE bad & {BAD['source']} <> 0 GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    if odd:
        listed = "; ".join(f"'{name[:60]}' ({count})" for name, count in odd[:SHOWN])
        problems.append(
            Problem(
                *place(("sources",) if "sources" in written else ("columns", "source"), True),
                f"the exports have sources that 'sources' does not map: {listed}; map each to complaint or proactive",
            )
        )
    if problems:
        raise EditionError(problems)
    con.execute("ALTER TABLE cases DROP COLUMN bad_text")  # all NULL now
    total, first, latest = con.execute(
        "SELECT count(*), min(opened)::DATE, greatest(max(opened), max(first_response), max(closed))::DATE FROM cases"
    ).fetchone()
    skipped = con.execute(f"SELECT count(*) FROM cases WHERE category = '{m.SKIP}'").fetchone()[0]
    as_of = cases.as_of or latest or dt.date.today()
    first = first or as_of
    days_table(con, edition.jurisdiction, first, max(as_of, latest or as_of))
    return Export(con=con, as_of=as_of, first=first, cases=total, skipped=skipped, files=labels)


def days_table(con, jurisdiction: m.Jurisdiction, first: dt.date, last: dt.date) -> None:
    """The table days(day, ord): ord counts the business days up to and including day (handbook plan's calendar:
    weekends, jurisdiction.yaml's holidays, the state's public holidays)."""
    first, last = first - dt.timedelta(days=7), last + dt.timedelta(days=400)  # room for any as-of date
    holidays = holiday_calendar(jurisdiction, first.year, last.year)
    ords, count = [], 0
    for offset in range((last - first).days + 1):
        count += is_working_day(first + dt.timedelta(days=offset), holidays)
        ords.append(count)
    con.execute("CREATE OR REPLACE TABLE days (day DATE, ord INTEGER)")
    # the numbers written into the SQL (a list parameter is converted slowly); they are Python ints
    con.execute(
        f"INSERT INTO days SELECT DATE '{first.isoformat()}' + i::INTEGER, ord "
        f"FROM (SELECT unnest(range({len(ords)})) AS i, unnest([{','.join(map(str, ords))}]) AS ord)"
    )


# --------------------------------------------------------------------------- one load per change of the exports

_LOCK = threading.Lock()  # the PDF step and MkDocs render pages in two threads at once
_CACHE: dict[tuple, Export] = {}


def stamp(edition: Edition) -> tuple:
    """What a load depends on: the mapping, the calendar, the categories, and each file's time and size."""
    files = []
    for path in edition.cases.paths:
        info = path.stat() if path.is_file() else None
        files.append((str(path), info and info.st_mtime_ns, info and info.st_size))
    return (
        edition.cases.model_dump_json(),
        edition.jurisdiction.model_dump_json(include={"state", "holidays", "works_on_state_holidays"}),
        tuple(c.id for c in edition.process.categories),
        tuple(files),
    )


def cached(edition: Edition) -> Export:
    """load(edition), reused while the exports and the mapping are unchanged."""
    key = stamp(edition)
    with _LOCK:
        if key not in _CACHE:
            if len(_CACHE) > 4:
                _CACHE.clear()
            _CACHE[key] = load(edition)
        return _CACHE[key]


def export_files(root: pathlib.Path) -> list[pathlib.Path]:
    """The export files the cases.yaml in root names (best effort, no errors): inputs of a build's fingerprint."""
    try:
        data = load_yaml(root / "cases.yaml").data
    except Problem:
        return []
    names = data.get("files") if isinstance(data, dict) else None
    found = []
    for name in names if isinstance(names, list) else []:
        path = (root / str(name)).resolve()
        if path.is_relative_to(root.resolve()) and path.is_file():
            found.append(path)
    return found
