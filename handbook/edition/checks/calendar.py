"""jurisdiction.yaml's calendar: the state and the state holidays the city works."""

from __future__ import annotations

import datetime as dt

from ...problems import Problem
from .. import state_holidays
from ..edition import Edition


def check_state_holidays(edition: Edition, problems: list[Problem]) -> None:
    """jurisdiction.yaml: the state is one the holidays package knows, and each of works_on_state_holidays is
    one of that state's holidays that is no federal holiday (by the package's name)."""
    jurisdiction = edition.jurisdiction
    loaded = (edition.sources.get("jurisdiction") or [None])[0]
    if loaded is None:
        return
    if jurisdiction.state and not state_holidays.known_state(jurisdiction.state):
        problems.append(
            Problem(
                *loaded.locate(("state",)),
                f"there is no state '{jurisdiction.state}' in the "
                "holidays calendar; write the state's two-letter postal code, e.g. TX",
            )
        )
        return
    if jurisdiction.works_on_state_holidays and not jurisdiction.state:
        problems.append(
            Problem(
                *loaded.locate_key(("works_on_state_holidays",)),
                "works_on_state_holidays names "
                "holidays of the state, but 'state' is not set; write the state's two-letter code "
                "as state: (e.g. TX)",
            )
        )
        return
    if not jurisdiction.works_on_state_holidays:
        return
    names = state_holidays.state_only(jurisdiction.state, *state_holidays.NAME_YEARS)
    federal = state_holidays.federal_names(jurisdiction.state, *state_holidays.NAME_YEARS)
    known = {name.casefold() for name in names}
    for i, name in enumerate(jurisdiction.works_on_state_holidays):
        if name.casefold() in known:
            continue
        at = loaded.locate(("works_on_state_holidays", i))
        if name.casefold() in {f.casefold() for f in federal}:
            problems.append(
                Problem(
                    *at,
                    f"'{name}' is a federal holiday, which business days always skip; only "
                    f"{jurisdiction.state}'s own holidays can be worked: remove it",
                )
            )
            continue
        close = state_holidays.closest_name(name, names)
        hint = (
            f"did you mean '{close}'?"
            if close
            else f"{jurisdiction.state}'s own holidays are: {', '.join(names)}"
            if names
            else f"{jurisdiction.state} has no holiday of its own that falls on a working day: remove the key"
        )
        problems.append(
            Problem(
                *at,
                f"'{name}' is not one of {jurisdiction.state}'s own holidays (those that are "
                f"no federal holiday, as the holidays package names them); {hint}",
            )
        )


def state_holiday_note(edition: Edition, today: dt.date) -> Problem | None:
    """A note for `handbook check` when the state has holidays of its own (on no federal holiday): which of them
    business days skip this year and the next two, which the city works, and how to list one it works."""
    jurisdiction = edition.jurisdiction
    loaded = (edition.sources.get("jurisdiction") or [None])[0]
    if loaded is None or not jurisdiction.state or not state_holidays.known_state(jurisdiction.state):
        return None
    names = state_holidays.state_only(jurisdiction.state, today.year, today.year + 2)
    if not names:
        return None
    worked = {name.casefold() for name in jurisdiction.works_on_state_holidays}
    skipped = [name for name in names if name.casefold() not in worked]
    works = [name for name in names if name.casefold() in worked]
    said = [
        f"business days skip {jurisdiction.state}'s own holidays (on no federal holiday): {', '.join(skipped)}"
        if skipped
        else f"business days count every one of {jurisdiction.state}'s own holidays as a working day"
    ]
    if works:
        said.append(f"the city works {', '.join(works)} (works_on_state_holidays)")
    if skipped:
        example = ", ".join(skipped[:2])
        said.append(
            f"to count one the city works as a business day, list it in jurisdiction.yaml as "
            f"works_on_state_holidays: [{example}]"
        )
    return Problem(*loaded.locate_key(("state",)), "; ".join(said), "note")
