"""The Data reference: every key of every data file, for the person who keeps the data.

Generated from the models (so it always matches what `handbook check` accepts) and written for
someone who has never programmed: each table is named by where its keys are written in the file
("each item of `partners`", "`timing` → `onboarding`"), never by a model's name in the code; each
key has an example, taken from the project's sample edition and the national base where they
write it; and each table says who sees what it holds.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..edition import kinds
from ..edition import models as m
from ..edition.files import paths_of
from ..edition.yamlfile import load_yaml
from ..paths import DEFAULT_DATA, NATIONAL
from ..problems import Problem
from ..text import cell, plain

SPECIAL = {
    m.MinutesRange: "minutes: `90` or a range `60-75`",
    m.Target: "a time limit: `24 hours`, `1 business day`, `10 calendar days`",
}

NEVER, WITH_PUBLIC, CAN_BE = "never", "only with `public: true`", "yes"

PAGE_EXAMPLE = """\
---
title: Snow and ice on sidewalks
section: How we work
public: true
---
After a snowfall, owners have 24 hours to clear the sidewalk in front of their property."""


PAGE_KEYS = {
    ("pages", "title"): "Snow and ice on sidewalks",
    ("pages", "section"): "How we work",
    ("pages", "public"): "`true`",
    ("pages", "render_macros"): "`false`",
}


def type_words(annotation) -> str:
    """A key's type in plain words."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        formats = {
            (getattr(a, "json_schema_extra", None) or {}).get("format")
            for a in args[1:]
            if isinstance(getattr(a, "json_schema_extra", None), dict)
        }
        pattern = [a for a in args[1:] if isinstance(getattr(a, "pattern", None), str)]
        if "markdown" in formats:
            return "prose (may use a little Markdown: see *Text* above)"
        if "uri-reference" in formats:
            return "web address, written with `https://` in front"
        if "text" in formats:
            return "text, shown exactly as written"
        if pattern and "a-z0-9" in pattern[0].pattern:
            return "id (lowercase letters, digits, hyphens)"
        return type_words(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_words(a) for a in args if a is not type(None))
    if origin is list:
        inner = typing.get_args(annotation)[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in SPECIAL:
            return "list of items (each starts with `- `; their keys are in a table below)"
        return f"list of {type_words(args[0])} (each starts with `- `)"
    if origin is dict:
        return "pairs, one per line (`name: value`)"
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if annotation in SPECIAL:
        return SPECIAL[annotation]
    if annotation is m.Step:
        return "the step's text, or `id:` and `text:`"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a group of keys (indented below this one; they are in a table below)"
    return {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "`true` or `false`",
        dt.date: "date `YYYY-MM-DD`",
    }.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _inner_models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [] if annotation in SPECIAL else [annotation]
    return [found for arg in typing.get_args(annotation) for found in _inner_models(arg)]


@dataclass
class Table:
    """The keys of one mapping, and every place in the file where such a mapping is written."""

    model: type[BaseModel]
    paths: list[tuple[str, ...]]  # ("partners", "contacts"): each item of contacts of each partner
    public: str  # NEVER, WITH_PUBLIC or CAN_BE: for what this mapping holds
    listed: bool = False  # each is an item of a list (not a group of keys under one key)


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """model and every model used inside it, each once, in reading order."""
    return [table.model for table in tables(model, False)]


def tables(model: type[BaseModel], public_part: bool) -> list[Table]:
    """One table per kind of mapping in a file, in reading order, with where it is written."""
    found: dict[type[BaseModel], Table] = {}

    def visit(current: type[BaseModel], path: tuple[str, ...], public: str, listed: bool):
        if "public" in current.model_fields:
            public = WITH_PUBLIC if public != NEVER else NEVER
        if current in found:
            found[current].paths.append(path)
            return
        found[current] = Table(current, [path], public, listed)
        for name, info in current.model_fields.items():
            staff = (info.json_schema_extra or {}).get("audience") == "staff"
            for inner in _inner_models(info.annotation):
                visit(inner, path + (info.alias or name,), NEVER if staff else public, _is_list(info.annotation))

    visit(model, (), CAN_BE if public_part else NEVER, False)
    return list(found.values())


def _is_list(annotation) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated or origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return origin is list


def where_words(path: tuple[str, ...], listed: bool) -> str:
    """'The top of the file', 'Each item of `partners`', 'Under `timing` → `onboarding`'."""
    if not path:
        return "The top of the file"
    keys = " → ".join(f"`{key}`" for key in path)
    return f"Each item of {keys}" if listed else f"Under {keys}"


def _scalar_words(value) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    text = " ".join(str(value).split())
    return plain(text if len(text) <= 50 else text[:47].rstrip() + "…")


def _collect(data, path: tuple, found: dict) -> None:
    """The first value written at each path of keys (list positions left out)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                _collect(value, path + (key,), found)
                if isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
                    found.setdefault(path + (key,), f"- {_scalar_words(value[0])}")
            elif value is not None and value != "":
                found.setdefault(path + (key,), _scalar_words(value))
    elif isinstance(data, list):
        for item in data:
            _collect(item, path, found)


def examples() -> dict[tuple, str]:
    """An example of every key the project's sample edition or the national base writes, by (kind, path)."""
    found: dict[tuple, str] = {}
    for kind in kinds.KINDS:
        for folder in (DEFAULT_DATA, NATIONAL):
            for path in paths_of(folder, kind):
                if path.name.startswith("_") or not path.is_file():
                    continue
                try:
                    data = load_yaml(path).data
                except Problem:
                    continue
                _collect(data, (kind.name,), found)
    return found


def _written(value) -> str:
    """A model's own example of a key (Field(examples=...)) as a keeper writes it in YAML."""
    return f"`[{', '.join(map(str, value))}]`" if isinstance(value, list) else f"`{value}`"


def _fallback(words: str) -> str:
    """An example for a key the sample edition does not write, from what may be written there."""
    for start, example in (
        ("`true`", "`true`"),
        ("date", "`2026-11-01`"),
        ("whole number", "`12`"),
        ("minutes", "`90`"),
        ("a time limit", "`5 business days`"),
        ("id", "`land-bank`"),
        ("web address", "https://www.example.org"),
        ("number", "`8`"),
        ("pairs", '`"Name in the export": our-name`'),
    ):
        if words.startswith(start):
            return example
    return ""


# What reaches the public site of a key whose value is not shown as written: the columns of a case export
# (case numbers, dates) reach it only as counts and rates.
SHOWN_AS = {m.CaseColumns: "only as counts and rates"}


def rows(
    model: type[BaseModel],
    kind_name: str = "",
    paths=((),),
    found: dict | None = None,
    public: str = CAN_BE,
    listed: bool = True,
) -> list[tuple[str, str, str, str, str, str]]:
    """(key, what to write, example, required, default, on the public site) for each key of model."""
    found = found if found is not None else {}
    result = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        required = info.default is PydanticUndefined and info.default_factory is None
        default = (
            ""
            if required or info.default in (None, "", [], (), {}) or isinstance(info.default, BaseModel)
            else f"`{str(info.default).lower() if isinstance(info.default, bool) else info.default}`"
        )
        words = (
            type_words(typing.Annotated[(info.annotation, *info.metadata, info)])
            if (info.metadata or info.json_schema_extra)
            else type_words(info.annotation)
        )
        fallback = _fallback(words) or (_written(info.examples[0]) if info.examples else "")
        if info.description:
            words += f": {cell(info.description)}"
        staff = (info.json_schema_extra or {}).get("audience") == "staff"
        if staff:
            words += " (never shown on the public site)"
        example = next((found[(kind_name, *path, key)] for path in paths if (kind_name, *path, key) in found), "")
        seen = NEVER if staff or public == NEVER else ("decides it" if key == "public" else SHOWN_AS.get(model, public))
        result.append((key, words, example or fallback, "yes" if required else "", default, seen))
    if "id" in model.model_fields and listed:  # an item of a list, which an overlay may drop
        result.append(
            (
                "remove",
                "`true`: in an edition that extends a base, drops the inherited item with this "
                "`id` (write only `id` and `remove`)",
                "`true`",
                "",
                "",
                "—",
            )
        )
    return result


def _table(heading: str, note: str, model_rows) -> list[str]:
    out = [f"### {heading}", ""] + ([note, ""] if note else [])
    out += ["| Key | What to write | Example | Required | Default | On the public site |", "|---|---|---|---|---|---|"]
    out += [
        f"| `{key}` | {words} | {example} | {req} | {default} | {seen} |"
        for key, words, example, req, default, seen in model_rows
    ]
    return out + [""]


PUBLIC_NOTES = {
    NEVER: "Staff only: nothing here reaches the public site.",
    WITH_PUBLIC: "Each item is on the public site only when it says `public: true`.",
    CAN_BE: "What is written here may be shown on the public site.",
}

INTRO = """\
Each data file is a YAML file: plain text, one `key: value` per line. A key that holds a group of
keys has them on the lines below it, indented by two spaces; each item of a list starts with `- `.
Put text in quotes when it contains `: ` or ` #`, starts with a symbol, or looks like a number or
a date you mean as words (`"311"`, `"yes"`). A line starting with `#` is a note for people.

`handbook check` accepts exactly the keys listed here. A key it does not know is reported with its
file, line and column and the closest key it does know; a missing required key is reported the
same way. Keys with a default may be left out.

**Text.** Names, titles and other text are shown exactly as written. Keys marked *prose* may
also use a little Markdown: `*emphasis*`, `**bold**`, lists, and links written
`[the words](https://…)`; a link may lead only to an `https://`, `http://`, `mailto:` or `tel:`
address, and HTML and images are shown as plain text. A web address is written with `https://` in
front; any other address is shown as text, not as a link.

**Your edition and the national base.** `extends: national` in `jurisdiction.yaml` makes your
edition start from the national training modules and workshop material (in `national/`). You write
only what is different. A file of the same name (a module: the same `id`) changes the keys you
write in it and keeps the rest. In a list whose items have ids, an item with an inherited `id`
changes that item only, an item with a new `id` is added at the end of the list, and `id` with
`remove: true` drops the inherited item. The items of a module's components, spotlights,
resources, short- and long-term steps and agenda segments have ids for this (see the national
files). A list without ids (yours or the base's) replaces the inherited list as a whole. The staff
page "Where this content comes from" shows every item as inherited, changed, added or removed.

**Who sees what.** The staff site shows everything. The public site shows the jurisdiction's
mission and contact, the process guide's summary, appeal route and `timing_not_published`, and
only the partners, contacts, programs, case categories, service standards, steps, policies and pages
that say `public: true`.
Keys marked "never" below stay on the staff site even then. Training modules and workshop
material are for staff only.

**The process guide.** "How we handle a complaint" is made when `process.yaml` has steps,
categories, a `summary`, an `appeal`, a `timing_not_published` or an `escalation`.
The `summary` and the `appeal` ("If you do
not agree": what a resident can do, and by when) are shown whether or not any steps are written; the
`escalation` (what staff do) on the staff site only. A city that publishes no response time writes
`timing_not_published` (that it publishes none, and whom to ask how long a report takes); the public
home and "How fast we respond" show it where the times would be.

**Ready for residents.** `handbook check` warns (an error with `--strict`) while the public site
cannot help a resident: no way to report (`public_contact.phone` or `report_url`), no one to contact
(`phone` or `email`), nothing that says how long a report takes (a public category, a public service
standard with a `target`, or `timing_not_published`), or "to be decided", "TBD" and the like in text a
public page shows. A phone field may hold several numbers with words between them ("311, or
216-664-2000 from outside the city"); each number becomes its own tap-to-call link."""


def reference_page() -> str:
    """Markdown: for every data file, what it is for, an example, and a table per mapping of its keys."""
    found = examples()
    out = [INTRO, ""]
    for kind in kinds.KINDS:
        out += [f"## `{kind.reference_name}`", "", kind.purpose, ""]
        if kind.example:
            out += ["For example:", "", "```yaml", kind.example, "```", ""]
        for table in tables(kind.model, kind.public):
            heading = where_words(table.paths[0], table.listed)
            if len(table.paths) > 1:
                heading += ", and the same under " + ", ".join(
                    " → ".join(f"`{k}`" for k in path) or "the top" for path in table.paths[1:]
                )
            out += _table(
                heading,
                PUBLIC_NOTES[table.public],
                rows(table.model, kind.name, table.paths, found, table.public, table.listed),
            )
    out += [
        "## `pages/<name>.md`",
        "",
        "A page of your own, written in Markdown. It starts with a few keys between two `---` lines "
        "(its front matter); the rest of the file is the page.",
        "",
        "For example:",
        "",
        "```markdown",
        PAGE_EXAMPLE,
        "```",
        "",
    ]
    out += _table(
        "The front matter",
        "A page is on the public site only when it says `public: true`.",
        rows(m.PageFrontMatter, "pages", ((),), PAGE_KEYS, WITH_PUBLIC),
    )
    return "\n".join(out) + "\n"
