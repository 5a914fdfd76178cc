"""Rules on every text value of an edition: links and addresses, phone numbers, invisible characters; and the
walk over every value that they (and the public-site rule) share."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from ... import prose, text
from ...problems import Problem
from .. import kinds
from ..edition import Edition


def field_format(info) -> str:
    """'markdown' (prose), 'uri-reference' (a URL), 'text' or '' for a model field, lists included."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("format"):
        return extra["format"]
    for arg in typing.get_args(info.annotation):  # list[Prose], Url | None
        for meta in getattr(arg, "__metadata__", ()):
            inner = getattr(meta, "json_schema_extra", None)
            if isinstance(inner, dict) and inner.get("format"):
                return inner["format"]
    return ""


def walk(value, loc: tuple, public: bool = False):
    """(value, loc, format) for every string value of a model, with its path in the file.

    public: only what the public edition keeps (handbook.view): items that say public: true, and no field
    marked STAFF_ONLY."""
    if isinstance(value, BaseModel):
        if public and getattr(value, "public", True) is False:
            return
        for name, info in type(value).model_fields.items():
            if (
                public
                and (info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}).get("audience")
                == "staff"
            ):
                continue
            child, key = getattr(value, name), info.alias or name
            fmt = field_format(info)
            if isinstance(child, str):
                yield child, loc + (key,), fmt
            elif isinstance(child, list):
                for i, item in enumerate(child):
                    if isinstance(item, str):
                        yield item, loc + (key, i), fmt
                    else:
                        yield from walk(item, loc + (key, i), public)
            else:
                yield from walk(child, loc + (key,), public)


def roots(edition: Edition, names: tuple[str, ...] | None = None):
    """(model or item, its file, its path in the file) for everything the edition's files hold (of the
    kinds named, when names are given)."""
    for kind in kinds.KINDS:
        if names is not None and kind.name not in names:
            continue
        group = edition.sources.get(kind.name) or []
        part = edition.part(kind.name)
        if kind.one_per_file:
            yield from ((item, loaded, ()) for item, loaded in zip(part or [], group))
        elif kind.unwrap and group:
            yield from ((item, group[0], (kind.unwrap, i)) for i, item in enumerate(part or []))
        elif group:
            yield part, group[0], ()


def check_invisible(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for every text value that holds a bidirectional control or a zero-width character:
    it makes the text read differently from what it is (or hides a difference between two ids)."""
    for root, loaded, base in roots(edition):
        for value, loc, _ in walk(root, base):
            found = text.invisible_characters(value)
            if found:
                offset, name = found[0]
                problems.append(
                    Problem(
                        *loaded.locate(loc),
                        f"an invisible character ({name}, "
                        f"U+{ord(value[offset]):04X}) is in this text; it changes how the text reads "
                        "without being seen; delete it",
                        "warning",
                    )
                )


def check_links(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for every link or address that will be shown as text instead of a link."""
    for root, loaded, base in roots(edition):
        for value, loc, fmt in walk(root, base):
            if fmt == "uri-reference" and value:
                why = prose.url_problem(value)
                if why:
                    problems.append(Problem(*loaded.locate(loc), why, "warning"))
            elif fmt == "markdown" and ("](" in value or "]:" in value):
                for what, target in prose.links(value):
                    if what == "image":
                        problems.append(
                            Problem(
                                *loaded.locate(loc),
                                f"images are not shown in the handbook ('{target[:60]}'); link to the picture instead",
                                "warning",
                            )
                        )
                    elif prose.url_problem(target):
                        problems.append(Problem(*loaded.locate(loc), prose.url_problem(target), "warning"))


def check_phones(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for a phone field a phone could not call: how to write it."""
    for root, loaded, base in roots(edition):
        for value, loc, _ in walk(root, base):
            if loc and loc[-1] == "phone" and text.phone_problem(value):
                problems.append(Problem(*loaded.locate(loc), text.phone_problem(value), "warning"))
