"""handbook.atomic: every file the handbook writes (sheets, YAML, PDFs, the cache, the build stamp) is replaced
in one rename, and a write that fails leaves the old file and nothing beside it."""

from __future__ import annotations

import os

import pytest

from handbook import atomic, text


def test_a_write_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "partners.yaml"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    atomic.write_atomically(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓" and target.stat().st_mode & 0o777 == 0o600
    atomic.write_atomically(tmp_path / "new.csv", b"a,b")
    assert (tmp_path / "new.csv").read_bytes() == b"a,b" and (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "partners.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "handbook.pdf"
    target.write_bytes(b"%PDF old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as part:
        with open(part, "wb") as file:
            file.write(b"%PDF half")
        raise RuntimeError("killed while writing")
    assert target.read_bytes() == b"%PDF old" and [p.name for p in tmp_path.iterdir()] == ["handbook.pdf"]
    with atomic.replacing(target) as part:
        with open(part, "wb") as file:
            file.write(b"%PDF new")
        assert target.read_bytes() == b"%PDF old"  # not until the block ends
    assert target.read_bytes() == b"%PDF new" and [p.name for p in tmp_path.iterdir()] == ["handbook.pdf"]


def test_column_letters_as_a_spreadsheet_names_them():
    assert [text.column_letter(n) for n in (1, 2, 26, 27, 52, 53, 702, 703, 16384)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
        "XFD",
    ]
