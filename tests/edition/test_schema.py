"""Editor schemas: generated from the models, committed in schemas/, and true to every data file."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml

from handbook.edition import schema
from helpers import ROOT

DATA_FILES = sorted(p for folder in ("data", "national", "examples") for p in (ROOT / folder).rglob("*.yaml"))


def test_committed_schemas_match_the_models():
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == schema.generate(), "the models changed: run `handbook schema` and commit schemas/"


def test_handbook_schema_writes_every_schema(run, tmp_path):
    code, out, err = run("schema", "--out", tmp_path)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.schema.json" for name in schema.files())
    assert json.loads((tmp_path / "module.schema.json").read_text())["$defs"]["MinutesRange"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 1,
    }


def _plain(value):
    """YAML data as an editor's YAML server sees it: dates are text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_names_a_schema_it_satisfies(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: the first line should name the file's schema"
    target = (path.parent / match.group(1)).resolve()
    assert target.parent == ROOT / "schemas" and target.is_file()
    errors = list(
        jsonschema.Draft202012Validator(json.loads(target.read_text())).iter_errors(
            _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        )
    )
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


def test_the_schema_catches_a_misspelt_key_and_a_wrong_time_limit():
    validator = jsonschema.Draft202012Validator(schema.schema(schema.files()["process"], "process"))
    assert not list(validator.iter_errors({"categories": [{"id": "c1", "initial_response": "24 hours"}]}))
    assert list(validator.iter_errors({"categories": [{"id": "c1", "initial_response": "a day"}]}))
    assert list(validator.iter_errors({"case_sytem": "EnerGov"}))
