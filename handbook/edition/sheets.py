"""Partner and program lists as spreadsheets (CSV or Excel .xlsx): `handbook import` and `handbook export`.

The sheet's first row names the columns, and each name is a key of the data file: `id`, `name`,
`kind`, ... A partner's contacts are flattened as `contact1_name`, `contact1_title`, `contact1_phone`,
`contact1_email`, `contact1_public`, then `contact2_...`, and so on. A list (`languages`, `situations`,
`helps_with`, ...) is one cell with its items separated by `; `. Dates are written YYYY-MM-DD (read also
as Excel writes them: 11/15/2026, or its serial, text.parse_when) and yes/no keys `true` or `false`. A column
that is no key is ignored with a warning, unless it looks like a misspelt key (then it is a problem).

Importing checks every row with the same models as `handbook check` (models.py) and reports each
problem as `FILE:ROW:COLUMN` (ROW as the spreadsheet numbers it, the header being row 1; COLUMN as
its letter, A, B, ... AA). A sheet with any problem changes nothing. Otherwise each row whose id is
already in the file updates that item: a column sets its key, an empty cell removes it, and keys
without a column stay as they are; a row with a new id is added at the end. The YAML file is edited
in place (ruamel.yaml's round trip), so its comments, order and layout stay; an item whose cells
already match is not touched, so exporting and importing again leaves the file byte for byte as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import pathlib
import re
import tempfile
import typing
from dataclasses import dataclass, field

import openpyxl
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .. import safeopen
from ..problems import EditionError, Problem
from ..text import parse_when
from . import models as m
from .files import label
from .validate import validate
from .yamlfile import Loaded, load_yaml

SHEETS: dict[str, type[BaseModel]] = {"partners": m.Partner, "programs": m.Program}   # kind -> one row's model
NESTED: dict[str, tuple[str, type[BaseModel]]] = {"contacts": ("contact", m.Contact)}  # key -> column prefix, model
NESTED_NOUNS = {"contact": "contact"}
SEPARATOR = "; "
NESTED_COLUMN = re.compile(r"([a-z]+)(\d{1,3})_([a-z_]+)")
MAX_ROWS = 100_000
MAX_SHEET_BYTES = 32 * 1024 * 1024   # a CSV sheet to import (a hundred thousand rows of a few hundred bytes)
# A cell that starts with one of these is written to CSV with a "'" before it, so that Excel never runs
# it as a formula (OWASP's advice against CSV injection); "'" itself is among them, so that import can
# take the first "'" off every cell and get back the text exactly as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_EMPTY = 1000                  # empty rows in a row after which an Excel sheet is taken to end


@dataclass(order=True)
class CellProblem(Problem):
    """A problem at a cell: printed FILE:ROW:LETTER."""

    def __str__(self) -> str:
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{letter(self.column)}: {tag}{self.message}"


def letter(column: int) -> str:
    """The spreadsheet's name of a column: 1 -> A, 27 -> AA."""
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name or "A"


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
                for sub, sub_value in (entry.items() if isinstance(entry, dict) else ()):
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


def plain(value):
    """ruamel's round-trip data as plain Python values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def inert(text: str) -> str:
    """A cell's text as written to CSV: with a "'" before it when Excel would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_written(text: str) -> str:
    """A CSV cell's text as the data holds it: inert() undone."""
    return text[1:] if text.startswith("'") else text


# --------------------------------------------------------------------------- reading a sheet

@dataclass
class Sheet:
    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)   # (row number, cells)


