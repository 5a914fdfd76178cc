"""Made-up case-system exports: the sample files the editions ship and the millions of cases of the bench.

Every case is invented (case numbers, addresses, owners and notes included); nothing comes from a
real case system. The rows are made by DuckDB from hashes of the row number, so the same arguments
always give the same file, and ten million rows take seconds.

    python scripts/synthetic_cases.py OUT.csv --cases 300 --first 2026-01-01 --days 334 --as-of 2026-11-30
    python scripts/synthetic_cases.py examples/lees-summit/exports/made-up-cases-2026.csv --cases 420 \
        --first 2025-12-01 --days 365 --as-of 2026-11-30 --seed 7 \
        --categories "Property Maintenance" "Nuisance" "Inoperable Vehicle" "Trash and Debris"

The first category is answered within hours, the others within days (the more so the later they come);
a tenth of the cases are still open.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib

# The export's names for the default edition's four categories (data/cases.yaml maps them).
CATEGORIES = ("Dangerous Building", "Health Hazard", "Property Maintenance", "Nuisance")
STREETS = ("Elm St", "Oak Ave", "Maple Dr", "River Rd", "Hill St", "Lake Blvd", "Mill Ln", "Park Pl")


def sql(cases: int, first: dt.date, days: int, as_of: dt.date, seed: int, categories=CATEGORIES) -> str:
    """The SELECT that makes the rows, with the columns a case system would export."""
    names = ", ".join("'" + name.replace("'", "''") + "'" for name in categories)
    streets = ", ".join(f"'{name}'" for name in STREETS)
    end = f"TIMESTAMP '{(as_of + dt.timedelta(days=1)).isoformat()} 00:00:00'"
    return f"""
    WITH base AS (
        SELECT i, hash(i, {seed}) AS h1, hash(i, {seed + 1}) AS h2, hash(i, {seed + 2}) AS h3, hash(i, {seed + 3}) AS h4
        FROM range({int(cases)}) t(i)),
    c AS (
        SELECT i, h1, h2, h3, h4, (h1 % {len(categories)})::INTEGER AS k,
               TIMESTAMP '{first.isoformat()} 07:00:00'
                 + to_seconds((h2 % {int(days) * 86400 // 2})::BIGINT * 2) AS opened
        FROM base),
    d AS (
        SELECT *, opened + CASE k WHEN 0 THEN to_seconds((h3 % 30 * 3600)::BIGINT)
                                  ELSE to_days((h3 % [4, 8, 14][(k - 1) % 3 + 1])::INTEGER)
                                       + to_seconds((h3 % 7 * 3600)::BIGINT) END
                   AS responded FROM c),
    e AS (SELECT *, CASE WHEN h4 % 10 <> 0 THEN responded + to_days((h4 % [5, 40, 75, 110][k % 4 + 1])::INTEGER) END
               AS closed FROM d)
    SELECT 'CE-' || lpad(i::VARCHAR, 8, '0') AS "Case Number",
           [{names}][k + 1] AS "Case Type",
           strftime(opened, '%Y-%m-%d %H:%M') AS "Date Opened",
           CASE WHEN responded < {end} THEN strftime(responded, '%Y-%m-%d %H:%M') END AS "First Inspection",
           CASE WHEN closed < {end} THEN strftime(closed, '%Y-%m-%d') END AS "Date Closed",
           CASE WHEN h4 % 3 = 0 THEN 'Proactive' ELSE 'Complaint' END AS "Origin",
           'District ' || (h1 // 7 % 6 + 1)::VARCHAR AS "Council District",
           (h2 % 9000 + 100)::VARCHAR || ' ' || [{streets}][(h3 // 11 % {len(STREETS)})::INTEGER + 1] AS "Address",
           'Made-up Owner ' || (h4 % 5000)::VARCHAR AS "Owner",
           'made-up example case, not a real one' AS "Notes"
    FROM e WHERE opened < {end} ORDER BY opened, i"""


def write(
    path: pathlib.Path,
    cases: int,
    first: dt.date,
    days: int,
    as_of: dt.date,
    seed: int = 1,
    parquet: bool = False,
    categories=CATEGORIES,
) -> pathlib.Path:
    """Write a made-up export of about `cases` cases opened over `days` days from `first`."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    fmt = "(FORMAT PARQUET)" if parquet else "(HEADER, DELIMITER ',')"
    con.execute(f"COPY ({sql(cases, first, days, as_of, seed, tuple(categories))}) TO '{path}' {fmt}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a made-up case export (CSV, or Parquet for .parquet).")
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--first", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1))
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--categories",
        nargs="+",
        default=list(CATEGORIES),
        metavar="NAME",
        help="the export's category names (default: the four the default edition maps)",
    )
    args = parser.parse_args(argv)
    write(
        args.out,
        args.cases,
        args.first,
        args.days,
        args.as_of,
        args.seed,
        args.out.suffix == ".parquet",
        args.categories,
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
