"""The trainers' commands: `handbook agenda` (a session's agenda with clock times) and
`handbook plan` (a cohort's training plan as a table and an iCalendar file).

Registered by handbook.cli; the work is in handbook.schedule (agenda and plan).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
import textwrap

from .. import text
from ..edition import load_edition
from ..pdf import documents, engine, sheet
from ..problems import EditionError
from ..schedule import agenda as agendas
from ..schedule import plan as plans
from .settings import data_dir as default_data_dir


def _clock(value: str) -> int:
    try:
        return text.parse_clock(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-01") from None


def _years(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 10:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of years from 1 to 10")
    return int(value)


def add_commands(commands, data_arg) -> None:
    """Add the `agenda` and `plan` subcommands to the handbook parser."""
    agenda = commands.add_parser("agenda", help="print a module's session agenda with clock times")
    agenda.add_argument("module", help="the module's id, e.g. codes-and-processes (or its number)")
    data_arg(agenda)
    agenda.add_argument("--session", choices=agendas.SESSIONS, default="onboarding")
    agenda.add_argument(
        "--start",
        type=_clock,
        default=None,
        metavar="HH:MM",
        help="when each day starts, e.g. 09:00 or 1:00 PM (default: training_start in jurisdiction.yaml, or 09:00)",
    )
    agenda.add_argument(
        "--date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the session's (first) date, printed on the PDF; the days of a longer session fall on "
        "the next working days (without it the date line is left to fill in)",
    )
    agenda.add_argument(
        "--pdf",
        type=pathlib.Path,
        default=None,
        metavar="FILE",
        help="also write the agenda as a one-page PDF for the trainer",
    )

    plan = commands.add_parser("plan", help="date every session of a new cohort's training; write a calendar file")
    data_arg(plan)
    plan.add_argument("--start", type=_date, required=True, metavar="YYYY-MM-DD", help="the cohort's first day")
    plan.add_argument(
        "--years",
        type=_years,
        default=plans.DEFAULT_YEARS,
        help=f"how many years of refreshers to plan (default: {plans.DEFAULT_YEARS})",
    )
    plan.add_argument(
        "--ics",
        type=pathlib.Path,
        default=None,
        metavar="FILE",
        help="also write the plan as an iCalendar file (Outlook, Google Calendar)",
    )
    plan.add_argument(
        "--pdf",
        type=pathlib.Path,
        default=None,
        metavar="FILE",
        help="also write the plan as a PDF to print: every session by month, with a line for the room",
    )


def _load(args):
    """The edition, or None after printing its errors."""
    try:
        return load_edition(args.data or default_data_dir())
    except EditionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def _find_module(edition, wanted: str):
    for module in edition.modules:
        if wanted in (module.id, str(module.number)):
            return module
    known = ", ".join(f"{x.id} ({x.number})" for x in edition.modules)
    print(f"error: no module '{wanted}'; modules: {known}", file=sys.stderr)
    return None


def cmd_agenda(args) -> int:
    edition = _load(args)
    if edition is None:
        return 1
    module = _find_module(edition, args.module)
    if module is None:
        return 2
    j = edition.jurisdiction
    start = args.start if args.start is not None else text.parse_clock(j.training_start)
    try:
        session = agendas.session_agenda(module, args.session, start, j.clock)
    except ValueError as exc:
        print(f"error: {text.visible(exc, keep_lines=True)}", file=sys.stderr)
        return 1
    if args.date:
        session = agendas.dated(session, plans.session_dates(j, args.date, len(session.days)))
        for warning in plans.date_warnings(j, args.date):
            print(
                f"warning: {warning}: choose another --date unless the session is meant for that day", file=sys.stderr
            )
    print(f"Module {module.number}: {module.title} ({args.session} session)")
    print(
        f"{text.minutes_words(session.teaching_minutes)} of training"
        + (f" over {len(session.days)} days" if len(session.days) > 1 else "")
    )
    for day in session.days:
        when = ", ".join(x for x in (day.date_words(), day.times()) if x)
        print(f"\nDay {day.number}, {when}" if len(session.days) > 1 else f"\n{when}")
        for slot in day.slots:
            segment = slot.segment
            who = " · ".join(x for x in (segment.method, segment.lead) if x)
            print(f"  {slot.times()}  {segment.activity}" + (f"  [{who}]" if who and not segment.is_break else ""))
            materials = agendas.available(segment.materials, edition)
            if materials:
                print(f"               Materials: {', '.join(materials)}")
    bring = session.bring(edition)
    if bring:
        print(f"\nBring: {', '.join(bring)}")
    if args.pdf:
        return _write_agenda_pdf(edition, module, args, start)
    return 0


def _write_agenda_pdf(edition, module, args, start: int) -> int:
    """The agenda as a PDF at args.pdf, laid out in this process; written whole or not at all."""
    return _write_pdf(args.pdf, lambda: documents.agenda_html(edition, module, args.session, start, args.date))


def _write_pdf(path: pathlib.Path, make_html) -> int:
    """A document as a PDF at path, laid out in this process; written whole or not at all."""
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        pages, _ = sheet.write_pdf(
            make_html(), engine.STYLESHEET.read_text(encoding="utf-8"), str(target), one_page=False
        )
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}: choose a folder you may write to", file=sys.stderr)
        return 1
    print(f"\nwrote {path} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def cmd_plan(args) -> int:
    edition = _load(args)
    if edition is None:
        return 1
    try:
        plan = plans.training_plan(edition, args.start, args.years)
    except ValueError as exc:  # a session that would run past midnight from training_start
        print(f"error: {text.visible(exc, keep_lines=True)}", file=sys.stderr)
        return 1
    for warning in plans.date_warnings(edition.jurisdiction, args.start):
        print(f"warning: {warning}: the plan starts then", file=sys.stderr)
    print(
        f"Training plan for {edition.jurisdiction.name}: a cohort starting {args.start:%A} {args.start.isoformat()}, "
        f"until {plan.end - dt.timedelta(days=1)}"
    )
    print(f"\n{'Date':<10}  {'Day':<3}  {'Time':<14}  Session")
    for session in plan.sessions:
        count = len(session.meetings)
        for day, meeting in enumerate(session.meetings, start=1):
            part = f" (day {day} of {count})" if count > 1 else ""
            print(f"{meeting.date.isoformat():<10}  {meeting.date:%a}  {meeting.times():<14}  {session.name()}{part}")
    skipped = plan.holidays_skipped()
    if skipped:
        listed = "; ".join(f"{d.isoformat()} {name}" for d, name in skipped)
        print("\n" + textwrap.fill(f"Holidays skipped ({len(skipped)}): {listed}", width=100))
    if args.ics:
        data = plans.to_ics(edition, plan, dt.datetime.now(dt.UTC).replace(microsecond=0))
        args.ics.parent.mkdir(parents=True, exist_ok=True)
        args.ics.write_bytes(data)
        events = sum(len(s.meetings) for s in plan.sessions)
        print(f"\nwrote {args.ics} ({events} events)")
    if args.pdf:
        return _write_pdf(args.pdf, lambda: documents.plan_html(edition, plan, args.years))
    return 0


HANDLERS = {"agenda": cmd_agenda, "plan": cmd_plan}
