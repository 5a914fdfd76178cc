"""`handbook new`: start an edition that extends a base, and list what is still to be filled in.

The new edition holds only what a department must write itself; everything else (the five
modules first of all) comes from its base. Values still to be written say FIXME, and every
FIXME still present is a warning from `handbook check`, with its path:line:column (the rule is
edition/checks/todo.py).
"""

from __future__ import annotations

import json
import os
import pathlib

import jinja2

from ..paths import NATIONAL_NAME, PROJECT, SCHEMAS, TEMPLATES
from .checks.todo import STILL_TO_FILL as STILL_TO_FILL  # the rule's words, which `build` looks for

SCAFFOLD = TEMPLATES / "scaffold"


class ScaffoldError(Exception):
    """The edition cannot be created there; the message says why."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SCAFFOLD)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml_text"] = lambda value: json.dumps(str(value), ensure_ascii=False)  # a quoted YAML string
    return env


def schema_line(target: pathlib.Path, name: str, root: pathlib.Path | None = None) -> str:
    """The first line of a data file: where an editor finds the file's JSON Schema.

    Relative when the edition sits inside the project (so both can move together); otherwise the
    schemas are copied into the edition's own _schemas/ folder (root/_schemas), never an absolute
    path of the machine that wrote the file.
    """
    folder = target.parent.resolve()
    if folder.is_relative_to(PROJECT) or root is None:
        schema = SCHEMAS / f"{name}.schema.json"
    else:
        schema = pathlib.Path(root).resolve() / "_schemas" / f"{name}.schema.json"
    return f"# yaml-language-server: $schema={pathlib.Path(os.path.relpath(schema, folder)).as_posix()}"


def extends_value(target: pathlib.Path, base: str) -> str:
    """What the new jurisdiction.yaml says after `extends:`: 'national', or the base's path from the edition."""
    if base.strip() == NATIONAL_NAME:
        return NATIONAL_NAME
    folder = pathlib.Path(base)
    if not (folder / "jurisdiction.yaml").is_file() and not (folder / "modules").is_dir():
        raise ScaffoldError(f"--extends {base}: no edition there (no jurisdiction.yaml or modules/)")
    return pathlib.Path(os.path.relpath(folder.resolve(), target.resolve())).as_posix()


def new_edition(target: pathlib.Path, name: str, base: str = NATIONAL_NAME) -> list[pathlib.Path]:
    """Write a minimal edition into target (a new or empty folder); return the files written."""
    target = pathlib.Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not empty; choose a new folder")
    if not name.strip():
        raise ScaffoldError("--name must not be empty")
    extends = extends_value(target, base)
    env = _environment()
    written = []
    if not target.resolve().is_relative_to(PROJECT):  # editors find the schemas beside the data
        (target / "_schemas").mkdir(parents=True, exist_ok=True)
        for schema in sorted(SCHEMAS.glob("*.schema.json")):
            (target / "_schemas" / schema.name).write_text(schema.read_text(encoding="utf-8"), encoding="utf-8")
    for template in sorted([*SCAFFOLD.rglob("*.yaml.j2"), *SCAFFOLD.rglob("*.md.j2")]):
        relative = template.relative_to(SCAFFOLD).with_suffix("")
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        body = env.get_template(relative.as_posix() + ".j2").render(
            name=name.strip(), extends=extends, schema=lambda kind, path=path: schema_line(path, kind, target)
        )
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written
