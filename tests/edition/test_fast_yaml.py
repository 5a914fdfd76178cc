"""The LibYAML reader gives the same data, positions and errors as the pure-Python one."""

from __future__ import annotations

import pytest

from handbook.edition import yamlfile as yamlload
from handbook.problems import Problem
from helpers import DATA, HOSTILE

CORPUS = sorted(HOSTILE.rglob("*.yaml"))


def _load(path, loader, monkeypatch):
    monkeypatch.setattr(yamlload, "_Loader", loader)
    try:
        loaded = yamlload.load_yaml(path)
        return loaded.data, loaded.positions, loaded.key_positions
    except Problem as problem:
        return str(problem)


def test_libyaml_is_used():
    assert yamlload._Loader is not yamlload._PythonLoader


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")) + CORPUS, ids=str)
def test_both_readers_agree(path, monkeypatch):
    fast = _load(path, yamlload._Loader, monkeypatch)
    slow = _load(path, yamlload._PythonLoader, monkeypatch)
    assert fast == slow
