"""Dates: an item verified too long ago, or in the future."""

from __future__ import annotations

import datetime as dt

from ...problems import Problem
from ..edition import Edition, Place


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def stale(verified: dt.date, limit: int, today: dt.date) -> bool:
    """Whether a date of last verification is `limit` months or more before today (the About page marks the
    item due for a check, and `check` warns)."""
    return months_between(verified, today) >= limit


# Files that are one item each, with a last_verified of their own, and how a message names them.
WHOLE_FILES = {"jurisdiction": "the jurisdiction (name, contact, settings)", "process": "the process guide"}


def check_stale(edition: Edition, where: dict, problems: list[Problem], today: dt.date) -> None:
    limit = edition.jurisdiction.stale_after_months
    dated: list[tuple[str, object, Place]] = []
    for kind in ("module", "partner", "program", "policy"):
        dated += [(f"{kind} '{item.id}'", item, place) for item, place in where[kind]]
    for kind, what in WHOLE_FILES.items():  # the About page dates these too
        group = edition.sources.get(kind) or []
        if group and getattr(edition.part(kind), "last_verified", None) is not None:
            dated.append((what, edition.part(kind), Place(group[0], ())))
    for what, item, place in dated:
        if item.last_verified is None:
            continue
        if item.last_verified > today:
            problems.append(
                Problem(*place.at("last_verified"), f"last_verified {item.last_verified} is in the future", "warning")
            )
        elif stale(item.last_verified, limit, today):
            problems.append(
                Problem(
                    *place.at("last_verified"),
                    f"{what} was last verified on {item.last_verified}, more than "
                    f"{limit} months ago; check it and update last_verified",
                    "warning",
                )
            )
