"""What many tests share: the project's folders and a way to write a data file. Fixtures are in conftest.py."""
from __future__ import annotations

import pathlib
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
