"""Where each item of an edition comes from: the national base, another base, or the edition itself.

Works from the positions the overlay merge keeps for every value (Loaded.origins), so it needs
no record of its own: an item whose values were all written in the edition's folder is added here,
one with none written there is inherited, and one with some is changed here (with the keys it
changed and the keys it still inherits, so the keeper can check that the inherited text still fits).
The items of a module's lists (components, steps, agenda segments...) are shown the same way, and
the ones a `remove: true` dropped (Loaded.removed). Files are named relative to the edition, or as
'national/...': never by a path of the machine that built it.
"""

from __future__ import annotations

import functools
import os
import pathlib
from dataclasses import dataclass, field

from ..paths import NATIONAL
from ..problems import Problem
from . import kinds
from .edition import Edition, Place, places
from .files import edition_label, label, paths_of
from .overlay import roots
from .yamlfile import load_yaml

NATIONAL_WORD, INHERITED, CHANGED, LOCAL, REMOVED = (
    "National",
    "Inherited",
    "Changed here",
    "Added here",
    "Removed here",
)
STATUSES = (NATIONAL_WORD, INHERITED, CHANGED, LOCAL, REMOVED)


@dataclass
class Row:
    kind: str
    name: str
    status: str
    files: list[str]  # relative names: 'modules/05-x.yaml', 'national/modules/05-x.yaml'
    changed: list[str]  # the keys written in this edition (for an item changed here)
    kept: list[str] = field(default_factory=list)  # the keys inherited unchanged (for an item changed here)
    parts: list[tuple[str, list[Row]]] = field(default_factory=list)  # a module's components, steps...: heading, rows
    replaced: list[str] = field(default_factory=list)  # the headings of parts whose inherited list was replaced whole


@functools.lru_cache(maxsize=1024)
def _inside_cached(path: str, folder: str, cwd: str) -> bool:  # cwd: relative paths are read from it
    return pathlib.Path(path).resolve().is_relative_to(pathlib.Path(folder).resolve())


def _inside(path: pathlib.Path, folder: pathlib.Path) -> bool:
    """Whether path is in folder (cached: a page asks this for every value of the edition)."""
    return _inside_cached(str(path), str(folder), os.getcwd())


@functools.lru_cache(maxsize=1024)
def _name(path: str, root: str, cwd: str) -> str:
    return edition_label(path, pathlib.Path(root))


def _status(edition: Edition, loaded, loc: tuple, kind: str, name: str) -> Row:
    """The status of the value at loc of a merged file, the files that wrote it, the keys changed and kept."""
    n = len(loc)
    inside = [at for at in loaded.positions if at[:n] == loc]
    sources = {at: loaded.source(at) for at in inside}
    local = {at for at, source in sources.items() if _inside(source.path, edition.root)}
    files = sorted({_name(str(source.path), str(edition.root), os.getcwd()) for source in sources.values()})
    keys = {str(at[n]) for at in inside if len(at) > n} - {"id"}
    if len(local) == len(inside) and loc not in loaded.inherited:
        return Row(kind, name, LOCAL, files, [])
    if len(local) == len(inside):  # written here in full over an inherited item with its id
        return Row(kind, name, CHANGED, files, sorted(keys))
    if local:
        changed = {str(at[n]) for at in local if len(at) > n} - {"id"}
        return Row(kind, name, CHANGED, files, sorted(changed), sorted(keys - changed))
    every_national = all(_inside(source.path, NATIONAL) for source in sources.values())
    return Row(kind, name, NATIONAL_WORD if every_national else INHERITED, files, [])


def origin(edition: Edition, kind: str, name: str, place: Place) -> Row:
    """The status of the item at place, the files that wrote it, the keys changed and kept, and (for a
    module) the same for each item of its lists, the removed ones included."""
    row = _status(edition, place.loaded, place.loc, kind, name)
    for part in kinds.collections()[kind].parts:
        list_loc = place.loc + tuple(part.key.split("."))
        value = place.loaded.data
        for key in list_loc:
            value = value.get(key) if isinstance(value, dict) else None
        entries = [
            _status(edition, place.loaded, list_loc + (i,), part.noun, kinds.item_name(entry))
            for i, entry in enumerate(value if isinstance(value, list) else [])
        ]
        entries += [
            Row(part.noun, kinds.item_name(item), REMOVED, [f"{edition_label(where, edition.root)}:{line}"], [])
            for at, item, where, line in place.loaded.removed
            if at == list_loc
        ]
        if entries:
            row.parts.append((part.heading, entries))
            if row.status != LOCAL and all(entry.status == LOCAL for entry in entries):
                row.replaced.append(part.heading)  # a list written without the inherited ids
    return row


def rows(edition: Edition) -> list[Row]:
    """One row per item of the edition, in the order of the table of kinds (removed modules and
    policies after the others of their kind)."""
    found = places(edition)
    result = []
    for kind in kinds.KINDS:
        for collection in kind.collections:
            result += [
                origin(edition, collection.noun, collection.name(item), place)
                for item, place in found.get(collection.noun, [])
            ]
            if kind.one_per_file:
                result += _removed_files(edition, kind, collection.noun)
    return result


def _removed_files(edition: Edition, kind: kinds.Kind, noun: str) -> list[Row]:
    """A row for each file of the edition that drops an inherited module or policy with `remove: true`."""
    removed = []
    for path in paths_of(edition.root, kind):
        try:
            loaded = load_yaml(path, label(path))
        except Problem:
            continue
        data = loaded.data if isinstance(loaded.data, dict) else {}
        if data.get("remove") is True and isinstance(data.get("id"), str):
            where = f"{edition_label(path, edition.root)}:{loaded.where_key(('remove',))[0]}"
            removed.append(Row(noun, data["id"], REMOVED, [where], []))
    return removed


def changed_parts(row: Row) -> bool:
    """Whether anything in a module's lists was changed, added or removed here."""
    return any(entry.status in (CHANGED, LOCAL, REMOVED) for _, entries in row.parts for entry in entries)


def heading(noun: str) -> str:
    """The heading of a group of rows on the provenance page ('Partners')."""
    return kinds.collections()[noun].heading


def bases(edition: Edition) -> list[str]:
    """The folders this edition builds on, nearest first ('national' for the project's national base)."""
    return [
        "national" if folder.resolve() == NATIONAL.resolve() else label(folder) for folder in roots(edition.root)[1:]
    ]
