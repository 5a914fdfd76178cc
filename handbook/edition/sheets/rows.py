"""A sheet's rows as the data's items and back: which key each column holds (contacts flattened as contact1_name,
...), a cell's text as a typed value (lists split at ';', dates as Excel writes them), every row checked with the
models of `handbook check` and its problems said at the cell."""

from __future__ import annotations

import datetime as dt
import difflib
import pathlib
import re
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from ...problems import Problem
from ...text import column_letter, parse_when
from .. import kinds
from .. import models as m
from ..validate import validate
from ..yamlfile import Loaded
from .spreadsheet import CellProblem, Sheet

NESTED: dict[str, tuple[str, type[BaseModel]]] = {"contacts": ("contact", m.Contact)}  # key -> column prefix, model
NESTED_NOUNS = {"contact": "contact"}
SEPARATOR = "; "
NESTED_COLUMN = re.compile(r"([a-z]+)(\d{1,3})_([a-z_]+)")


def row_model(kind: str) -> type[BaseModel]:
    """One row's model: the kinds table's `sheet` of the kind (partners: a Partner)."""
    return kinds.sheets()[kind].sheet


def noun(kind: str) -> str:
    """One item of the kind's list, in messages: 'partner'."""
    return kinds.sheets()[kind].collections[0].noun


# --------------------------------------------------------------------------- cells


def cell(value) -> str:
    """How a value of the data is written in one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return SEPARATOR.join(cell(v) for v in value)
    return str(value)


def cells(item: dict) -> dict[str, str]:
    """One item of the data file as the cells of its row, by column name."""
    found: dict[str, str] = {}
    for key, value in item.items():
        if key in NESTED and isinstance(value, list):
            prefix = NESTED[key][0]
            for n, entry in enumerate(value, 1):
                for sub, sub_value in entry.items() if isinstance(entry, dict) else ():
                    found[f"{prefix}{n}_{sub}"] = cell(sub_value)
        else:
            found[str(key)] = cell(value)
    return found


def columns(model: type[BaseModel], items: list[dict]) -> list[str]:
    """The sheet's columns: every key of the model in its order, nested ones once per entry (at least one)."""
    names = []
    for key in model.model_fields:
        if key in NESTED:
            prefix, inner = NESTED[key]
            count = max([1] + [len(item.get(key) or []) for item in items if isinstance(item.get(key), list)])
            names += [f"{prefix}{n}_{sub}" for n in range(1, count + 1) for sub in inner.model_fields]
        else:
            names.append(key)
    return names


def is_list(model: type[BaseModel], key: str) -> bool:
    return typing.get_origin(model.model_fields[key].annotation) is list


def is_date(model: type[BaseModel], key: str) -> bool:
    annotation = model.model_fields[key].annotation
    return annotation is dt.date or dt.date in typing.get_args(annotation)


def cell_value(model: type[BaseModel], key: str, text: str):
    """A cell's text as the data holds it: a list split at ';', a date as Excel may write it (11/15/2026, or its
    serial 46341) written YYYY-MM-DD; anything else as it is (what is wrong with it, the model says)."""
    if is_list(model, key):
        return [part.strip() for part in text.split(";") if part.strip()]
    if is_date(model, key):
        when = parse_when(text)
        if when is not None and when.time() == dt.time():
            return when.date().isoformat()
    return text


def meaningful(item: dict) -> dict:
    """An item's keys that hold something: an empty list, an empty text or a missing key say the same."""
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}


# --------------------------------------------------------------------------- rows


@dataclass
class Columns:
    """What each column of the sheet is: (key,) or (nested key, entry number, sub key)."""

    known: dict[int, tuple]
    problems: list[Problem]


