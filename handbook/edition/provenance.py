"""Where each item of an edition comes from: the national base, another base, or the edition itself.

Works from the positions the overlay merge keeps for every value (Loaded.origins), so it needs
no record of its own: an item whose values were all written in the edition's folder is local,
one with none written there is inherited, and one with some is changed here.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass

from ..paths import NATIONAL
from . import kinds
from .edition import Edition, Place, places
from .files import label
from .overlay import roots

NATIONAL_WORD, INHERITED, CHANGED, LOCAL = "National", "Inherited", "Changed here", "Local"
STATUSES = (NATIONAL_WORD, INHERITED, CHANGED, LOCAL)

@dataclass
class Row:
    kind: str
    name: str
    status: str
    files: list[str]
    changed: list[str]


def _inside(path: pathlib.Path, folder: pathlib.Path) -> bool:
    return pathlib.Path(path).resolve().is_relative_to(folder.resolve())


def origin(edition: Edition, kind: str, name: str, place: Place) -> Row:
    """The status of the item at place, the files that wrote it and the keys changed locally."""
    loaded, n = place.loaded, len(place.loc)
    inside = [loc for loc in loaded.positions if loc[:n] == place.loc]
    sources = {loc: loaded.source(loc) for loc in inside}
    local = {loc for loc, source in sources.items() if _inside(source.path, edition.root)}
    files = sorted({source.label for source in sources.values()})
    if len(local) == len(inside):
        status, changed = LOCAL, []
    elif local:
        status = CHANGED
        changed = sorted({str(loc[n]) for loc in local if len(loc) > n} - {"id"})
    else:
        every_national = all(_inside(source.path, NATIONAL) for source in sources.values())
        status, changed = (NATIONAL_WORD if every_national else INHERITED), []
    return Row(kind=kind, name=name, status=status, files=files, changed=changed)


def rows(edition: Edition) -> list[Row]:
    """One row per item of the edition, in the order of the table of kinds."""
    return [origin(edition, noun, kinds.collections()[noun].name(item), place)
            for noun, found in places(edition).items() for item, place in found]


def heading(noun: str) -> str:
    """The heading of a group of rows on the provenance page ('Partners')."""
    return kinds.collections()[noun].heading


def bases(edition: Edition) -> list[str]:
    """The folders this edition builds on, nearest first ('national' for the project's national base)."""
    return ["national" if folder.resolve() == NATIONAL.resolve() else label(folder)
            for folder in roots(edition.root)[1:]]
