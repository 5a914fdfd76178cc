"""Turning pydantic's validation errors into problems a keeper can act on, each at its place."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import types
import typing

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from .yamlfile import Loaded


def describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (if you meant the word, put it in quotes)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    return type(value).__name__


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at loc inside model, if any."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = current.model_fields
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation):
    """Find the model class inside list[X], X | None, Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _message(error: dict, model: type[BaseModel]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = keys_of(parent) if parent else []
        if "id" in allowed:
            allowed.append("remove")  # an edition that extends a base may drop an inherited item by id
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{close[0]}'?" if close else (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        )
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "string_type":
        if isinstance(value, (int, float, bool, dt.date)) and not isinstance(value, bool):
            return f'expected text here, found {describe(value)}; put the text in quotes ("{value}")'
        return f"expected text here, found {describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number here, found {describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number here, found {describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false here, found {describe(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- ') here, found {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines) here, found {describe(value)}"
    if kind == "literal_error":
        return f"{describe(value)} is not allowed here; use one of: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in str(ctx.get("pattern", "")):
            return f"'{value}' is not a valid id; use lowercase letters, digits and hyphens (e.g. 'land-bank')"
        return f"'{value}' is not in the expected form ({ctx.get('pattern')})"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"expected a date written YYYY-MM-DD, found {describe(value)}"
    if kind == "too_short":
        return "needs at least one item"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, found {value}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, found {value}"
    if kind in ("value_error", "assertion_error"):
        return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return error["msg"]


def which_item(data, loc: tuple) -> str:
    """' in the item with id 'x' (item 2 of 'partners')' for the innermost list item on loc, '' for none."""
    index = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=None)
    if index is None:
        return ""
    item = data
    for part in loc[: index + 1]:
        try:
            item = item[part]
        except (KeyError, IndexError, TypeError):
            return ""
    where = (
        f"item {loc[index] + 1} of '{loc[index - 1]}'"
        if index and isinstance(loc[index - 1], str)
        else f"item {loc[index] + 1}"
    )
    item_id = item.get("id") if isinstance(item, dict) else None
    return f" in the item with id '{item_id}' ({where})" if isinstance(item_id, str) and item_id else f" in {where}"


def _problems(exc: ValidationError, loaded: Loaded, model: type[BaseModel], prefix: tuple = ()) -> list[Problem]:
    found = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        at = loaded.locate_key(loc) if error["type"] == "extra_forbidden" else loaded.locate(loc)
        message = _message(error, model)
        if error["type"] == "missing":
            message += which_item(loaded.data, loc[:-1])
        found.append(Problem(*at, message))
    return found


def validate(loaded: Loaded, model: type[BaseModel], problems: list[Problem]):
    """Validate loaded.data against model; add problems and return None when it does not fit."""
    if not isinstance(loaded.data, dict):
        problems.append(
            Problem(
                *loaded.locate(()), f"expected a mapping of keys at the top of the file, found {describe(loaded.data)}"
            )
        )
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(_problems(exc, loaded, model))
        return None


# --------------------------------------------------------------------------- checking the rest of a broken file

MAX_PRUNES = 20


def _remap(table: dict, loc: tuple) -> dict:
    """table (keyed by locs) without the value at loc; when loc is a list item, later items move up."""
    n, result = len(loc), {}
    for at, value in table.items():
        if at[:n] == loc:
            continue
        if (
            isinstance(loc[-1], int)
            and len(at) >= n
            and at[: n - 1] == loc[:-1]
            and isinstance(at[n - 1], int)
            and at[n - 1] > loc[-1]
        ):
            at = at[: n - 1] + (at[n - 1] - 1,) + at[n:]
        result[at] = value
    return result


def without(loaded: Loaded, loc: tuple) -> Loaded:
    """A copy of loaded without the value at loc (a key of a mapping or an item of a list), every other
    value keeping its place, so the rules that run on what is left still point at the right lines."""
    data = copy.deepcopy(loaded.data)
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    del parent[loc[-1]]
    return Loaded(
        path=loaded.path,
        label=loaded.label,
        data=data,
        positions=_remap(loaded.positions, loc),
        key_positions=_remap(loaded.key_positions, loc),
        origins=_remap(loaded.origins, loc),
        removed=loaded.removed,
        inherited=set(_remap(dict.fromkeys(loaded.inherited), loc)),
    )


def _drop(error: dict, model: type[BaseModel], whole_file_item: bool, only_unknown: bool) -> tuple | None:
    """What to leave out of the data for the error: an unknown key, the list item the error is in, or an
    optional key with a wrong value; None when nothing can be left out (the file cannot be used)."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return loc
    if only_unknown:
        return None
    index = next((i for i, part in enumerate(loc) if isinstance(part, int)), None)
    if index is not None and not whole_file_item:
        return loc[: index + 1]
    if whole_file_item or not loc:
        return None
    info = model.model_fields.get(loc[0]) or next((f for f in model.model_fields.values() if f.alias == loc[0]), None)
    if info is None or info.is_required() or typing.get_origin(info.annotation) is list:
        return None  # a whole list left out would make every reference to its items look wrong
    return loc[:1]


def usable_part(
    loaded: Loaded, model: type[BaseModel], whole_file_item: bool, only_unknown: bool = False
) -> tuple[BaseModel | None, Loaded]:
    """The model of what is valid in a file that does not validate, for the rules across files to run on
    while its errors are reported: its unknown keys, broken list items and broken optional keys left
    out: (model, the file without them), or (None, loaded) when the file as a whole is unusable.
    whole_file_item: the file is one item (a module), usable only whole; only_unknown: only unknown
    keys may be left out (jurisdiction.yaml, whose every value the rules read)."""
    for _ in range(MAX_PRUNES):
        if not isinstance(loaded.data, dict):
            return None, loaded
        try:
            return model.model_validate(loaded.data), loaded
        except ValidationError as exc:
            drops = {_drop(error, model, whole_file_item, only_unknown) for error in exc.errors()}
        if None in drops:
            return None, loaded
        # the deepest first, and later items of a list before earlier ones, so no drop moves another
        for loc in sorted(
            drops,
            key=lambda at: (len(at), [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in at]),
            reverse=True,
        ):
            if any(loc[: len(other)] == other and loc != other for other in drops):
                continue  # inside another value that is left out anyway
            loaded = without(loaded, loc)
    return None, loaded