def read_header(sheet: Sheet, model: type[BaseModel]) -> Columns:
    known: dict[int, tuple] = {}
    problems: list[Problem] = []
    allowed = columns(model, [])
    seen: dict[str, int] = {}
    for col, name in enumerate(sheet.header, 1):
        used = any(col <= len(row) and row[col - 1].strip() for _, row in sheet.rows)
        if not name:
            if used:
                problems.append(
                    CellProblem(
                        sheet.label,
                        1,
                        col,
                        "this column has no name in row 1; write the key "
                        f"it holds ({', '.join(allowed[:4])}, ...) or empty it",
                    )
                )
            continue
        if name in seen:
            problems.append(
                CellProblem(
                    sheet.label,
                    1,
                    col,
                    f"column '{name}' is already column {column_letter(seen[name])}; keep one of them",
                )
            )
            continue
        seen[name] = col
        nested = NESTED_COLUMN.fullmatch(name)
        if name in model.model_fields and name not in NESTED:
            known[col] = (name,)
        elif (
            nested
            and any(
                prefix == nested.group(1) and nested.group(3) in inner.model_fields for prefix, inner in NESTED.values()
            )
            and int(nested.group(2)) >= 1
        ):
            key = next(k for k, (prefix, _) in NESTED.items() if prefix == nested.group(1))
            known[col] = (key, int(nested.group(2)), nested.group(3))
        else:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            if close:  # a misspelt column: its cells were meant for the data, so it stops the import
                problems.append(
                    CellProblem(sheet.label, 1, col, f"unknown column '{name}'; did you mean '{close[0]}'?")
                )
            else:  # a column of the keeper's own (Notes): read by no one, said once
                problems.append(
                    CellProblem(
                        sheet.label,
                        1,
                        col,
                        f"column '{name}' is not one the handbook reads, "
                        f"so its cells are ignored; the columns are: {', '.join(allowed)}",
                        "warning",
                    )
                )
    if "id" not in seen:
        problems.append(
            CellProblem(
                sheet.label,
                1,
                1,
                "the sheet has no 'id' column; every row needs the id of its item (e.g. housing-department)",
            )
        )
    return Columns(known, problems)


def row_item(
    row: list[str], cols: Columns, model: type[BaseModel], existing: dict | None
) -> tuple[dict, dict[tuple, int]]:
    """The item a row makes (over the existing item with its id), and the column of each of its values."""
    item = dict(existing or {})
    positions: dict[tuple, int] = {}
    nested: dict[str, dict[int, dict[str, tuple[str, int]]]] = {}
    for col, spec in cols.known.items():
        text = row[col - 1].strip() if col <= len(row) else ""
        if len(spec) == 3:
            key, n, sub = spec
            nested.setdefault(key, {}).setdefault(n, {})[sub] = (text, col)
            continue
        key = spec[0]
        positions[(key,)] = col
        value = cell_value(model, key, text)
        if value in ("", []):  # an empty cell, or a list cell of separators alone
            item.pop(key, None)
        else:
            item[key] = value
    for key, by_number in nested.items():
        old = item.get(key) if isinstance(item.get(key), list) else []
        entries = []
        for n in range(1, max(len(old), *by_number) + 1):
            entry = dict(old[n - 1]) if n <= len(old) and isinstance(old[n - 1], dict) else {}
            here = {}
            for sub, (text, col) in by_number.get(n, {}).items():
                here[sub] = col
                if text:
                    entry[sub] = cell_value(NESTED[key][1], sub, text)
                else:
                    entry.pop(sub, None)
            if entry:  # an entry whose cells are all empty is dropped
                positions.update({(key, len(entries), sub): col for sub, col in here.items()})
                if here:
                    positions[(key, len(entries))] = min(here.values())
                entries.append(entry)
        positions[(key,)] = min(col for cells_of in by_number.values() for _, col in cells_of.values())
        if entries:
            item[key] = entries
        else:
            item.pop(key, None)
    return item, positions


