"""A cohort's training plan: the date of every session, from the modules' timing and cadence.

Pure functions of the edition and a start date. Onboarding runs in module order, one
session per working day, a multi-day session on consecutive working days. Each refresher and
recurring series then repeats every `every_months` months, counted from that module's
onboarding; a date that falls on a weekend, a holiday or a day already taken moves to the
next free working day. Holidays are the jurisdiction's list plus, when `state` is set, the
public holidays of that state (the `holidays` package) but those it lists under works_on_state_holidays.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .. import text
from ..edition import Edition, state_holidays
from ..edition import models as m
from . import agenda as agendas

DEFAULT_YEARS = 3  # long enough to show an every-two-years refresher
PRODID = "-//Code Enforcement Handbook//Training plan//EN"


@dataclass(frozen=True)
class Meeting:
    """One day of a session: its date and clock times (minutes after midnight)."""

    date: dt.date
    start: int
    end: int
    clock: str = text.DEFAULT_CLOCK  # "12-hour" or "24-hour" (jurisdiction.yaml: clock)

    def times(self) -> str:
        return text.clock_range(self.start, self.end, self.clock)


@dataclass(frozen=True)
class PlannedSession:
    """One session of the plan: which module, which series, its number in the series, its days."""

    module: m.Module
    series: str  # "onboarding", "refresher" or a recurring session's id
    title: str  # e.g. "Refresher" or "Neighborhood partner session"
    number: int  # 1 for the first session of its series
    due: dt.date  # the date the cadence asks for, before moving off weekends and holidays
    meetings: tuple[Meeting, ...]

    @property
    def date(self) -> dt.date:
        return self.meetings[0].date

    def name(self) -> str:
        """The event title: 'Module 2 onboarding: Codes and processes' or
        'Neighborhood partner session (Module 5: ...)'."""
        if self.series in agendas.SESSIONS:
            return f"Module {self.module.number} {self.series}: {self.module.label}"
        return f"{self.title} (Module {self.module.number}: {self.module.label})"


@dataclass(frozen=True)
class Plan:
    start: dt.date
    end: dt.date  # the first day after the plan
    training_start: int
    sessions: tuple[PlannedSession, ...]
    holidays: dict[dt.date, str]
    clock: str = text.DEFAULT_CLOCK  # how its times are written

    def start_time(self) -> str:
        """When every session starts, on the edition's clock: '9:00 AM'."""
        return text.clock(self.training_start, self.clock)

    def holidays_skipped(self) -> list[tuple[dt.date, str]]:
        """Holidays inside the plan that fall on a weekday."""
        return sorted((d, n) for d, n in self.holidays.items() if self.start <= d < self.end and d.weekday() < 5)


# --------------------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def holiday_calendar(jurisdiction: m.Jurisdiction, first_year: int, last_year: int) -> dict[dt.date, str]:
    """The jurisdiction's holidays combined with its state's public holidays, by date, but for the state-only
    holidays it works (works_on_state_holidays; edition.state_holidays)."""
    found: dict[dt.date, str] = {}
    if jurisdiction.state:
        found.update(
            state_holidays.closed_days(jurisdiction.state, first_year, last_year, jurisdiction.works_on_state_holidays)
        )
    found.update({h.date: h.name for h in jurisdiction.holidays})
    return found


def is_working_day(day: dt.date, holidays: dict[dt.date, str]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date, holidays: dict[dt.date, str]) -> dt.date:
    """day itself when it is a working day, else the next one."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def working_days(first: dt.date, count: int, holidays: dict[dt.date, str]) -> list[dt.date]:
    """`count` working days from `first` on: first itself, then each next working day (weekends and holidays
    skipped), for the days of a multi-day session."""
    found = [first]
    while len(found) < count:
        found.append(next_working_day(found[-1] + dt.timedelta(days=1), holidays))
    return found


def day_off(day: dt.date, holidays: dict[dt.date, str]) -> str:
    """Why no session should fall on `day`: 'Independence Day, a holiday', 'a Saturday'; '' on a working day."""
    if day in holidays:
        return f"{holidays[day]}, a holiday"
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return ""


def session_dates(jurisdiction: m.Jurisdiction, first: dt.date, count: int) -> list[dt.date]:
    """The dates of a session of `count` days whose first day is `first` (the others on the next working days)."""
    return working_days(first, count, holiday_calendar(jurisdiction, first.year, first.year + 1))


def date_warnings(jurisdiction: m.Jurisdiction, first: dt.date) -> list[str]:
    """What is wrong with dating a session on `first`: a weekend day or a holiday, named."""
    why = day_off(first, holiday_calendar(jurisdiction, first.year, first.year))
    if not why:
        return []
    following = next_working_day(first, holiday_calendar(jurisdiction, first.year, first.year + 1))
    return [f"{first:%A} {first.isoformat()} is {why}; the next working day is {following:%A} {following.isoformat()}"]


def sample_start(edition: Edition) -> dt.date | None:
    """The sample plan's start: plan_sample_start, else the first working Monday of the month after last_verified."""
    j = edition.jurisdiction
    if j.plan_sample_start:
        return j.plan_sample_start
    dates = [d for d in [j.last_verified] + [x.last_verified for x in edition.modules] if d]
    if not dates:
        return None
    month = add_months((j.last_verified or max(dates)).replace(day=1), 1)
    holidays = holiday_calendar(j, month.year, month.year)
    day = month + dt.timedelta(days=(7 - month.weekday()) % 7)
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=7)
    return day


