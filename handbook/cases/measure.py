"""The measures: how many cases came in, and how many met their response and resolution targets.

All in DuckDB SQL over the table exports.py loaded; Python only builds the calendar and the
periods. The definitions (the staff page and the public "how we measure" say the same in words):

- received: the cases opened in the period;
- an `hours` target is met when the first response (or the closing, for resolution) came at most
  that many hours after the case was opened;
- a `business_days` target is met when the business days after the opened date, up to and including
  the response (or closed) date, are at most the target (a response on the day it opened counts 0);
- a `calendar_days` target is met when the response (or closed) date minus the opened date, in days,
  is at most the target;
- a case with no response (or not closed) by the as-of date counts as missed once its target date has
  passed at the end of that day, and is left out of the rate before then;
- a rate is the cases that met the target divided by the cases whose outcome is known (met, or
  missed), as a percentage with one decimal; it is withheld when fewer than MIN_COUNT were received;
- open: the cases not closed at the end of the as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from dataclasses import dataclass

from .. import text
from ..edition import Edition
from .exports import Export, days_table

LOCK = threading.Lock()

MIN_COUNT = 5  # below this many cases, counts say "fewer than 5" and rates are withheld
HEADER = (
    "period",
    "category",
    "received",
    "response_met",
    "response_rate",
    "resolution_met",
    "resolution_rate",
    "open",
)
AGES = (
    (30, "up to 30 days"),
    (90, "31 to 90 days"),
    (180, "91 to 180 days"),
    (365, "181 days to a year"),
    (None, "more than a year"),
)


@dataclass(frozen=True)
class Period:
    label: str  # "2026", "2026-Q1", "last 12 months"
    start: dt.date
    stop: dt.date  # the first day after the period


@dataclass(frozen=True)
class Figures:
    """The counts of one period and one group (a category id, a district, a source)."""

    period: str
    group: str
    received: int = 0
    response_met: int = 0
    response_known: int = 0
    resolution_met: int = 0
    resolution_known: int = 0
    open: int = 0
    median_response: float | None = None

    def rate(self, met: int, known: int) -> float | None:
        if self.received < MIN_COUNT or not known:
            return None
        return round(100 * met / known, 1)

    @property
    def response_rate(self) -> float | None:
        return self.rate(self.response_met, self.response_known)

    @property
    def resolution_rate(self) -> float | None:
        return self.rate(self.resolution_met, self.resolution_known)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter(start: dt.date) -> Period:
    stop = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return Period(f"{start.year}-Q{(start.month - 1) // 3 + 1}", start, stop)


def year_periods(year: int) -> list[Period]:
    """The year and its four quarters, as `handbook report` measures them."""
    return [Period(str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))] + [
        quarter(dt.date(year, month, 1)) for month in (1, 4, 7, 10)
    ]


def year_as_of(export: Export, year: int) -> dt.date:
    """The day a year is measured as of, at its end: the export's day, or 31 December when the export runs
    past it. The annual report of the build and `handbook report --year` both measure this way, so a case
    whose target date falls after the export was made is not yet decided (neither met nor missed)."""
    return min(export.as_of, dt.date(year, 12, 31))


def partial_quarter(year: int, as_of: dt.date) -> tuple[Period, str] | None:
    """The quarter of year that as_of cuts short, with its words ('October 1 – November 30'); None when the
    year is measured to its end (or as_of is not in it)."""
    if as_of.year != year or as_of >= dt.date(year, 12, 31):
        return None
    period = quarter(quarter_start(as_of))
    if as_of + dt.timedelta(days=1) >= period.stop:
        return None  # the quarter ends on as_of: whole
    return period, f"{period.start:%B} {period.start.day} – {as_of:%B} {as_of.day}"


def recent_periods(as_of: dt.date) -> list[Period]:
    """The 12 months up to as_of and the four calendar quarters ending with as_of's quarter, oldest first."""
    try:
        year_ago = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        year_ago = as_of.replace(year=as_of.year - 1, day=28)
    quarters, start = [], quarter_start(as_of)
    for _ in range(4):
        quarters.insert(0, quarter(start))
        start = quarter_start(start - dt.timedelta(days=1))
    return [Period("last 12 months", year_ago + dt.timedelta(days=1), as_of + dt.timedelta(days=1))] + quarters