def _text(value) -> str:
    """An Excel cell's value as the text the data would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sheet(path: pathlib.Path) -> Sheet:
    """The header and rows of a .csv (UTF-8) or .xlsx file (its first sheet); raises EditionError."""
    where = label(path)
    suffix = path.suffix.lower()
    rows: list[list[str]] = []
    if suffix == ".csv":
        try:
            text = safeopen.read_bytes(path, None, where, MAX_SHEET_BYTES, "sheet").decode("utf-8-sig")
        except Problem as problem:         # printed FILE:ROW:LETTER, as every problem of a sheet
            raise EditionError([CellProblem(problem.path, problem.line, problem.column, problem.message)]) from None
        except UnicodeDecodeError as exc:
            raise EditionError([CellProblem(where, 1, 1, f"this file is not UTF-8 text (byte {exc.start}); save "
                                            "it from the spreadsheet as 'CSV UTF-8'")]) from None
        try:
            first = text.split("\n", 1)[0]
            delimiter = next((d for d in (";", "\t") if d in first and "," not in first), ",")  # as some locales save
            rows = [[as_written(value) for value in row]
                    for row, _ in zip(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), range(MAX_ROWS + 1))]
        except csv.Error as exc:
            raise EditionError([CellProblem(where, 1, 1, f"this is not a readable CSV file ({exc}); save it "
                                            "from the spreadsheet as 'CSV UTF-8'")]) from None
    elif suffix == ".xlsx":
        try:
            data = safeopen.workbook(path, None, where)
        except Problem as problem:         # printed FILE:ROW:LETTER, as every problem of a sheet
            raise EditionError([CellProblem(problem.path, problem.line, problem.column, problem.message)]) from None
        try:
            book = openpyxl.load_workbook(data, read_only=True, data_only=True)
        except Exception:     # openpyxl raises many kinds on a damaged file; its words may quote the file
            raise EditionError([CellProblem(where, 1, 1, "this is not an Excel workbook that can be read; save it "
                                            "as 'Excel Workbook (.xlsx)'")]) from None
        try:
            if not book.worksheets:
                raise EditionError([CellProblem(where, 1, 1, "this workbook has no sheet; put the list on its "
                                                "first sheet")])
            empty = 0
            for values, _ in zip(book.worksheets[0].iter_rows(values_only=True), range(MAX_ROWS + 1)):
                rows.append([_text(v) for v in values])
                empty = 0 if any(rows[-1]) else empty + 1
                if empty > MAX_EMPTY:        # formatting far below the last row: the list has ended
                    break
        except EditionError:
            raise
        except Exception:
            raise EditionError([CellProblem(where, len(rows) + 1, 1, "this workbook is damaged and cannot be read "
                                            "to its end; save it again as 'Excel Workbook (.xlsx)'")]) from None
        finally:
            book.close()
    else:
        raise ValueError(f"{where}: a spreadsheet must be a .csv or an .xlsx file")
    if len(rows) > MAX_ROWS:
        raise EditionError([CellProblem(where, MAX_ROWS + 1, 1, f"more than {MAX_ROWS} rows; split the sheet")])
    if not rows:
        raise EditionError([CellProblem(where, 1, 1, "the sheet is empty; its first row must name the columns "
                                        "(id, name, ...)")])
    return Sheet(where, [h.strip() for h in rows[0]], [(n, row) for n, row in enumerate(rows[1:], 2)])


# --------------------------------------------------------------------------- the YAML file

def yaml_for(text: str) -> YAML:
    """A round-trip YAML that writes lists the way the file already does."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    dash = re.search(r"^( *)- ", text, re.M)
    offset = len(dash.group(1)) if dash else 2
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


@dataclass
class DataFile:
    path: pathlib.Path
    text: str
    yaml: YAML
    root: CommentedMap
    items: CommentedSeq


def read_data(path: pathlib.Path, kind: str) -> DataFile:
    """The edition's partners.yaml or programs.yaml, for a round trip (an empty one if there is none)."""
    try:
        text = safeopen.read_bytes(path, None, label(path), safeopen.MAX_DATA, "data file").decode("utf-8") \
            if os.path.lexists(path) else ""
    except Problem as problem:
        raise EditionError([problem]) from None
    except UnicodeDecodeError:
        raise EditionError([Problem(label(path), 1, 1, "this file is not UTF-8 text; run handbook check and fix it "
                                    "first")]) from None
    y = yaml_for(text)
    try:
        root = y.load(text) if text.strip() else None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EditionError([Problem(label(path), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                    f"not valid YAML ({getattr(exc, 'problem', None) or exc}); run handbook check "
                                    "and fix it first")]) from None
    if root is None:
        root = CommentedMap()
    if not isinstance(root, CommentedMap):
        raise EditionError([Problem(label(path), 1, 1, f"expected '{kind}:' at the top of the file; run handbook "
                                    "check and fix it first")])
    items = root.get(kind)
    if not isinstance(items, CommentedSeq) or (not items and items.fa.flow_style()):
        items = CommentedSeq()
        root[kind] = items
    return DataFile(path, text, y, root, items)


def read_items(path: pathlib.Path, kind: str) -> tuple[list[dict], Loaded | None]:
    """The items of partners.yaml or programs.yaml as `handbook check` reads them (fast; no layout kept)."""
    if not path.exists():
        return [], None
    try:
        loaded = load_yaml(path, label(path))
    except Problem as problem:
        raise EditionError([problem]) from None
    data = loaded.data if loaded.data is not None else {}
    items = data.get(kind) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(items, (list, type(None))):
        raise EditionError([Problem(*loaded.locate((kind,)), f"expected a list of {kind} here; run handbook check "
                                    "and fix it first")])
    return [item if isinstance(item, dict) else {} for item in items or []], loaded


