"""A state's holidays, and which of them a city may work.

The `holidays` package lists a state's public holidays with the federal ones among them. It has no
category for the days a city may keep open (its categories for the United States are government,
half_day, public and unofficial), so a state holiday on a day that is no federal holiday is taken as one
a city may choose to work: in Texas San Jacinto Day or Lyndon Baines Johnson Day. jurisdiction.yaml's
`works_on_state_holidays` lists those the city works, by the package's names; business days (training
plans, response targets) skip every other one. Names are compared without case, and a name stands for
its '(observed)' day too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re

OBSERVED = " (observed)"
SEPARATOR = "; "  # the package's joiner for two holidays on one day
NAME_YEARS = (2020, 2040)  # the years whose names a listed holiday is checked against


def split_names(joined: str) -> list[str]:
    """'Confederate Memorial Day; Martin Luther King Jr. Day' -> both names."""
    return [name for name in str(joined).split(SEPARATOR) if name]


def base_name(name: str) -> str:
    """'Christmas Eve (observed)' -> 'Christmas Eve'."""
    return name.removesuffix(OBSERVED)


@functools.lru_cache(maxsize=32)
def _tables(state: str, first_year: int, last_year: int) -> tuple[tuple[tuple[dt.date, str], ...], frozenset]:
    """(every state holiday as (day, name), the days of them that are no federal holiday)."""
    import holidays  # third-party, loaded when a calendar is made (not by every build)

    years = range(first_year, last_year + 1)
    every = holidays.country_holidays("US", subdiv=state, years=years)
    federal = holidays.country_holidays("US", years=years)
    return tuple(sorted(every.items())), frozenset(day for day in every if day not in federal)


def known_state(state: str) -> bool:
    """True when the holidays package has a calendar for this two-letter code."""
    import holidays  # third-party, as in _tables

    return state in holidays.US.subdivisions


def closed_days(state: str, first_year: int, last_year: int, works: list[str]) -> dict[dt.date, str]:
    """The state's holidays the city closes for, by day: all of them but the state-only days it works (a day
    on which a holiday it does not work falls as well stays closed)."""
    every, state_only = _tables(state, first_year, last_year)
    worked = {name.casefold() for name in works}
    return {
        day: name
        for day, name in every
        if not (day in state_only and all(base_name(n).casefold() in worked for n in split_names(name)))
    }


def state_only(state: str, first_year: int, last_year: int) -> list[str]:
    """The names of the state's holidays that are no federal holiday, in calendar order."""
    every, only = _tables(state, first_year, last_year)
    found: dict[str, tuple[int, int]] = {}
    for day, joined in every:
        if day in only:
            for name in split_names(joined):
                found.setdefault(base_name(name), (day.month, day.day))
    return sorted(found, key=lambda name: (found[name], name))


def federal_names(state: str, first_year: int, last_year: int) -> set[str]:
    """The names of the state's holidays that fall on a federal holiday (Labor Day, ...)."""
    every, only = _tables(state, first_year, last_year)
    return {base_name(name) for day, joined in every if day not in only for name in split_names(joined)}


def _initials(name: str) -> str:
    """'Lyndon Baines Johnson Day' and 'LBJ Day' -> 'LBJ' (a word in capitals is taken as initials)."""
    words = [word for word in re.findall(r"[A-Za-z]+", name) if word.lower() != "day"]
    return "".join(word if word.isupper() else word[0] for word in words).upper()


def closest_name(wanted: str, names: list[str]) -> str | None:
    """The name meant: one spelt alike, one whose initials were written (LBJ Day), or one sharing a word."""
    folded = {name.casefold(): name for name in names}
    close = difflib.get_close_matches(wanted.casefold(), list(folded), n=1, cutoff=0.6)
    if close:
        return folded[close[0]]
    initials = _initials(wanted)
    by_initials = [name for name in names if len(initials) > 1 and _initials(name) == initials]
    if by_initials:
        return by_initials[0]
    words = {w.casefold() for w in re.findall(r"[A-Za-z]{4,}", wanted)} - {"holiday"}
    sharing = [name for name in names if words & {w.casefold() for w in re.findall(r"[A-Za-z]{4,}", name)}]
    return sharing[0] if sharing else None