def literal(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def targets_sql(edition: Edition) -> str:
    """The categories' targets as an SQL VALUES list (ids are slugs, units one of three words, amounts numbers)."""
    rows = [
        f"('{c.id}', {_target_sql(c.initial_response)}, {_target_sql(c.resolution_target)})"
        for c in edition.process.categories
    ]
    return ", ".join(rows) or "(NULL, NULL, NULL, NULL, NULL)"


def _target_sql(target) -> str:
    """amount, unit of a target; NULLs for a target the edition leaves open ('to be decided'), so no case
    is counted as meeting or missing it."""
    if target is None:
        return "NULL::DOUBLE, NULL::VARCHAR"
    return f"{target.amount}::DOUBLE, '{target.unit}'"


def elapsed(event: str, event_ord: str, unit: str) -> str:
    """The time from opening to event, in the target's unit."""
    return (
        f"CASE {unit} WHEN 'hours' THEN epoch({event} - opened) / 3600.0 "
        f"WHEN 'calendar_days' THEN date_diff('day', opened::DATE, {event}::DATE) "
        f"ELSE {event_ord} - opened_ord END"
    )


def status(event: str, event_ord: str, amount: str, unit: str, end: str, as_of: dt.date) -> str:
    """TRUE met, FALSE missed, NULL not known yet (no event by the as-of date, and its target date not passed)."""
    by_now = (
        f"CASE {unit} WHEN 'hours' THEN epoch({end} - opened) / 3600.0 "
        f"WHEN 'calendar_days' THEN date_diff('day', opened::DATE, {literal(as_of)}) "
        f"ELSE as_of_ord - opened_ord END"
    )
    return (
        f"CASE WHEN {event} IS NOT NULL AND {event} < {end} THEN {elapsed(event, event_ord, unit)} <= {amount} "
        f"WHEN {by_now} > {amount} THEN FALSE END"
    )


def statuses(export: Export, edition: Edition, as_of: dt.date) -> str:
    """SQL of every measured case with its response and resolution status as of the end of as_of."""
    with LOCK:
        con = export.con.cursor()
        if con.execute("SELECT max(day) FROM days").fetchone()[0] < as_of + dt.timedelta(days=1):
            days_table(con, edition.jurisdiction, export.first, as_of)
    end = f"TIMESTAMP '{(as_of + dt.timedelta(days=1)).isoformat()} 00:00:00'"
    return f"""
        WITH targets (category, r_amount, r_unit, c_amount, c_unit) AS (VALUES {targets_sql(edition)}),
        c AS (
            SELECT x.category::VARCHAR AS category, x.id, x.district, x.opened, x.first_response, x.closed, x.kind,
                   t.r_amount, t.r_unit, t.c_amount, t.c_unit, d0.ord AS opened_ord, d1.ord AS response_ord,
                   d2.ord AS closed_ord, (SELECT ord FROM days WHERE day = {literal(as_of)}) AS as_of_ord
            FROM cases x
            JOIN targets t ON t.category = x.category::VARCHAR
            JOIN days d0 ON d0.day = x.opened::DATE
            LEFT JOIN days d1 ON d1.day = x.first_response::DATE
            LEFT JOIN days d2 ON d2.day = x.closed::DATE
            WHERE x.opened < {end})
        SELECT *,
            {status("first_response", "response_ord", "r_amount", "r_unit", end, as_of)} AS response_ok,
            {status("closed", "closed_ord", "c_amount", "c_unit", end, as_of)} AS resolution_ok,
            CASE WHEN first_response < {end} THEN {elapsed("first_response", "response_ord", "r_unit")} END
                AS response_time,
            (closed IS NULL OR closed >= {end}) AS still_open,
            date_diff('day', opened::DATE, {literal(as_of)}) AS age
        FROM c"""


GROUPS = {
    "category": "category",
    "district": "coalesce(nullif(district, ''), 'not recorded')",
    "source": "coalesce(kind, 'not recorded')",
}


def figures(
    export: Export, edition: Edition, periods: list[Period], as_of: dt.date, by: str = "category"
) -> list[Figures]:
    """The counts per period and group, in the order of periods (and of the edition's categories)."""
    if by == "district" and not (edition.cases.columns and edition.cases.columns.district):
        return []
    values = ", ".join(f"('{p.label}', {literal(p.start)}, {literal(p.stop)})" for p in periods)
    median = "median(response_time)" if by == "category" else "NULL"
    rows = (
        export.con.cursor()
        .execute(f"""
        WITH s AS ({statuses(export, edition, as_of)}),
        periods (label, start, stop) AS (VALUES {values})
        SELECT p.label, {GROUPS[by]} AS grp, count(*), count(*) FILTER (WHERE response_ok), count(response_ok),
               count(*) FILTER (WHERE resolution_ok), count(resolution_ok), count(*) FILTER (WHERE still_open), {median}
        FROM s JOIN periods p ON s.opened >= p.start AND s.opened < p.stop
        GROUP BY ALL""")
        .fetchall()
    )
    found = {
        (row[0], row[1]): Figures(row[0], row[1], *row[2:8], None if row[8] is None else round(float(row[8]), 1))
        for row in rows
    }
    groups = (
        [c.id for c in edition.process.categories]
        if by == "category"
        else sorted({group for _, group in found}, key=lambda group: (group == "not recorded", text.natural_key(group)))
    )
    return [found.get((p.label, g), Figures(p.label, g)) for p in periods for g in groups]


def backlog(export: Export, edition: Edition, as_of: dt.date) -> list[tuple[str, int]]:
    """The cases still open at the end of as_of, by how long they have been open."""
    cases, previous = [], -1
    for limit, _ in AGES:
        cases.append(f"count(*) FILTER (WHERE age > {previous}{f' AND age <= {limit}' if limit else ''})")
        previous = limit
    row = (
        export.con.cursor()
        .execute(f"SELECT {', '.join(cases)} FROM ({statuses(export, edition, as_of)}) WHERE still_open")
        .fetchone()
    )
    return [(words, row[i] or 0) for i, (_, words) in enumerate(AGES)]


def past_due(export: Export, edition: Edition, as_of: dt.date, limit: int = 200) -> tuple[list[tuple], int]:
    """Open cases that missed a target with nothing done yet (staff only): (id, category, opened, what, days), count."""
    sql = (
        f"SELECT id, category, opened::DATE AS opened, CASE WHEN response_ok = FALSE AND response_time IS NULL "
        f"THEN 'no first response' ELSE 'not resolved' END, age "
        f"FROM ({statuses(export, edition, as_of)}) WHERE still_open AND (resolution_ok = FALSE "
        f"OR (response_ok = FALSE AND response_time IS NULL))"
    )
    con = export.con.cursor()
    total = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return con.execute(f"{sql} ORDER BY opened, id LIMIT {int(limit)}").fetchall(), total


def rate_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_text(found: list[Figures]) -> str:
    """The aggregates as CSV with the fixed header (handbook report --csv and the site's download)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for f in found:
        writer.writerow(
            [
                f.period,
                f.group,
                f.received,
                f.response_met,
                rate_text(f.response_rate),
                f.resolution_met,
                rate_text(f.resolution_rate),
                f.open,
            ]
        )
    return out.getvalue()
