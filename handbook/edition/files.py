"""Finding and reading an edition folder's data files, grouped by kind (the table in kinds.py)."""
from __future__ import annotations

import os
import pathlib

from ..problems import Problem
from . import kinds
from .yamlfile import Loaded, load_yaml


def label(path: pathlib.Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def paths_of(root: pathlib.Path, kind) -> list[pathlib.Path]:
    """The files of one kind in an edition folder, in name order."""
    if kind.one_per_file:
        return sorted((root / kind.folder).glob(kind.pattern.split("/", 1)[1]))
    return [root / kind.pattern]


def read_files(root: pathlib.Path, problems: list[Problem]) -> dict[str, list[Loaded]]:
    """Read every data file of the folder, grouped by kind; unreadable files become problems."""
    result: dict[str, list[Loaded]] = {}
    for kind in kinds.KINDS:
        result[kind.name] = []
        for path in paths_of(root, kind):
            if path.name.startswith("_") or not path.exists():
                continue
            try:
                result[kind.name].append(load_yaml(path, label(path)))
            except Problem as problem:
                problems.append(problem)
    return result
