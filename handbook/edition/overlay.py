"""Editions built on a base edition: `extends:` in jurisdiction.yaml, merged before validation.

A city edition names its base (`extends: national`, or a folder path relative to the edition)
and writes only what differs. The merge works on the loaded YAML, file by file:

- mappings merge key by key (the local value wins);
- lists whose items all have an `id` merge item by item: same id, the local keys win; a new id is
  added after the base's items; `remove: true` drops an inherited item;
- any other value, and any other list, is replaced by the local one (`partners: []` empties a list);
- modules/ and policies/ hold one item per file and are matched by the `id` inside the file.

The merged files remember, value by value, which file wrote each value (Loaded.origins), so every
later error still points at the file and line a person would open. Bases can be chained (a city
extends a state edition that extends national); a cycle is an error.
"""

from __future__ import annotations

import difflib
import os
import pathlib

from pydantic import BaseModel

from ..paths import NATIONAL, NATIONAL_NAME
from ..problems import Problem
from . import kinds
from .files import base_label, label, read_files
from .validate import model_at, without
from .yamlfile import Loaded, load_yaml

# --------------------------------------------------------------------------- finding the base


def extends_value(files: dict[str, list[Loaded]]):
    """The raw `extends:` of the edition's jurisdiction.yaml and the file it is in, or (None, None)."""
    for loaded in files.get("jurisdiction", []):
        if isinstance(loaded.data, dict) and loaded.data.get("extends") not in (None, ""):
            return loaded.data["extends"], loaded
    return None, None


def resolve(root: pathlib.Path, value: str) -> pathlib.Path:
    """The folder `extends: value` names: the project's national base, or a path from root."""
    return NATIONAL if value.strip() == NATIONAL_NAME else pathlib.Path(os.path.normpath(root / value.strip()))


def base_root(root: pathlib.Path, files: dict[str, list[Loaded]], problems: list[Problem]) -> pathlib.Path | None:
    """The base folder this edition extends, or None (no `extends:`, or a problem was recorded)."""
    value, loaded = extends_value(files)
    if loaded is None:
        return None
    at = loaded.locate(("extends",))
    if not isinstance(value, str):
        problems.append(
            Problem(
                *at,
                "extends: write the path of the base edition's folder "
                "(relative to this edition) or the word 'national'",
            )
        )
        return None
    base = resolve(root, value)
    if base.is_dir() and not ((base / "jurisdiction.yaml").exists() or (base / "modules").is_dir()):
        problems.append(
            Problem(
                *at,
                f"extends: the folder '{value}' ({label(base)}) is not an edition (it has no "
                "jurisdiction.yaml and no modules/); write the folder of the base edition, "
                "or 'national'",
            )
        )
        return None
    if not base.is_dir():
        problems.append(
            Problem(
                *at,
                f"extends: there is no edition folder at '{value}' ({label(base)}); "
                "write a folder path relative to this edition, or 'national'",
            )
        )
        return None
    return base


def roots(root: pathlib.Path) -> list[pathlib.Path]:
    """The edition's folder and every base folder it builds on, nearest first (best effort, no errors)."""
    chain = [pathlib.Path(root)]
    while True:
        try:
            files = {"jurisdiction": [load_yaml(chain[-1] / "jurisdiction.yaml")]}
        except Problem:  # no such file, or not readable: the chain ends here
            return chain
        base = base_root(chain[-1], files, [])
        if base is None or base.resolve() in {r.resolve() for r in chain}:
            return chain
        chain.append(base)


# --------------------------------------------------------------------------- merging editions


def apply(
    root: pathlib.Path, files: dict[str, list[Loaded]], problems: list[Problem], _chain: tuple[pathlib.Path, ...] = ()
) -> dict[str, list[Loaded]]:
    """The edition's files merged over its base's (recursively); problems are added to the list."""
    chain = _chain + (pathlib.Path(root).resolve(),)
    base = base_root(root, files, problems)
    if base is None:
        return files
    if base.resolve() in chain:
        value, loaded = extends_value(files)
        path = " → ".join(label(p) for p in chain + (base.resolve(),))
        problems.append(
            Problem(
                *loaded.locate(("extends",)),
                f"extends: '{value}' leads back to an edition already in the chain ({path}); remove one 'extends'",
            )
        )
        return files
    base_files = read_files(base, problems)
    if not any(base_files.values()):
        value, loaded = extends_value(files)
        problems.append(
            Problem(
                *loaded.locate(("extends",)),
                f"extends: the folder '{value}' ({label(base)}) holds no edition data files",
            )
        )
        return files
    base_files = apply(base, base_files, problems, chain)
    merged: dict[str, list[Loaded]] = {}
    for kind in list(files) + [kind for kind in base_files if kind not in files]:
        local, inherited = files.get(kind, []), base_files.get(kind, [])
        if kinds.kind(kind).one_per_file:
            merged[kind] = _merge_by_id(root, base, kind, inherited, local, problems)
        else:
            merged[kind] = _merge_single(root, base, kind, inherited, local, problems)
    return merged


