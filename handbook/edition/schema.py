"""JSON Schemas for the data files, generated from the pydantic models, for editors.

An editor with the YAML language server reads the first line of each data file
(`# yaml-language-server: $schema=../schemas/partners.schema.json`) and then completes keys,
shows each key's description and underlines mistakes while the file is typed. The schemas are
generated, never edited: `handbook schema` writes them into schemas/, and a test checks that the
committed files match the models.

Two things differ from the models on purpose. Values the models accept in a short form
(minutes `60-75`, time limits `2 business days`) are described in that form. And an item with an
`id` may be an override that writes only the keys it changes, so the schema does not insist on
its other keys (`handbook check` reports a missing key, with its file and line, after the merge).
"""

from __future__ import annotations

import json
import pathlib

from pydantic import BaseModel

from ..paths import SCHEMAS
from . import kinds

# Values the models read from a short form: the schema accepts the form people write.
_SHORT_FORMS = {
    "MinutesRange": (
        "minutes as a number (90) or a range (60-75)",
        [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\s*\d+\s*((-|–|to)\s*\d+\s*)?$"}],
    ),
    "Target": (
        "a time limit such as '24 hours', '1 business day' or '10 calendar days'",
        [{"type": "string", "pattern": r"^\s*\d+\s+(hours?|business[ _]days?|calendar[ _]days?)\s*$"}],
    ),
    "Step": (
        "a step: its text alone, or an id and its text (then an overlay can change or remove it)",
        [{"type": "string", "format": "markdown"}],
    ),
}
_REMOVE = {
    "type": "boolean",
    "description": "in an edition that extends a base: true drops the inherited item with this id",
}


def files() -> dict[str, type[BaseModel]]:
    """One schema per kind of data file, named as the files' first lines name them."""
    return {kind.schema: kind.model for kind in kinds.KINDS}


def schema(model: type[BaseModel], name: str) -> dict:
    """The JSON Schema of one kind of data file."""
    result = model.model_json_schema(by_alias=True)
    defs = result.get("$defs", {})
    for part in [result, *defs.values()]:
        if "id" in part.get("properties", {}):
            part["properties"]["remove"] = _REMOVE
            part.pop("required", None)
    for def_name, (description, forms) in _SHORT_FORMS.items():
        if def_name in defs:
            written_out = {k: v for k, v in defs[def_name].items() if k not in ("title", "description")}
            defs[def_name] = {"title": def_name, "description": description, "anyOf": [*forms, written_out]}
    return {"$id": f"{name}.schema.json", **result}


def generate() -> dict[str, str]:
    """File name -> JSON text, for every kind of data file."""
    return {
        f"{name}.schema.json": json.dumps(schema(model, name), indent=2, ensure_ascii=False) + "\n"
        for name, model in files().items()
    }


def write(out: pathlib.Path = SCHEMAS) -> list[pathlib.Path]:
    """Write every schema into out; return the paths written."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, body in generate().items():
        (out / file_name).write_text(body, encoding="utf-8")
        written.append(out / file_name)
    return written
