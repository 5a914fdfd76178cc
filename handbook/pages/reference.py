"""The data reference: every key of every data file, generated from the models so it is always true."""
from __future__ import annotations

import datetime as dt
import types
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..edition import kinds
from ..edition import models as m
from ..text import cell

SPECIAL = {m.MinutesRange: "minutes: `90` or a range `60-75`",
           m.Target: "a time limit: `24 hours`, `1 business day`, `10 calendar days`"}


def type_words(annotation) -> str:
    """A key's type in plain words."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        formats = {(getattr(a, "json_schema_extra", None) or {}).get("format") for a in args[1:]
                   if isinstance(getattr(a, "json_schema_extra", None), dict)}
        pattern = [a for a in args[1:] if isinstance(getattr(a, "pattern", None), str)]
        if "markdown" in formats:
            return ("prose: *emphasis*, **bold**, lists and links `[text](https://…)` allowed; links only to "
                    "https, http, mailto and tel addresses; no HTML or images")
        if "uri-reference" in formats:
            return "web address, written with `https://` in front (other addresses are shown as text)"
        if "text" in formats:
            return "text, shown exactly as written (no Markdown)"
        if pattern and "a-z0-9" in pattern[0].pattern:
            return "id (lowercase letters, digits, hyphens)"
        return type_words(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_words(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {type_words(args[0])}"
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if annotation in SPECIAL:
        return SPECIAL[annotation]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping ({annotation.__name__})"
    return {str: "text", int: "whole number", float: "number", bool: "`true` or `false`",
            dt.date: "date `YYYY-MM-DD`"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """model and every model used inside it, each once, in reading order."""
    found: list[type[BaseModel]] = []

    def visit(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found and annotation not in SPECIAL:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(model)
    return found


def rows(model: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    result = []
    for name, info in model.model_fields.items():
        required = info.default is PydanticUndefined and info.default_factory is None
        default = "" if required or info.default in (None, "", [], ()) or isinstance(info.default, BaseModel) \
            else f"`{str(info.default).lower() if isinstance(info.default, bool) else info.default}`"
        kind = type_words(typing.Annotated[(info.annotation, *info.metadata, info)]) \
            if (info.metadata or info.json_schema_extra) else type_words(info.annotation)
        if info.description:
            kind += f": {cell(info.description)}"
        if (info.json_schema_extra or {}).get("audience") == "staff":
            kind += " (never shown on the public site)"
        result.append((info.alias or name, kind, "yes" if required else "", default))
    return result


def reference_page() -> str:
    """Markdown: for every data file, a table per mapping of its keys."""
    out = ["Every data file is YAML. This page lists every key a file may hold, generated from the",
           "checks that `handbook check` runs, so it always matches them. A key not listed here is",
           "reported as unknown, with the closest correct key suggested.", ""]
    for kind in kinds.KINDS:
        filename, model, purpose = kind.reference_name, kind.model, kind.purpose
        out += [f"## `{filename}`", "", purpose, ""]
        for part in nested_models(model):
            out += [f"**{part.__name__}**" + (f": {cell(part.__doc__.splitlines()[0])}" if part.__doc__ else ""), "",
                    "| Key | What to write | Required | Default |", "|---|---|---|---|"]
            out += [f"| `{key}` | {kind} | {req} | {default} |" for key, kind, req, default in rows(part)]
            out.append("")
    return "\n".join(out) + "\n"
