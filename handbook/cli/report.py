"""`handbook report --year YYYY`: the year's service targets measured from the case exports.

The cases opened in the year are measured as of the end of 31 December of that year, or of the day the
export was made when that is earlier (measure.year_as_of, as the build's annual report), per period
(the year and its quarters) and category; --csv writes the aggregates with the fixed header,
--pdf the annual report. With neither, the CSV is printed.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from .. import text as words
from ..cases import exports, measure
from ..edition import load_edition
from ..pdf import report as report_pdf
from ..problems import BuildFailed, EditionError
from .settings import data_dir as default_data_dir


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2200):
        raise argparse.ArgumentTypeError(f"'{value}' is not a year; write it with four digits, e.g. 2026")
    return int(value)


def add_commands(commands, data_arg) -> None:
    report = commands.add_parser("report", help="measure a year's cases against the targets; write the CSV and PDF")
    report.add_argument("--year", type=_year, required=True, metavar="YYYY", help="the year to report on")
    data_arg(report)
    report.add_argument("--csv", type=pathlib.Path, default=None, metavar="FILE", help="write the aggregates as CSV")
    report.add_argument("--pdf", type=pathlib.Path, default=None, metavar="FILE", help="write the annual report PDF")


def _print(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def cmd_report(args) -> int:
    try:
        edition = load_edition(args.data or default_data_dir())
        if not edition.cases.files:
            print(
                f"{edition.root}: this edition has no cases.yaml naming case exports; add one to measure the "
                "targets (see the Data reference)",
                file=sys.stderr,
            )
            return 1
        export = exports.load(edition)
    except EditionError as exc:
        _print(exc.problems)
        print(f"{len(exc.problems)} error(s)", file=sys.stderr)
        return 1
    as_of = measure.year_as_of(export, args.year)
    found = measure.figures(export, edition, measure.year_periods(args.year), as_of)
    partial = measure.partial_quarter(args.year, as_of)
    if partial:
        print(
            f"note: the case exports run to {words.date_words(as_of)}, so {args.year} is measured as of that day "
            f"and {partial[0].label} is partial ({partial[1]}); a case whose target date falls later is not "
            "counted as met or missed yet",
            file=sys.stderr,
        )
    text = measure.csv_text(found)
    if args.csv:
        args.csv.write_text(text, encoding="utf-8")
        print(f"wrote {args.csv}")
    if args.pdf:
        try:
            report_pdf.write(edition, export, args.year, args.pdf, as_of)
        except BuildFailed as exc:
            print(f"error: {words.visible(exc, keep_lines=True)}", file=sys.stderr)
            return 1
        print(f"wrote {args.pdf}")
    if not (args.csv or args.pdf):
        sys.stdout.write(text)
    return 0


HANDLERS = {"report": cmd_report}