def _plain_is_safe(value: str) -> bool:
    """True when PyYAML (the loader of handbook check) reads value, written unquoted, as that text."""
    return Resolver().resolve(ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def yaml_value(value, flow: bool = True):
    """A typed value as ruamel should write it: text PyYAML would misread quoted, long text as a block."""
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        return value if _plain_is_safe(value) else SingleQuotedScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(yaml_value(v) for v in value)
        if flow and all(isinstance(v, str) and "\n" not in v for v in value) and len(cell(value)) <= 60:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, sub in value.items():
            mapping[key] = yaml_value(sub)
        return mapping
    return value


def set_key(node: CommentedMap, key: str, value, order: list[str]) -> None:
    """Set node[key], inserting a new key where the model's order puts it."""
    if key in node:
        node[key] = value
        return
    before = [k for k in order[:order.index(key)] if k in node] if key in order else list(node)
    node.insert(list(node).index(before[-1]) + 1 if before else 0, key, value)


# --------------------------------------------------------------------------- import

@dataclass
class Imported:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    warnings: list[Problem] = field(default_factory=list)    # at cells of the sheet (an ignored column)


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
                problems.append(CellProblem(sheet.label, 1, col, "this column has no name in row 1; write the key "
                                            f"it holds ({', '.join(allowed[:4])}, ...) or empty it"))
            continue
        if name in seen:
            problems.append(CellProblem(sheet.label, 1, col, f"column '{name}' is already column {letter(seen[name])}; "
                                        "keep one of them"))
            continue
        seen[name] = col
        nested = NESTED_COLUMN.fullmatch(name)
        if name in model.model_fields and name not in NESTED:
            known[col] = (name,)
        elif nested and any(prefix == nested.group(1) and nested.group(3) in inner.model_fields
                            for prefix, inner in NESTED.values()) and int(nested.group(2)) >= 1:
            key = next(k for k, (prefix, _) in NESTED.items() if prefix == nested.group(1))
            known[col] = (key, int(nested.group(2)), nested.group(3))
        else:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            if close:                  # a misspelt column: its cells were meant for the data, so it stops the import
                problems.append(CellProblem(sheet.label, 1, col, f"unknown column '{name}'; did you mean "
                                            f"'{close[0]}'?"))
            else:                      # a column of the keeper's own (Notes): read by no one, said once
                problems.append(CellProblem(sheet.label, 1, col, f"column '{name}' is not one the handbook reads, "
                                            f"so its cells are ignored; the columns are: {', '.join(allowed)}",
                                            "warning"))
    if "id" not in seen:
        problems.append(CellProblem(sheet.label, 1, 1, "the sheet has no 'id' column; every row needs the id of "
                                    "its item (e.g. housing-department)"))
    return Columns(known, problems)


def row_item(row: list[str], cols: Columns, model: type[BaseModel], existing: dict | None
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
        if value in ("", []):          # an empty cell, or a list cell of separators alone
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
            if entry:                      # an entry whose cells are all empty is dropped
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


def check_rows(sheet: Sheet, kind: str, items: list[dict], known_partners: set[str] | None
               ) -> tuple[list, list[Problem]]:
    """Every row as (id, new item, typed values); the problems of the sheet, each at its cell."""
    model = SHEETS[kind]
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
            problems.append(CellProblem(sheet.label, number, id_col, "column 'id': every row needs an id (lowercase "
                                        "letters, digits and hyphens, e.g. land-bank)"))
            continue
        if row_id in seen:
            problems.append(CellProblem(sheet.label, number, id_col, f"column 'id': '{row_id}' is also the id on row "
                                        f"{seen[row_id]}; give each {kind[:-1]} its own id, or keep one of the rows"))
            continue
        seen[row_id] = number
        item, where = row_item(row, cols, model, existing.get(row_id))
        loaded = Loaded(pathlib.Path(sheet.label), sheet.label, item,
                        positions={(): (number, id_col), **{loc: (number, col) for loc, col in where.items()}})
        found: list[Problem] = []
        checked = validate(loaded, model, found)
        problems += [sheet_problem(problem, sheet, kind) for problem in found]
        if checked is None:
            continue
        if known_partners is not None and kind == "programs" and checked.provider not in known_partners:
            close = difflib.get_close_matches(checked.provider, sorted(known_partners), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else "; add the partner to partners.yaml first"
            col = next((c for c, spec in cols.known.items() if spec == ("provider",)), id_col)
            problems.append(CellProblem(sheet.label, number, col,
                                        f"column 'provider': no partner has the id '{checked.provider}'{hint}"))
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
    noun = NESTED_NOUNS.get(nested.group(1), kind[:-1]) if nested else kind[:-1]
    if wanted in sheet.header:
        return CellProblem(problem.path, problem.line, sheet.header.index(wanted) + 1,
                           f"column '{wanted}' is empty, but every {noun} needs one; fill it in")
    return CellProblem(problem.path, problem.line, problem.column,
                       f"there is no column '{wanted}', which every new {noun} needs; add the column and fill it in")


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


def merge(node: CommentedMap, new: dict, model: type[BaseModel]) -> bool:
    """Change node to hold new, touching only the keys whose cells differ; True when something changed."""
    changed = False
    for key in [k for k in list(node) if str(k) in model.model_fields and str(k) not in new]:
        if meaningful({key: plain(node[key])}):      # 'situations: []' and no situations say the same: kept
            del node[key]
            changed = True
    for key, value in new.items():
        old = node.get(key)
        if key in NESTED and isinstance(old, CommentedSeq) and isinstance(value, list):
            inner = NESTED[key][1]
            for i, entry in enumerate(value):
                if i < len(old) and isinstance(old[i], CommentedMap):
                    changed = merge(old[i], entry, inner) or changed
                else:
                    old.append(yaml_value(entry))
                    changed = True
            while len(old) > len(value):
                del old[-1]
                changed = True
        elif key not in node or cell(plain(old)) != cell(value):
            set_key(node, key, yaml_value(value), list(model.model_fields))
            changed = True
    return changed


def import_sheet(root: pathlib.Path, kind: str, sheet_path: pathlib.Path,
                 partners: set[str] | None = None) -> Imported:
    """Check every row of the sheet and merge it into ROOT/<kind>.yaml; raises EditionError, changing nothing."""
    sheet = read_sheet(sheet_path)
    path = root / f"{kind}.yaml"
    items, _ = read_items(path, kind)
    rows, problems = check_rows(sheet, kind, items, partners)
    if any(problem.severity == "error" for problem in problems):
        raise EditionError(problems)
    model = SHEETS[kind]
    existing = {str(item.get("id")): item for item in items}
    result = Imported(warnings=problems)
    rows = [(row_id, typed(item, checked)) for row_id, item, checked in rows]
    if all(row_id in existing and meaningful(cells(existing[row_id])) == meaningful(cells(values))
           for row_id, values in rows):
        result.unchanged = len(rows)            # the usual case after an export: the slow round trip is not needed
        return result
    data = read_data(path, kind)
    nodes = {str(item.get("id")): item for item in data.items if isinstance(item, dict)}
    spaced = re.search(r"\n[ \t]*\n[ \t]*- ", data.text) is not None    # items parted by a blank line: so are new ones
    for row_id, values in rows:
        if row_id in nodes:
            if merge(nodes[row_id], values, model):
                result.updated += 1
            else:
                result.unchanged += 1
        else:
            node = CommentedMap()
            for key in model.model_fields:
                if key in values:
                    node[key] = yaml_value(values[key])
            data.items.append(node)
            if spaced:
                data.items.yaml_set_comment_before_after_key(len(data.items) - 1, before="\n",
                                                             indent=data.yaml.sequence_dash_offset)
            nodes[row_id] = node
            result.added += 1
    if result.added or result.updated:
        out = io.StringIO()
        data.yaml.dump(data.root, out)
        text = out.getvalue()
        if text != data.text:
            write_atomically(path, text)
            result.written = True
    return result


def write_atomically(path: pathlib.Path, content: str | bytes) -> None:
    """Replace path by content in one rename: a reader sees the old file or the new one, never half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)   # as the file was
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- export

def export_sheet(root: pathlib.Path, kind: str, out: pathlib.Path) -> int:
    """Write ROOT/<kind>.yaml as a sheet (.csv or .xlsx, by out's name); the number of rows written."""
    items, loaded = read_items(root / f"{kind}.yaml", kind)
    problems = []
    for i, item in enumerate(items):
        for key, value in item.items():
            for j, part in enumerate(value if isinstance(value, list) else []):
                if not isinstance(part, dict) and ";" in cell(part):
                    problems.append(Problem(*loaded.locate((kind, i, key, j)), f"this item of '{key}' has a ';', "
                                            "which the sheet puts between items; write it with a comma instead"))
    if problems:
        raise EditionError(problems)
    names = columns(SHEETS[kind], items)
    rows = [[cells(item).get(name, "") for name in names] for item in items]
    suffix = out.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([[inert(value) for value in row] for row in rows])
        write_atomically(out, "\ufeff" + buffer.getvalue())     # with the mark Excel needs to read UTF-8
    elif suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = kind
        sheet.append(names)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for one in line:
                one.data_type = "s"           # text, never a formula: a cell starting with '=' stays text
                one.number_format = "@"
                if isinstance(one.value, str) and one.value.startswith(FORMULA_STARTS):
                    one.quotePrefix = True    # and Excel shows it as text even when the cell is edited
        sheet.freeze_panes = "A2"
        saved = io.BytesIO()
        book.save(saved)
        write_atomically(out, saved.getvalue())
    else:
        raise ValueError(f"{out}: a spreadsheet must be a .csv or an .xlsx file")
    return len(rows)