def check_rows(
    sheet: Sheet, kind: str, items: list[dict], known_partners: set[str] | None
) -> tuple[list, list[Problem]]:
    """Every row as (id, new item, typed values); the problems of the sheet, each at its cell."""
    model = row_model(kind)
    cols = read_header(sheet, model)
    problems = list(cols.problems)
    existing = {str(item.get("id")): item for item in items}
    id_col = next((col for col, spec in cols.known.items() if spec == ("id",)), None)
    seen: dict[str, int] = {}
    result = []
    for number, row in sheet.rows:
        if not any(value.strip() for value in row):
            continue
        row_id = row[id_col - 1].strip() if id_col and id_col <= len(row) else ""
        if id_col is None:
            continue
        if not row_id:
            problems.append(
                CellProblem(
                    sheet.label,
                    number,
                    id_col,
                    "column 'id': every row needs an id (lowercase letters, digits and hyphens, e.g. land-bank)",
                )
            )
            continue
        if row_id in seen:
            problems.append(
                CellProblem(
                    sheet.label,
                    number,
                    id_col,
                    f"column 'id': '{row_id}' is also the id on row "
                    f"{seen[row_id]}; give each {noun(kind)} its own id, or keep one of the rows",
                )
            )
            continue
        seen[row_id] = number
        item, where = row_item(row, cols, model, existing.get(row_id))
        loaded = Loaded(
            pathlib.Path(sheet.label),
            sheet.label,
            item,
            positions={(): (number, id_col), **{loc: (number, col) for loc, col in where.items()}},
        )
        found: list[Problem] = []
        checked = validate(loaded, model, found)
        problems += [sheet_problem(problem, sheet, kind) for problem in found]
        if checked is None:
            continue
        if known_partners is not None and kind == "programs" and checked.provider not in known_partners:
            close = difflib.get_close_matches(checked.provider, sorted(known_partners), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else "; add the partner to partners.yaml first"
            col = next((c for c, spec in cols.known.items() if spec == ("provider",)), id_col)
            problems.append(
                CellProblem(
                    sheet.label, number, col, f"column 'provider': no partner has the id '{checked.provider}'{hint}"
                )
            )
            continue
        result.append((row_id, item, checked))
    return result, problems


MISSING = re.compile(r"missing required key '([a-z_]+)'")
NOT_A_DATE = "expected a date written YYYY-MM-DD"


def sheet_problem(problem: Problem, sheet: Sheet, kind: str) -> CellProblem:
    """A problem of a row's item, said in the sheet's words: which column, and what to put in it."""
    here = sheet.header[problem.column - 1] if problem.column <= len(sheet.header) else ""
    missing = MISSING.match(problem.message)
    if not missing:
        message = problem.message.replace(NOT_A_DATE, f"{NOT_A_DATE} (or 11/15/2026, as Excel writes it)")
        return CellProblem(problem.path, problem.line, problem.column, f"column '{here}': {message}")
    nested = NESTED_COLUMN.fullmatch(here)
    wanted = f"{nested.group(1)}{nested.group(2)}_{missing.group(1)}" if nested else missing.group(1)
    noun_words = NESTED_NOUNS.get(nested.group(1), noun(kind)) if nested else noun(kind)
    if wanted in sheet.header:
        return CellProblem(
            problem.path,
            problem.line,
            sheet.header.index(wanted) + 1,
            f"column '{wanted}' is empty, but every {noun_words} needs one; fill it in",
        )
    return CellProblem(
        problem.path,
        problem.line,
        problem.column,
        f"there is no column '{wanted}', which every new {noun_words} needs; add the column and fill it in",
    )


def typed(item: dict, checked: BaseModel) -> dict:
    """The item's keys with the values the model made of them (dates, true/false, lists, trimmed text)."""
    dump = checked.model_dump(by_alias=True)
    out = {}
    for key, value in item.items():
        if key in NESTED:
            out[key] = [{sub: dump[key][i][sub] for sub in entry} for i, entry in enumerate(value)]
        else:
            out[key] = dump[key]
    return out
