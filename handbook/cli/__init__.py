"""The `handbook` command: check, build and preview an edition; start a new one; write editor schemas.

Exit codes: 0 when all went well, 1 when the data or the build has errors, 2 for a usage mistake.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import os
import pathlib
import sys

from ..build import ENGINES, build
from ..cases import exports
from ..edition import checks, load_edition, schema
from ..edition.checks.todo import STILL_TO_FILL
from ..edition.scaffold import ScaffoldError, new_edition
from ..mkdocs import preview, readability
from ..pages import own as own_pages
from ..pdf import engine as pdf_engine
from ..pdf import sheet as pdf_sheet
from ..problems import BuildFailed, EditionError
from ..text import visible
from . import report as cli_report
from . import settings
from . import sheets as cli_sheets
from . import training as cli_training
from .settings import DATA_ENV
from .settings import data_dir as default_data_dir


def _data_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=pathlib.Path, default=None, help=f"the edition's data folder (default: ${DATA_ENV} or data/)"
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="handbook",
        description=("Build a code enforcement handbook (site and PDFs) from a department's YAML files."),
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate an edition and list every problem")
    _data_arg(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build = commands.add_parser("build", help="build the site(s) and PDFs")
    _data_arg(build)
    build.add_argument(
        "--audience",
        choices=["staff", "public", "all"],
        default="all",
        help="which site to build (default: all = staff and public)",
    )
    build.add_argument(
        "--out",
        type=pathlib.Path,
        default=pathlib.Path("site"),
        help="output folder; each audience goes to OUT/staff and OUT/public (default: site)",
    )
    build.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--force",
        action="store_true",
        help=(
            "build even if nothing has changed since the last build, and replace an output folder that a "
            "handbook build did not make"
        ),
    )
    build.add_argument(
        "--allow-fixme",
        action="store_true",
        help=("build the public site even though some text still says FIXME (a new edition's placeholders)"),
    )
    build.add_argument(
        "--cache-dir",
        type=pathlib.Path,
        default=None,
        help=("where to keep the cache of PDFs and input hashes (default: $HANDBOOK_CACHE or the project's .cache/)"),
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help=(
            "the static site engine that makes the pages: mkdocs (default), or zensical, Material for MkDocs' "
            "successor (installed with the project's `zensical` extra); both make the same pages"
        ),
    )

    serve = commands.add_parser(
        "serve", help=("preview the site with live reload; while the data has errors, the browser lists them")
    )
    _data_arg(serve)
    serve.add_argument("--audience", choices=["staff", "public"], default="staff")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")

    cli_training.add_commands(commands, _data_arg)
    cli_sheets.add_commands(commands, _data_arg)
    cli_report.add_commands(commands, _data_arg)

    new = commands.add_parser("new", help="start a new edition that extends the national curriculum")
    new.add_argument("dir", type=pathlib.Path, help="the new edition's folder (must not exist yet, or be empty)")
    new.add_argument("--name", required=True, help='the jurisdiction\'s name, e.g. "City of Springfield"')
    new.add_argument(
        "--extends", default="national", help="the base edition: 'national' (default) or the folder of another edition"
    )

    schema = commands.add_parser("schema", help="write the JSON Schemas editors use to check data files")
    schema.add_argument(
        "--out", type=pathlib.Path, default=None, help="output folder (default: the project's schemas/)"
    )
    return top


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)  # sys.stderr looked up now, so tests can capture it


def cmd_check(args) -> int:
    try:
        edition = load_edition(args.data or default_data_dir())
        if edition.cases.files:
            exports.load(edition)  # every value of the case exports, at FILE:row:column
        if page_problems := own_pages.problems(edition):  # the department pages' macros, as the build reads them
            raise EditionError(page_problems)
    except EditionError as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.problems)} error(s)", file=sys.stderr)
        return 1
    sheet = pdf_sheet.sheet_problem(edition, settings.cache_dir() / "pdf")  # what the build's PDF step refuses
    if sheet is not None:
        _print_problems([*edition.warnings, sheet])
        print("1 error(s)", file=sys.stderr)
        return 1
    _print_problems(edition.warnings)
    for note in checks.missing_files(edition):
        print(note)
    calendar = checks.state_holiday_note(edition, dt.date.today())
    if calendar is not None:
        print(calendar)
    reading, reading_warnings = readability.report(edition.root, edition.jurisdiction.reading_grade_max)
    for line in reading:
        print(line)
    for warning in reading_warnings:
        print(warning, file=sys.stderr)
    count = len(edition.warnings) + len(reading_warnings)
    if args.strict and count:
        print(f"{count} warning(s), treated as errors (--strict)", file=sys.stderr)
        return 1
    print(
        f"{edition.root}: {len(edition.modules)} modules, {len(edition.partners)} partners, "
        f"{len(edition.programs)} programs, {len(edition.policies)} policies; "
        f"{count} warning(s), no errors"
    )
    return 0


def cmd_build(args) -> int:
    audiences = ["staff", "public"] if args.audience == "all" else [args.audience]
    try:
        result = build(
            args.data or default_data_dir(),
            args.out,
            audiences,
            strict=args.strict,
            pdf=not args.no_pdf,
            force=args.force,
            cache_dir=args.cache_dir or settings.cache_dir(),
            allow_fixme=args.allow_fixme,
            engine=args.engine,
            waiting=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except EditionError as exc:
        _print_problems(exc.problems)
        print(f"build stopped: {len(exc.problems)} error(s); {args.out}/ was not changed", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"error: {visible(exc, keep_lines=True)}\nbuild stopped; {args.out}/ was not changed", file=sys.stderr)
        return 1
    _print_problems([w for w in result.warnings if w not in result.todo])
    for note in result.notes:
        print(note)
    if not result.up_to_date:
        for audience in result.audiences:
            print(f"built the {audience} site in {args.out / audience}/")
    if result.held_back:
        print(f"to do before the public site is built ({len(result.todo)}):", file=sys.stderr)
        for problem in result.todo:
            print(
                f"  [ ] {problem.path}:{problem.line}:{problem.column}: "
                f"{problem.message.removeprefix(STILL_TO_FILL + ': ')}",
                file=sys.stderr,
            )
        print(
            f"public site not built: {len(result.todo)} value(s) still say FIXME (the to-do list above); fill "
            "them in and build again, or build with --allow-fixme",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_serve(args) -> int:
    host, _, port = args.addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"error: --addr {args.addr}: write the address as HOST:PORT, e.g. 127.0.0.1:8000", file=sys.stderr)
        return 2
    try:
        preview.Preview(args.data or default_data_dir(), args.audience, host.strip("[]"), int(port)).serve()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(
            f"error: {args.addr} is already in use; stop the other server, or choose another port with "
            "--addr (e.g. --addr 127.0.0.1:8001)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_new(args) -> int:
    try:
        written = new_edition(args.dir, args.name, args.extends)
    except ScaffoldError as exc:
        print(f"error: {visible(exc, keep_lines=True)}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        f"next: fill in the values marked FIXME (handbook check --data {args.dir} lists them), "
        f"then handbook build --data {args.dir}"
    )
    return 0


def cmd_schema(args) -> int:
    for path in schema.write(args.out or schema.SCHEMAS):
        print(f"wrote {path}")
    return 0


HINTS = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.EROFS: "that disk is read-only; choose a folder on a disk you can write to",
    errno.EACCES: "you may not read or write there; check the permissions, or choose another folder",
    errno.EPERM: "you may not read or write there; check the permissions, or choose another folder",
    errno.ELOOP: "a symbolic link leads back to itself; remove or fix the link",
    errno.ENOENT: "it does not exist (a link may point to a missing file); check the path",
    errno.ENAMETOOLONG: "the name is too long; use a shorter file name",
    errno.ENOTDIR: "part of the path is a file, not a folder; check the path",
}


def describe_os_error(exc: OSError) -> str:
    """`path: what happened: what to do` for an error of the file system."""
    where = exc.filename if exc.filename is not None else "handbook"
    what = exc.strerror or str(exc)
    return f"{where}: {what.lower()}: {HINTS.get(exc.errno, 'check the path and try again')}"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handlers = {
        "check": cmd_check,
        "build": cmd_build,
        "serve": cmd_serve,
        "new": cmd_new,
        "schema": cmd_schema,
        **cli_training.HANDLERS,
        **cli_sheets.HANDLERS,
        **cli_report.HANDLERS,
    }
    pdf_engine.use_font_home(settings.cache_dir() / "pdf")  # a PDF laid out here copies its fonts into the cache
    settings.matplotlib_home()
    try:
        return handlers[args.command](args)
    except BrokenPipeError:  # `handbook plan | head`: the reader has gone, so stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        if args.command == "build":
            print(f"build stopped; {getattr(args, 'out', 'the output')}/ was not changed", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
