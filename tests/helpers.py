"""What many tests share: the project's folders and a way to write a data file. Fixtures are in conftest.py."""
from __future__ import annotations

import pathlib
import re
import textwrap

TESTS = pathlib.Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = ROOT / "data"
FIXTURES = TESTS / "fixtures"
HOSTILE = TESTS / "hostile"


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    """Write dedented text to path (creating folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def fill_fixmes(edition: pathlib.Path) -> None:
    """What a keeper does with a new edition: write a real value wherever it says FIXME, and nothing else."""
    for path in edition.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'"FIXME: ([^"]*)"', lambda m: '"' + m.group(1)[0].upper() + m.group(1)[1:] + '"', text)
        path.write_text(re.sub(r"FIXME: ?", "", text), encoding="utf-8")
