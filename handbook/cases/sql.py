"""The SQL that loads an export's rows into the table `cases` (exports.load runs it): each value trimmed and
parsed, the category and source mapped, and what is wrong with a row kept for the messages.

A name from cases.yaml or from an export's header reaches SQL only quoted (quote, literal); an export's values
never become SQL text (DuckDB reads them as data).
"""

from __future__ import annotations

from ..edition import models as m
from ..text import EXCEL_DAY_ZERO, EXCEL_SERIAL, US_FORMATS

TIMES = ("opened", "first_response", "closed")
RAW_COLUMNS = ("id", "category", "source", "district", *TIMES)  # the columns read from each row


def quote(name: str) -> str:
    """A column name from the data as an SQL identifier (never as SQL)."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """A text as an SQL string literal (category ids are slugs; quoted all the same)."""
    return "'" + str(text).replace("'", "''") + "'"


def lookup(value: str, table: dict[str, str], kind: str) -> str:
    """SQL mapping a value through a small table (a CASE: unlike a join, it keeps the rows in the file's order,
    which the row numbers of the messages rely on); NULL when the value is not in it."""
    if not table:
        return f"NULL::{kind}"
    whens = " ".join(f"WHEN {literal(name)} THEN {literal(target)}" for name, target in table.items())
    return f"(CASE {value} {whens} END)::{kind}"


def parsed_value(value: str) -> str:
    """SQL for a trimmed text value (NULL when empty) as a timestamp, NULL when it is not a date: what
    text.parse_when reads (the import of a sheet), in SQL: ISO by a cast first, then the US formats, then an
    Excel serial."""
    formats = ", ".join(f"'{f}'" for f in US_FORMATS)
    serial = (
        f"CASE WHEN regexp_full_match({value}, '{EXCEL_SERIAL}') THEN TIMESTAMP "
        f"'{EXCEL_DAY_ZERO.isoformat(sep=' ')}' + to_microseconds(CAST(round(CAST({value} AS DOUBLE) * "
        "86400) AS BIGINT) * 1000000) END"
    )
    return f"coalesce(try_cast({value} AS TIMESTAMP), try_strptime({value}, [{formats}]), {serial})"


def in_range(value: str) -> str:
    """SQL for a timestamp, NULL when it is outside the dates a city's cases can have (models.FIRST_DAY to
    LAST_DAY): 9999-12-31 would overflow the calendar of business days."""
    return (
        f"CASE WHEN {value} >= TIMESTAMP '{m.FIRST_DAY}' AND {value} < TIMESTAMP '{m.LAST_DAY}' + INTERVAL 1 DAY "
        f"THEN {value} END"
    )


# What can be wrong with a row, as bits of its `bad` column; the text of each bad value is kept in `bad_text`
# (NULL on a good row), in these slots separated by the unit separator, for the messages.
SLOTS = ("opened", "first_response", "closed", "category", "source")
BAD = {name: 1 << i for i, name in enumerate(SLOTS)}
SEP = "chr(31)"


def insert_sql(
    mapped: dict[str, str], categories: dict[str, str], sources: dict[str, str], number: int, source: str
) -> str:
    """The INSERT of one export's rows: each value trimmed and parsed, the category and source mapped, and
    what is wrong with the row in `bad` and `bad_text`."""
    raw = {
        key: (f"nullif(trim(CAST({quote(column)} AS VARCHAR)), '')" if column else "NULL")
        for key, column in mapped.items()
    }
    times = ", ".join(f"{parsed_value(f'r_{key}')} AS u_{key}" for key in TIMES)
    ranged = ", ".join(f"{in_range(f'u_{key}')} AS {key}" for key in TIMES)
    # a value is bad when it was written but could not be read (parsed, or mapped: the source into `kind`)
    flags = {key: f"(r_{key} IS NOT NULL AND {'kind' if key == 'source' else key} IS NULL)" for key in SLOTS}
    bad = " + ".join(f"{flags[key]}::UTINYINT * {BAD[key]}" for key in SLOTS)
    text = f" || {SEP} || ".join(f"CASE WHEN {flags[key]} THEN r_{key} ELSE '' END" for key in SLOTS)
    return f"""
        INSERT INTO cases
        SELECT {number}, r_id, category, kind, r_district, opened, first_response, closed,
               {bad} AS bad, CASE WHEN {bad} <> 0 THEN {text} END
        FROM (SELECT *, {ranged} FROM (
            SELECT *, {lookup("r_category", categories, "category_id")} AS category,
                   {lookup("lower(r_source)", sources, "source_kind")} AS kind, {times}
            FROM (SELECT {", ".join(f"{raw[key]} AS r_{key}" for key in RAW_COLUMNS)}
                  FROM {source})))"""