def _virtual(root: pathlib.Path, source: Loaded, base: pathlib.Path) -> pathlib.Path:
    """Where a base file would sit in this edition (its path relative to the base, under root)."""
    return root / pathlib.Path(source.path).relative_to(base)


def _merge_single(root, base, kind, inherited: list[Loaded], local: list[Loaded], problems) -> list[Loaded]:
    """jurisdiction.yaml, partners.yaml, ...: at most one file each side."""
    if not inherited:
        return [
            _nothing_to_remove(loaded, f"{base_label(base)} has no {pathlib.Path(loaded.path).name}", problems)
            for loaded in local
        ]
    if not local:
        path = _virtual(root, inherited[0], base)
        return [Merge(path, kinds.kind(kind).model, problems).whole(inherited[0])]
    return [Merge(pathlib.Path(local[0].path), kinds.kind(kind).model, problems).files(inherited[0], local[0])]


def _merge_by_id(root, base, kind, inherited: list[Loaded], local: list[Loaded], problems) -> list[Loaded]:
    """modules/ and policies/: one item per file, matched by the id written in it."""
    model, folder = kinds.kind(kind).model, base_label(base / kind)
    by_id = {_id(loaded.data): loaded for loaded in inherited if _id(loaded.data) is not None}
    result, used = [], set()
    for loaded in local:
        item_id = _id(loaded.data)
        merge = Merge(pathlib.Path(loaded.path), model, problems)
        if item_id in by_id:
            used.add(item_id)
            if not merge.removes(loaded, ()):
                merge.out.inherited.add(())  # the file's item is written over the base's
                result.append(merge.files(by_id[item_id], loaded))
        elif merge.check_new(loaded, (), item_id, sorted(by_id), folder, model):
            result.append(loaded)
    names = {pathlib.Path(loaded.path).name: loaded for loaded in result}
    for item_id, loaded in by_id.items():
        if item_id in used:
            continue
        path = _virtual(root, loaded, base)
        clash = names.get(path.name)
        if clash is not None:
            problems.append(
                Problem(
                    *clash.locate(("id",)),
                    (
                        f"this file has the same name as the base's {kinds.kind(kind).collections[0].noun} "
                        f"'{item_id}' but the id '{_id(clash.data)}'; write id: {item_id} to change that "
                        f"{kinds.kind(kind).collections[0].noun}, or give this file another name "
                        f"(base: {loaded.source(()).label})"
                    ),
                )
            )
            continue
        result.append(Merge(path, model, problems).whole(loaded))
    return sorted(result, key=lambda loaded: str(loaded.path))


def _nothing_to_remove(loaded: Loaded, base_label: str, problems: list[Problem]) -> Loaded:
    """An error for each `remove:` in a file the base does not have; the file without those items."""
    removing = [loc for loc, value in _items(loaded.data, ()) if "remove" in value]
    for loc in removing:
        problems.append(
            Problem(
                *loaded.locate_key(loc + ("remove",)),
                (
                    f"there is no inherited item with the id '{_at(loaded.data, loc)['id']}' to remove "
                    f"(base: {base_label})"
                ),
            )
        )
    for loc in reversed(removing):  # later items first, so each loc still points at its item
        if loc:
            loaded = without(loaded, loc)
    return loaded


def _items(data, loc: tuple):
    """Every mapping with an id inside data, with its loc."""
    if isinstance(data, dict):
        if _id(data) is not None:
            yield loc, data
        for key, value in data.items():
            yield from _items(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _items(value, loc + (i,))


def _id(data) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _id_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)


def required_keys(model: type[BaseModel] | None) -> list[str]:
    """The keys an item of model must have."""
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items() if info.is_required()]


