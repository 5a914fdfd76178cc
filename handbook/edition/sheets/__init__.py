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

import pathlib
import re
from dataclasses import dataclass, field

from ...atomic import write_atomically
from ...problems import EditionError, Problem
from .. import kinds
from ..files import label
from ..yamlfile import Loaded, load_yaml
from .rows import cell, cells, check_rows, columns, meaningful, row_model, typed
from .spreadsheet import read_sheet, write_sheet
from .yamledit import add_item, dumped, merge, read_data


@dataclass
class Imported:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    warnings: list[Problem] = field(default_factory=list)  # at cells of the sheet (an ignored column)


def data_path(root: pathlib.Path, kind: str) -> pathlib.Path:
    """The data file a sheet of the kind is read into and written from: ROOT/partners.yaml."""
    return root / kinds.sheets()[kind].pattern


def read_items(path: pathlib.Path, kind: str) -> tuple[list[dict], Loaded | None]:
    """The items of partners.yaml or programs.yaml as `handbook check` reads them (fast; no layout kept)."""
    if not path.exists():
        return [], None
    try:
        loaded = load_yaml(path, label(path))
    except Problem as problem:
        raise EditionError([problem]) from None
    data = loaded.data if loaded.data is not None else {}
    key = kinds.sheets()[kind].unwrap
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(items, (list, type(None))):
        raise EditionError(
            [Problem(*loaded.locate((key,)), f"expected a list of {key} here; run handbook check and fix it first")]
        )
    return [item if isinstance(item, dict) else {} for item in items or []], loaded


def import_sheet(root: pathlib.Path, kind: str, sheet_path: pathlib.Path, partners: set[str] | None = None) -> Imported:
    """Check every row of the sheet and merge it into ROOT/<kind>.yaml; raises EditionError, changing nothing."""
    sheet = read_sheet(sheet_path)
    path = data_path(root, kind)
    items, _ = read_items(path, kind)
    rows, problems = check_rows(sheet, kind, items, partners)
    if any(problem.severity == "error" for problem in problems):
        raise EditionError(problems)
    model = row_model(kind)
    existing = {str(item.get("id")): item for item in items}
    result = Imported(warnings=problems)
    rows = [(row_id, typed(item, checked)) for row_id, item, checked in rows]
    if all(
        row_id in existing and meaningful(cells(existing[row_id])) == meaningful(cells(values))
        for row_id, values in rows
    ):
        result.unchanged = len(rows)  # the usual case after an export: the slow round trip is not needed
        return result
    data = read_data(path, kinds.sheets()[kind].unwrap)
    nodes = {str(item.get("id")): item for item in data.items if isinstance(item, dict)}
    spaced = re.search(r"\n[ \t]*\n[ \t]*- ", data.text) is not None  # items parted by a blank line: so are new ones
    for row_id, values in rows:
        if row_id in nodes:
            if merge(nodes[row_id], values, model):
                result.updated += 1
            else:
                result.unchanged += 1
        else:
            nodes[row_id] = add_item(data, values, model, spaced)
            result.added += 1
    if result.added or result.updated:
        text = dumped(data)
        if text != data.text:
            write_atomically(path, text)
            result.written = True
    return result


def export_sheet(root: pathlib.Path, kind: str, out: pathlib.Path) -> int:
    """Write ROOT/<kind>.yaml as a sheet (.csv or .xlsx, by out's name); the number of rows written."""
    items, loaded = read_items(data_path(root, kind), kind)
    key_of_list = kinds.sheets()[kind].unwrap
    problems = []
    for i, item in enumerate(items):
        for key, value in item.items():
            for j, part in enumerate(value if isinstance(value, list) else []):
                if not isinstance(part, dict) and ";" in cell(part):
                    problems.append(
                        Problem(
                            *loaded.locate((key_of_list, i, key, j)),
                            f"this item of '{key}' has a ';', "
                            "which the sheet puts between items; write it with a comma instead",
                        )
                    )
    if problems:
        raise EditionError(problems)
    names = columns(row_model(kind), items)
    rows = [[cells(item).get(name, "") for name in names] for item in items]
    write_sheet(out, kind, names, rows)
    return len(rows)
