"""Clock times for a session agenda: a pure function of a module, used by the CLI, the site and the PDFs.

Segments keep their order; each day of a session starts at the given time, and breaks
(`break: true`) take their minutes like any other segment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .. import text
from ..edition import Edition
from ..edition import models as m

SESSIONS = ("onboarding", "refresher")


@dataclass(frozen=True)
class Slot:
    """One segment with its start and end, in minutes after midnight."""

    start: int
    end: int
    segment: m.Segment
    clock: str = text.DEFAULT_CLOCK  # "12-hour" or "24-hour" (jurisdiction.yaml: clock)

    def times(self) -> str:
        return text.clock_range(self.start, self.end, self.clock)


@dataclass(frozen=True)
class Day:
    """One day of a session: its segments with clock times."""

    number: int
    slots: tuple[Slot, ...]
    date: dt.date | None = None  # when the session is dated: this day's date

    @property
    def start(self) -> int:
        return self.slots[0].start

    @property
    def end(self) -> int:
        return self.slots[-1].end

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def break_minutes(self) -> int:
        return sum(s.end - s.start for s in self.slots if s.segment.is_break)

    @property
    def teaching_minutes(self) -> int:
        return self.minutes - self.break_minutes

    def times(self) -> str:
        return text.clock_range(self.start, self.end, self.slots[0].clock)

    def date_words(self) -> str:
        """'Tuesday, March 2, 2027', or '' for an undated session."""
        return f"{self.date:%A}, {text.date_words(self.date)}" if self.date else ""


@dataclass(frozen=True)
class SessionAgenda:
    """A module's agenda for one session, day by day."""

    module: m.Module
    session: str
    days: tuple[Day, ...]

    @property
    def minutes(self) -> int:
        """Time in the room, breaks included, over all days."""
        return sum(day.minutes for day in self.days)

    @property
    def teaching_minutes(self) -> int:
        return self.minutes - sum(day.break_minutes for day in self.days)

    @property
    def break_minutes(self) -> int:
        return self.minutes - self.teaching_minutes

    def bring(self, edition: Edition | None = None) -> list[str]:
        """Everything to bring: the module's materials, then what the segments name that they do not
        already cover ("Slide presentation" is covered by "Slide presentations"). A material the handbook
        itself provides (HANDBOOK_MATERIALS) is named once, by its own name, and left out when the edition
        has nothing to make it from (a repair resource sheet without programs)."""
        found: list[tuple[str, frozenset]] = []
        for item in [
            *self.module.materials,
            *(x for day in self.days for slot in day.slots for x in slot.segment.materials),
        ]:
            provided = handbook_material(item)
            if provided is not None:
                name, _, available = provided
                if edition is not None and not available(edition):
                    continue
                item = name
            words = material_words(item)
            if not any(words <= listed for _, listed in found):
                found.append((item, words))
        return [item for item, _ in found]


# What the handbook provides, as a module or a segment may word it: (the name it is brought by, the words that
# name it, whether an edition has what it is made from).
HANDBOOK_MATERIALS = (
    (
        "One-page repair resource sheet",
        re.compile(r"repair resource sheet"),
        lambda e: bool(m.sheet_programs(e.programs)),
    ),
    (
        "Internal partner list",
        re.compile(
            r"internal partner list|contact sheet for each partner department"
            r"|departments and agency partners"
        ),
        lambda e: any(p.kind == "internal" for p in e.partners),
    ),
    (
        "External partner list",
        re.compile(r"external partner list|agencies and community partners"),
        lambda e: any(p.kind == "external" for p in e.partners),
    ),
    ("Partner contact list", re.compile(r"partner contact list"), lambda e: bool(e.partners)),
    ("Decision matrix", re.compile(r"decision matrix"), lambda e: bool(e.workshops.matrix)),
    ("Case sheets", re.compile(r"^case sheets$"), lambda e: bool(e.workshops.case_studies)),
    ("Worked repair-cost example", re.compile(r"repair-cost example"), lambda e: bool(e.workshops.economics)),
)


def available(items: list[str], edition: Edition) -> list[str]:
    """A segment's materials without those the handbook would provide but the edition has nothing to make from."""
    return [item for item in items if (found := handbook_material(item)) is None or found[2](edition)]


def handbook_material(item: str):
    """The HANDBOOK_MATERIALS entry a material names, or None for anything else (slides, a camera)."""
    return next((entry for entry in HANDBOOK_MATERIALS if entry[1].search(item.lower())), None)


SMALL_WORDS = {"a", "an", "the", "of", "and", "for", "to"}


def material_words(item: str) -> frozenset:
    """The words that say what a material is, singular and in lower case, for comparing two of them."""
    words = re.findall(r"[a-z0-9]+", item.lower())
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in SMALL_WORDS)


def schedule(segments: list[m.Segment], start: int, style: str = text.DEFAULT_CLOCK) -> tuple[Day, ...]:
    """Give each segment its clock time; every day starts at `start` (minutes after midnight); times are
    written on the `style` clock ("12-hour" or "24-hour")."""
    days = []
    for number in sorted({s.day for s in segments}):
        clock, slots = start, []
        for segment in (s for s in segments if s.day == number):
            slots.append(Slot(clock, clock + segment.minutes, segment, style))
            clock += segment.minutes
        if clock > 24 * 60:
            raise ValueError(f"day {number} would run past midnight when it starts at {text.clock(start, style)}")
        days.append(Day(number, tuple(slots)))
    return tuple(days)


def dated(agenda: SessionAgenda, dates: list[dt.date]) -> SessionAgenda:
    """The agenda with each of its days given the date in `dates` (one date a day, in order)."""
    if len(dates) != len(agenda.days):
        raise ValueError(f"{len(dates)} date(s) for a session of {len(agenda.days)} day(s)")
    return replace(agenda, days=tuple(replace(day, date=date) for day, date in zip(agenda.days, dates)))


def sessions_with_agenda(module: m.Module) -> list[str]:
    """The sessions of a module that have an agenda, in a fixed order."""
    return [name for name in SESSIONS if getattr(module.agenda, name)]


def session_agenda(module: m.Module, session: str, start: int, style: str = text.DEFAULT_CLOCK) -> SessionAgenda:
    """The agenda of one session with clock times on the `style` clock; ValueError when the module has none for it."""
    segments = getattr(module.agenda, session, None)
    if not segments:
        having = ", ".join(sessions_with_agenda(module)) or "none"
        raise ValueError(f"module '{module.id}' has no {session} agenda (sessions with an agenda: {having})")
    return SessionAgenda(module, session, schedule(segments, start, style))


def all_agendas(modules: list[m.Module], start: int, style: str = text.DEFAULT_CLOCK) -> list[SessionAgenda]:
    """Every session agenda of the edition, module by module."""
    return [session_agenda(module, name, start, style) for module in modules for name in sessions_with_agenda(module)]
