"""What each audience may see: one filter, applied where an edition is loaded for a build.

The staff edition is everything. The public edition is a copy that keeps only what the data
marks `public: true` (contacts, partners, programs, categories, service standards, steps,
policies, department pages) and drops what the public never sees: training modules, workshops,
the data files themselves, check warnings, and every field marked STAFF_ONLY in edition/models.py.
Pages render whatever edition they are given, so a public page cannot show staff data. The public
edition keeps cases.yaml without its district column: its pages measure the exports for the public
categories only and show nothing of a case but counts.
"""

from __future__ import annotations

import dataclasses
import pathlib

from pydantic import BaseModel

from .edition import Edition, kinds, load_edition_cached

AUDIENCES = ("staff", "public")
STAFF = frozenset({"staff"})
PUBLIC = frozenset({"public"})
BOTH = frozenset({"staff", "public"})

# The parts of an Edition that are no kind of data file but reach the public edition: its folder, and the
# department's own pages (each public when its front matter says so). Which kinds of data file hold public
# items is the kinds table's `public`; every other part is staff-only as a whole.
NOT_KINDS = ("root", "pages")


def public_parts() -> tuple[str, ...]:
    """The parts of an edition that hold public items: NOT_KINDS and the kinds marked public."""
    return NOT_KINDS + kinds.public()


_DROP = object()


def for_audience(edition: Edition, audience: str) -> Edition:
    """The edition as `audience` may see it: the staff edition as is, a filtered copy for the public."""
    if audience == "staff":
        return edition
    if audience != "public":
        raise ValueError(f"unknown audience {audience!r}; use staff or public")
    public = public_parts()
    parts = {}
    for part in dataclasses.fields(Edition):
        if part.name in public:
            parts[part.name] = _public(getattr(edition, part.name))
        else:
            parts[part.name] = _empty(part)
    # a public kind with no attribute of its own (in `more`) is filtered like the others; the rest is dropped
    kept = {name: _public(value) for name, value in edition.more.items() if name in public}
    parts["more"] = {name: value for name, value in kept.items() if value is not _DROP}
    return Edition(**parts)


def _empty(part: dataclasses.Field):
    """The empty value of a staff-only part of the edition."""
    if part.default_factory is not dataclasses.MISSING:
        return part.default_factory()
    if part.default is not dataclasses.MISSING:
        return part.default
    return []  # modules: required on load, none in the public edition


def _public(value):
    """A copy of value without non-public items and staff-only fields; _DROP for a non-public item."""
    if isinstance(value, BaseModel):
        if getattr(value, "public", True) is False:
            return _DROP
        kept = {}
        for name, info in type(value).model_fields.items():
            if (info.json_schema_extra or {}).get("audience") == "staff":
                kept[name] = info.get_default(call_default_factory=True)
            else:
                kept[name] = _public(getattr(value, name))
        return value.model_copy(update=kept)
    if isinstance(value, list):
        return [item for item in map(_public, value) if item is not _DROP]
    return value


def load(data_dir: pathlib.Path, audience: str) -> Edition:
    """The edition in data_dir as `audience` may see it (the edition loaded once per change of its files)."""
    return for_audience(load_edition_cached(data_dir), audience)
