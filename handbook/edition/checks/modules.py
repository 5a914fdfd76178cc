"""The rules of a training module: each id once within its lists, an agenda that fits its session's length
and days, and no day that runs past midnight."""

from __future__ import annotations

from ... import text
from ...problems import Problem
from .. import kinds
from .. import models as m
from ..edition import Edition, Place
from ..files import edition_label
from .refs import inside

MIDNIGHT = 24 * 60


def part_items(item, part: kinds.Part) -> list:
    """The entries of one of an item's inner lists ('steps.short_term' of a module)."""
    for key in part.key.split("."):
        item = getattr(item, key)
    return item


def check_part_ids(module: m.Module, place: Place, problems: list[Problem]) -> None:
    """Within one list of a module (its components, its onboarding agenda...) each id is used once."""
    for part in kinds.kind("modules").collections[0].parts:
        loc, seen = tuple(part.key.split(".")), {}
        for i, entry in enumerate(part_items(module, part)):
            if entry.id is None:
                continue
            if entry.id in seen:
                label, line, _ = place.at(*loc, seen[entry.id], "id")
                problems.append(
                    Problem(
                        *place.at(*loc, i, "id"),
                        f"duplicate {part.noun} id '{entry.id}' "
                        f"(already used at {label}:{line}); give each item of the list its own id",
                    )
                )
            seen.setdefault(entry.id, i)


def check_agenda(module: m.Module, place: Place, edition: Edition, problems: list[Problem]) -> None:
    for session_name in ("onboarding", "refresher"):
        segments = getattr(module.agenda, session_name)
        session = getattr(module.timing, session_name)
        if not segments:
            continue
        if session is None:
            problems.append(
                Problem(
                    *place.at("agenda", session_name),
                    f"there is an agenda for the {session_name} session, but timing has no {session_name}",
                )
            )
            continue
        total = sum(s.minutes for s in segments if not s.is_break)
        breaks = sum(s.minutes for s in segments if s.is_break)
        counted = (
            f"{total} minutes, not counting its {breaks} minutes of breaks"
            if breaks
            else f"{total} minutes (breaks are not counted; it has none)"
        )
        if not session.minutes.low <= total <= session.minutes.high:
            agenda_at = place.at("agenda", session_name)
            minutes_at = place.at("timing", session_name, "minutes")
            if (
                agenda_at[0] != minutes_at[0]
                and inside(minutes_at[0], edition.root)
                and not inside(agenda_at[0], edition.root)
            ):
                # the keeper changed the length but inherits the agenda: say so where they wrote the length
                problems.append(
                    Problem(
                        *minutes_at,
                        (
                            f"the {session_name} session is {session.minutes.words()} here, but the {session_name} "
                            f"agenda this module inherits from {edition_label(agenda_at[0], edition.root)} adds up "
                            f"to {counted}; "
                            f"give this module its own agenda: under 'agenda:' in this file, list the {session_name} "
                            f"segments with minutes that add up to {session.minutes.words()}"
                        ),
                    )
                )
                continue
            problems.append(
                Problem(
                    *agenda_at,
                    f"the {session_name} agenda adds up to {counted}, but the session is "
                    f"{session.minutes.words()} (timing.{session_name}.minutes)",
                )
            )
        days = max(s.day for s in segments)
        if days > session.days:
            problems.append(
                Problem(
                    *place.at("agenda", session_name),
                    f"the {session_name} agenda uses day {days}, but the session runs over "
                    f"{session.days} day(s) (timing.{session_name}.days)",
                )
            )


def check_clock(module: m.Module, edition: Edition, problems: list[Problem]) -> None:
    """No day of a session may run past midnight when it starts at the jurisdiction's training_start;
    reported at training_start, the value a department sets."""
    start = text.parse_clock(edition.jurisdiction.training_start)
    jurisdiction = (edition.sources.get("jurisdiction") or [None])[0]
    for session_name in ("onboarding", "refresher"):
        for day, minutes in m.day_lengths(getattr(module.agenda, session_name)).items():
            if start + minutes > MIDNIGHT and jurisdiction is not None:
                problems.append(
                    Problem(
                        *jurisdiction.locate(("training_start",)),
                        f"training_start {edition.jurisdiction.training_start} is too late: day {day} of module "
                        f"{module.number}'s {session_name} session lasts "
                        f"{text.minutes_words(minutes)} (breaks included) and would run past "
                        "midnight; set an earlier training_start",
                    )
                )
                return