# --------------------------------------------------------------------------- the plan


def day_lengths(module: m.Module, series: str, session: m.Session, start: int) -> list[tuple[int, int]]:
    """(start, end) of each day of a session: from its agenda when there is one, else the longest length split
    evenly."""
    if series in agendas.SESSIONS and getattr(module.agenda, series):
        return [(day.start, day.end) for day in agendas.session_agenda(module, series, start, "24-hour").days]
    per_day = -(-session.minutes.high // session.days)
    return [(start, start + per_day)] * session.days


class _Diary:
    """The working days already taken, and a way to book the next free run of them."""

    def __init__(self, holidays: dict[dt.date, str]):
        self.holidays = holidays
        self.taken: set[dt.date] = set()

    def book(self, due: dt.date, days: int) -> list[dt.date]:
        day = due
        while True:
            run = [next_working_day(day, self.holidays)]
            while len(run) < days:
                run.append(next_working_day(run[-1] + dt.timedelta(days=1), self.holidays))
            if not self.taken.intersection(run):
                self.taken.update(run)
                return run
            day = run[0] + dt.timedelta(days=1)


def training_plan(edition: Edition, start: dt.date, years: int = DEFAULT_YEARS) -> Plan:
    """Every session of a cohort that starts on `start`, for `years` years."""
    j = edition.jurisdiction
    clock = text.parse_clock(j.training_start)
    end = add_months(start, 12 * years)
    holidays = holiday_calendar(j, start.year, end.year + 1)
    diary = _Diary(holidays)
    sessions: list[PlannedSession] = []

    def add(module, series, title, number, due, session):
        dates = diary.book(due, session.days)
        meetings = tuple(
            Meeting(d, s, e, j.clock) for d, (s, e) in zip(dates, day_lengths(module, series, session, clock))
        )
        sessions.append(PlannedSession(module, series, title, number, due, meetings))

    cursor = start
    for module in edition.modules:
        add(module, "onboarding", "Onboarding", 1, cursor, module.timing.onboarding)
        cursor = sessions[-1].meetings[-1].date + dt.timedelta(days=1)

    repeats = []
    for first in list(sessions):
        module = first.module
        series = [("refresher", "Refresher", module.timing.refresher)] if module.timing.refresher else []
        series += [(r.id, r.title, r) for r in module.timing.recurring]
        for order, (key, title, session) in enumerate(series):
            number = 1
            while (due := add_months(first.date, number * session.every_months)) < end:
                repeats.append((due, module.number, order, module, key, title, number, session))
                number += 1
    for due, _, _, module, key, title, number, session in sorted(repeats, key=lambda r: r[:3] + (r[6],)):
        add(module, key, title, number, due, session)
    sessions.sort(key=lambda s: (s.date, s.module.number))
    return Plan(start, end, clock, tuple(sessions), holidays, j.clock)


# --------------------------------------------------------------------------- the calendar file


def event_uid(edition: Edition, plan: Plan, session: PlannedSession, day: int) -> str:
    """Stable: the same data and start date give the same ids, so a re-import updates instead of duplicating."""
    return (
        f"{text.slug(edition.jurisdiction.name)}-{plan.start:%Y%m%d}-{session.module.id}-"
        f"{session.series}-{session.number}-day{day}@code-enforcement-handbook"
    )


def event_description(session: PlannedSession, day: int) -> str:
    """What the event says: the module's goal, topics and materials, and the day's agenda if there is one."""
    module = session.module
    lines = [f"Module {module.number}: {module.title}", "", "Topics:"]
    lines += [f"- {topic}" for topic in module.topics]
    lines += ["", "Materials:"] + [f"- {item}" for item in module.materials]
    if session.series in agendas.SESSIONS and getattr(module.agenda, session.series):
        meeting = session.meetings[day - 1]
        plan_days = agendas.session_agenda(module, session.series, meeting.start, meeting.clock).days
        lines += ["", "Agenda:"] + [f"{slot.times()} {slot.segment.activity}" for slot in plan_days[day - 1].slots]
    return "\n".join(lines)


def to_ics(edition: Edition, plan: Plan, stamp: dt.datetime) -> bytes:
    """An iCalendar file with one event per session day (floating local times), importable by Outlook or Google."""
    import icalendar  # third-party, loaded only when a calendar file is written

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{edition.jurisdiction.name} training plan from {plan.start.isoformat()}")
    for session in plan.sessions:
        count = len(session.meetings)
        for day, meeting in enumerate(session.meetings, start=1):
            event = icalendar.Event()
            event.add("uid", event_uid(edition, plan, session, day))
            event.add("dtstamp", stamp)
            event.add("dtstart", _at(meeting.date, meeting.start))
            event.add("dtend", _at(meeting.date, meeting.end))
            event.add("summary", session.name() + (f" (day {day} of {count})" if count > 1 else ""))
            event.add("description", event_description(session, day))
            event.add("categories", ["Training"])
            cal.add_component(event)
    return cal.to_ical()


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(*divmod(minutes, 60)))
