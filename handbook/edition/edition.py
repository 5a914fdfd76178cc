"""The Edition: everything one data folder says, validated; and where each of its items was written."""

from __future__ import annotations

import pathlib
from dataclasses import dataclass, field

from ..problems import Problem
from . import kinds
from . import models as m
from .yamlfile import Loaded


@dataclass
class Edition:
    """Everything one data folder says, validated."""

    root: pathlib.Path
    jurisdiction: m.Jurisdiction
    modules: list[m.Module]
    partners: list[m.Partner] = field(default_factory=list)
    programs: list[m.Program] = field(default_factory=list)
    process: m.Process = field(default_factory=m.Process)
    policies: list[m.Policy] = field(default_factory=list)
    workshops: m.Workshops = field(default_factory=m.Workshops)
    orientation: m.Orientation = field(default_factory=m.Orientation)
    pages: list[m.DepartmentPage] = field(default_factory=list)
    cases: m.Cases = field(default_factory=m.Cases)
    warnings: list[Problem] = field(default_factory=list)
    more: dict[str, object] = field(default_factory=dict)  # kinds with no attribute of their own
    sources: dict[str, list[Loaded]] = field(default_factory=dict)  # kind -> files, in item order

    def part(self, kind: str):
        """What the edition holds of a kind of data file: its attribute, or its entry in `more`."""
        return getattr(self, kind) if kind in self.__dataclass_fields__ and kind != "more" else self.more.get(kind)

    @property
    def files(self) -> dict[str, Loaded]:
        """Every file read, by its label."""
        return {loaded.label: loaded for group in self.sources.values() for loaded in group}

    def module(self, module_id: str) -> m.Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(f"no module with id '{module_id}'")

    def partner(self, partner_id: str) -> m.Partner:
        for partner in self.partners:
            if partner.id == partner_id:
                return partner
        raise KeyError(f"no partner with id '{partner_id}'")

    def policy(self, policy_id: str) -> m.Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(f"no policy with id '{policy_id}'")


@dataclass
class Place:
    """Where an item of a list was written: its file and its path inside the file."""

    loaded: Loaded
    loc: tuple

    def at(self, *more) -> tuple[str, int, int]:
        return self.loaded.locate(self.loc + more)


def places(edition: Edition) -> dict[str, list[tuple[object, Place]]]:
    """Every id-bearing item of the edition with the place it was written, by noun ('partner', 'step').

    The collections come from the table of kinds, so a kind or list added there is checked too."""
    found: dict[str, list[tuple[object, Place]]] = {}
    for kind in kinds.KINDS:
        group = edition.sources.get(kind.name) or []
        for collection in kind.collections:
            if kind.one_per_file:
                items = edition.part(kind.name) or []
                found[collection.noun] = [(item, Place(loaded, ())) for item, loaded in zip(items, group)]
                continue
            owner = edition.part(kind.name)
            items = getattr(owner, collection.key) if not kind.unwrap else owner
            found[collection.noun] = (
                [(item, Place(group[0], (collection.key, i))) for i, item in enumerate(items)] if group else []
            )
    return found
