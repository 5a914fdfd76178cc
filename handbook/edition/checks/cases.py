"""cases.yaml: the case exports it names and the categories it maps them to."""

from __future__ import annotations

import os
import pathlib

from ... import safeopen
from ...problems import Problem
from .. import models as m
from ..edition import Edition
from ..files import export_path
from ..files import label as file_label
from .refs import check_ref

EXPORT_SUFFIXES = (".csv", ".xlsx", ".parquet")


def check_cases(edition: Edition, categories: set[str], problems: list[Problem]) -> None:
    """cases.yaml: each export file exists inside its edition folder; each mapped category exists."""
    for loaded in edition.sources.get("cases", []):
        for i, name in enumerate(edition.cases.files):
            at = loaded.locate(("files", i))
            folder = loaded.source(("files", i)).path.parent
            path = export_path(loaded, i)
            if pathlib.PurePath(name).is_absolute() or not path.is_relative_to(os.path.abspath(folder)):
                problems.append(
                    Problem(
                        *at,
                        f"'{name}' is outside the edition's folder; put the export in the "
                        "edition's folder (e.g. exports/) and write its path from cases.yaml",
                    )
                )
            elif path.suffix.lower() not in EXPORT_SUFFIXES:
                problems.append(
                    Problem(*at, f"'{name}' is not a CSV, XLSX or Parquet file; export the cases as CSV or XLSX")
                )
            elif not os.path.lexists(path):
                problems.append(
                    Problem(
                        *at, f"there is no file '{name}' next to cases.yaml; check the name, or export the cases again"
                    )
                )
            else:
                try:  # a link, a FIFO or a device on the way: an error at its own path
                    os.close(safeopen.open_file(path, folder, file_label(path), "case export"))
                except Problem as problem:
                    problems.append(problem)
        for name, category in edition.cases.categories.items():
            if category != m.SKIP:
                check_ref(category, categories, "category", loaded.locate(("categories", name)), problems)
