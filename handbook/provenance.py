"""Where each item of an edition comes from: the national base, another base, or the edition itself.

Works from the positions the overlay merge keeps for every value (Loaded.origins), so it needs
no record of its own: an item whose values were all written in the edition's folder is local,
one with none written there is inherited, and one with some is changed here.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass

from . import text
from .edition import Edition, Place, _label, places
from .overlay import NATIONAL, roots

NATIONAL_WORD, INHERITED, CHANGED, LOCAL = "National", "Inherited", "Changed here", "Local"

# How each kind of item is named in the table.
_NAMES = {"module": lambda x: f"{x.number}. {x.title}", "partner": lambda x: x.name, "program": lambda x: x.name,
          "category": lambda x: x.name, "service standard": lambda x: x.commitment, "policy": lambda x: x.title,
          "worked example": lambda x: x.title, "staff expectation": lambda x: x.title}

_HEADINGS = {"module": "Training modules", "policy": "Policies", "partner": "Partners", "program": "Programs",
             "category": "Case categories", "service standard": "Service standards", "step": "Process steps",
             "case study": "Case studies", "tool": "Enforcement tools", "worked example": "Worked examples",
             "staff expectation": "Staff expectations"}


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


def items(edition: Edition) -> dict[str, list[tuple[object, Place]]]:
    """Every id-bearing item with its place, including staff expectations."""
    found = places(edition)
    loaded = edition.files.get(_label(edition.root / "process.yaml"))
    found["staff expectation"] = ([(item, Place(loaded, ("staff_expectations", i)))
                                   for i, item in enumerate(edition.process.staff_expectations)] if loaded else [])
    return found


def rows(edition: Edition) -> list[Row]:
    """One row per item of the edition, grouped by kind."""
    return [origin(edition, kind, _NAMES.get(kind, lambda x: x.title)(item), place)
            for kind, found in items(edition).items() for item, place in found]


def bases(edition: Edition) -> list[str]:
    """The folders this edition builds on, nearest first ('national' for the project's national base)."""
    return ["national" if folder.resolve() == NATIONAL.resolve() else _label(folder)
            for folder in roots(edition.root)[1:]]


def contacts(partner) -> list[str]:
    """Each contact of a partner on one line; missing details say 'to be completed'."""
    if not partner.contacts:
        return [text.contact_or_todo("")]
    return [f"{text.contact_or_todo(c.name)}: {text.contact_or_todo(c.phone)}, {text.contact_or_todo(c.email)}"
            for c in partner.contacts]


def provenance_page(edition: Edition) -> str:
    """The staff page 'Where this edition's content comes from'."""
    from .render import render
    all_rows = rows(edition)
    counts = {status: sum(r.status == status for r in all_rows) for status in (NATIONAL_WORD, INHERITED, CHANGED, LOCAL)}
    groups: dict[str, list[Row]] = {}
    for row in all_rows:
        groups.setdefault(_HEADINGS.get(row.kind, row.kind.capitalize()), []).append(row)
    return render("pages/provenance.md.j2", bases=bases(edition), groups=list(groups.items()), counts=counts,
                  partners=[(p, contacts(p)) for p in edition.partners], root=_label(edition.root))
