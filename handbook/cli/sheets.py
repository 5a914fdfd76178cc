"""`handbook import` and `handbook export`: partner and program lists to and from a spreadsheet.

Registered by handbook.cli; the work is in handbook.edition.sheets (the sheet's layout is described there).
"""

from __future__ import annotations

import os
import pathlib
import sys

from .. import safeopen
from ..atomic import write_atomically
from ..edition import kinds, load_edition, sheets
from ..edition.files import label
from ..problems import EditionError, Problem
from ..text import visible
from .settings import data_dir as default_data_dir

SUFFIXES = (".csv", ".xlsx")


def add_commands(commands, data_arg) -> None:
    """Add the `import` and `export` subcommands to the handbook parser."""
    bring = commands.add_parser("import", help="bring a spreadsheet of partners or programs into the data")
    bring.add_argument("kind", choices=sorted(kinds.sheets()), help="which list the sheet holds")
    bring.add_argument("file", type=pathlib.Path, help="the sheet: a .csv (UTF-8) or .xlsx file")
    data_arg(bring)
    send = commands.add_parser("export", help="write the partners or programs as a spreadsheet")
    send.add_argument("kind", choices=sorted(kinds.sheets()), help="which list to write")
    send.add_argument("file", type=pathlib.Path, help="the sheet to write: .csv or .xlsx")
    data_arg(send)


def _suffix_problem(path: pathlib.Path) -> bool:
    if path.suffix.lower() in SUFFIXES:
        return False
    print(f"error: {visible(path)}: a spreadsheet must be a .csv or an .xlsx file", file=sys.stderr)
    return True


def _partner_ids(root: pathlib.Path) -> tuple[set[str], bool]:
    """The partner ids a program may name, and whether the edition loaded without errors."""
    try:
        return {partner.id for partner in load_edition(root).partners}, True
    except EditionError:
        data = sheets.read_data(root / "partners.yaml", "partners")
        return {str(item.get("id")) for item in data.items if isinstance(item, dict)}, False


def cmd_import(args) -> int:
    if _suffix_problem(args.file):
        return 2
    root = args.data or default_data_dir()
    target = sheets.data_path(root, args.kind)
    try:
        before = (
            safeopen.read_bytes(target, root, label(target), safeopen.MAX_DATA, "data file")
            if os.path.lexists(target)
            else None
        )
    except Problem as problem:
        print(problem, file=sys.stderr)
        print(f"1 problem(s); {label(target)} was not changed", file=sys.stderr)
        return 1
    try:
        partners, was_clean = _partner_ids(root)
        result = sheets.import_sheet(root, args.kind, args.file, partners)
    except EditionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = [problem for problem in exc.problems if problem.severity == "error"]
        print(f"{len(errors)} problem(s); {label(target)} was not changed", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.written and was_clean:
        try:
            load_edition(root)
        except EditionError as exc:  # the rows were fine alone, not together with the rest: undo
            if before is None:
                target.unlink()
            else:
                write_atomically(target, before)
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(
                f"{len(exc.problems)} problem(s) with the sheet's rows in the edition; {label(target)} was not changed",
                file=sys.stderr,
            )
            return 1
    noun = args.kind
    print(
        f"{label(target)}: {result.added} {noun} added, {result.updated} updated, {result.unchanged} unchanged"
        + ("" if result.written else "; nothing to change")
    )
    return 0


def cmd_export(args) -> int:
    if _suffix_problem(args.file):
        return 2
    root = args.data or default_data_dir()
    try:
        count = sheets.export_sheet(root, args.kind, args.file)
    except EditionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); {args.file} was not written", file=sys.stderr)
        return 1
    print(f"wrote {count} {args.kind} to {args.file}")
    return 0


HANDLERS = {"import": cmd_import, "export": cmd_export}
