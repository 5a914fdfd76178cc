"""Fixtures of the edition tests: a copy of each real edition to break on purpose."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from handbook import cli
from helpers import DATA, ROOT, fill_fixmes

# The sample, the three cities and a fresh `handbook new` with its FIXMEs filled in.
EDITIONS = ["data", "cleveland", "carlsbad", "lees-summit", "fresh"]


@pytest.fixture(scope="session")
def originals(tmp_path_factory) -> dict[str, pathlib.Path]:
    fresh = tmp_path_factory.mktemp("fresh") / "fresh"
    assert cli.main(["new", str(fresh), "--name", "City of Testing"]) == 0
    fill_fixmes(fresh)
    return {"data": DATA, "fresh": fresh, **{p.name: p for p in (ROOT / "examples").iterdir() if p.is_dir()}}


@pytest.fixture(params=EDITIONS)
def each_edition(request, originals, tmp_path) -> pathlib.Path:
    """A copy of each real edition in turn, to change."""
    target = tmp_path / request.param
    shutil.copytree(originals[request.param], target)
    return target
