"""The annual report PDF: the year's workload, targets met, education and license trends, with charts."""
from __future__ import annotations

import pathlib

from ..cases.exports import Export
from ..edition import Edition


def write(edition: Edition, export: Export, year: int, target: pathlib.Path) -> None:
    raise NotImplementedError