class Merge:
    """Builds one merged file: its data, and for every value the position and file that wrote it."""

    def __init__(self, path: pathlib.Path, model: type[BaseModel], problems: list[Problem]):
        self.out = Loaded(path=path, label=label(path), data=None)
        self.model, self.problems = model, problems

    def whole(self, source: Loaded) -> Loaded:
        """A base file taken as it is."""
        self.out.data = self.copy(source, (), source.data, ())
        return self.out

    def files(self, base: Loaded, local: Loaded) -> Loaded:
        """A local file written over a base file."""
        self.out.data = self.value(base, (), base.data, local, (), local.data, ())
        return self.out

    def copy(self, source: Loaded, sloc: tuple, value, oloc: tuple):
        """value (at sloc in source) placed at oloc, with the positions of everything inside it."""
        n = len(sloc)
        self.out.inherited |= {oloc + loc[n:] for loc in source.inherited if loc[:n] == sloc}
        for list_loc, item, where, line in source.removed:  # a chain: what a base removed from its own base
            if list_loc[:n] == sloc:
                self.out.removed.append((oloc + list_loc[n:], item, where, line))
        for loc, position in source.positions.items():
            if loc[:n] == sloc:
                self.out.positions[oloc + loc[n:]] = position
                self.out.origins[oloc + loc[n:]] = source.source(loc)
        for loc, position in source.key_positions.items():
            if loc[:n] == sloc:
                self.out.key_positions[oloc + loc[n:]] = position
        return value

    def mark(self, source: Loaded, sloc: tuple, oloc: tuple) -> None:
        """Record that source wrote the mapping or list at oloc (its own position and key)."""
        if sloc in source.positions:
            self.out.positions[oloc] = source.positions[sloc]
            self.out.origins[oloc] = source.source(sloc)
        if sloc in source.key_positions:
            self.out.key_positions[oloc] = source.key_positions[sloc]

    def value(self, base: Loaded, bloc: tuple, bval, local: Loaded, lloc: tuple, lval, oloc: tuple):
        """The merge of one base value and one local value."""
        if isinstance(bval, dict) and isinstance(lval, dict):
            self.mark(local, lloc, oloc)
            result = {}
            for key, value in bval.items():
                if key in lval:
                    result[key] = self.value(base, bloc + (key,), value, local, lloc + (key,), lval[key], oloc + (key,))
                else:
                    result[key] = self.copy(base, bloc + (key,), value, oloc + (key,))
            for key, value in lval.items():
                if key not in bval and not (key == "remove" and "id" in lval):
                    result[key] = self.copy(local, lloc + (key,), value, oloc + (key,))
            return result
        if lval and _id_list(lval) and _id_list(bval):
            return self.items(base, bloc, bval, local, lloc, lval, oloc)
        return self.copy(local, lloc, lval, oloc)

    def items(
        self, base: Loaded, bloc: tuple, blist: list, local: Loaded, lloc: tuple, llist: list, oloc: tuple
    ) -> list:
        """Two lists of items with ids, merged item by item."""
        self.mark(local, lloc, oloc)
        base_ids = {item["id"]: i for i, item in enumerate(blist)}
        wanted: dict[str, int] = {}
        for j, item in enumerate(llist):
            loc = lloc + (j,)
            if item["id"] in wanted:
                first = local.where(lloc + (wanted[item["id"]], "id"))[0]
                self.problems.append(
                    Problem(
                        *local.locate(loc + ("id",)),
                        f"the id '{item['id']}' is already used in this list at line {first}",
                    )
                )
                continue
            if item["id"] in base_ids or self.check_new(
                local,
                loc,
                item["id"],
                sorted(base_ids),
                base_label(base.source(bloc).path),
                model_at(self.model, oloc + (0,)),
            ):
                wanted[item["id"]] = j
        result: list = []
        for i, item in enumerate(blist):
            j = wanted.get(item["id"])
            if j is None:
                result.append(self.copy(base, bloc + (i,), item, oloc + (len(result),)))
            elif not self.removes(local, lloc + (j,)):
                self.out.inherited.add(oloc + (len(result),))
                result.append(self.value(base, bloc + (i,), item, local, lloc + (j,), llist[j], oloc + (len(result),)))
            else:
                self.out.removed.append((oloc, item, local.label, local.where_key(lloc + (j, "remove"))[0]))
        for item_id, j in wanted.items():
            if item_id not in base_ids:
                result.append(self.copy(local, lloc + (j,), llist[j], oloc + (len(result),)))
        return result

    def removes(self, local: Loaded, loc: tuple) -> bool:
        """Whether the local item at loc says `remove: true` (an error when remove is not true/false)."""
        item = _at(local.data, loc)
        if "remove" not in item:
            return False
        if not isinstance(item["remove"], bool):
            self.problems.append(
                Problem(
                    *local.locate_key(loc + ("remove",)),
                    "write 'remove: true' to drop the inherited item, or delete this line",
                )
            )
            return False
        return item["remove"]

    def check_new(
        self, local: Loaded, loc: tuple, item_id, base_ids: list[str], base_label: str, model: type[BaseModel] | None
    ) -> bool:
        """An item the base does not have: fine if complete; an error if it removes or lacks keys."""
        item = _at(local.data, loc)
        if not isinstance(item, dict) or item_id is None:
            return True  # validation explains what is wrong with it
        close = difflib.get_close_matches(item_id, base_ids, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if "remove" in item:
            self.problems.append(
                Problem(
                    *local.locate_key(loc + ("remove",)),
                    (f"there is no inherited item with the id '{item_id}' to remove{hint} (base: {base_label})"),
                )
            )
            return False
        missing = [key for key in required_keys(model) if key not in item]
        if missing:
            self.problems.append(
                Problem(
                    *local.locate(loc + ("id",)),
                    (
                        f"the base has no item with the id '{item_id}'{hint} so this one is new and needs "
                        f"{', '.join(missing)} as well (base: {base_label})"
                    ),
                )
            )
            return False
        return True


def _at(data, loc: tuple):
    for part in loc:
        data = data[part]
    return data
