"""FIXME: a value `handbook new` wrote for the keeper to fill in, still there (a warning at its place; `build`
keeps the public site back while any is left)."""

from __future__ import annotations

from ...problems import Problem
from ..edition import Edition

TODO = "FIXME"
STILL_TO_FILL = "still to be filled in"


def check_todo(edition: Edition, problems: list[Problem]) -> None:
    """A warning for every text value, in every file the edition read (its own and its bases'), that still
    says FIXME."""
    for group in edition.sources.values():
        for loaded in group:
            for loc, value in texts(loaded.data, ()):
                if TODO in value:
                    problems.append(
                        Problem(*loaded.locate(loc), f"{STILL_TO_FILL}: {' '.join(value.split())}", "warning")
                    )


def texts(data, loc: tuple):
    """Every text value in data, with its loc."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, loc + (i,))
    elif isinstance(data, str):
        yield loc, data
