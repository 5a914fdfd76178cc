"""Skip a build when nothing it depends on has changed since the last one.

After a successful build, out/.handbook-build.json records a fingerprint of everything the output
depends on: the data folder, docs/, mkdocs.yml, the code and templates of handbook/ and macros/,
the versions of the packages that render, the audiences, whether PDFs were made, and today's date
(pages flag data that is due for a check). The next build with the same fingerprint, whose output
folders are still as that build left them, has nothing to do.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import pathlib

from ..paths import PACKAGE, PROJECT

STAMP = ".handbook-build.json"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "weasyprint", "Jinja2", "Markdown")


def _files(folder: pathlib.Path):
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def fingerprint(data_dir: pathlib.Path, config_file: pathlib.Path, audiences: list[str], pdf: bool) -> str:
    """A digest of every input of a build."""
    digest = hashlib.sha256()
    digest.update(json.dumps([sorted(audiences), pdf, dt.date.today().isoformat(),
                              [_version(p) for p in PACKAGES]]).encode())
    folders = [pathlib.Path(data_dir), config_file.parent / "docs", PACKAGE, PROJECT / "macros"]
    for path in [config_file] + [f for folder in folders for f in _files(folder)]:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _outputs(out: pathlib.Path, audiences: list[str]) -> list:
    """Every output file with its size and time: changes when anyone touches the output."""
    return [[str(p.relative_to(out)), p.stat().st_size, p.stat().st_mtime_ns]
            for audience in sorted(audiences) for p in _files(out / audience)]


def up_to_date(out: pathlib.Path, audiences: list[str], print_: str) -> bool:
    """True when out/ holds the output of a build with this fingerprint, untouched since."""
    try:
        recorded = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (recorded.get("fingerprint") == print_ and all((out / a).is_dir() for a in audiences)
            and recorded.get("outputs") == _outputs(out, audiences))


def record(out: pathlib.Path, audiences: list[str], print_: str) -> None:
    """Remember the fingerprint and the output of the build that has just finished."""
    stamp = {"fingerprint": print_, "outputs": _outputs(out, audiences)}
    (out / STAMP).write_text(json.dumps(stamp), encoding="utf-8")


def forget(out: pathlib.Path) -> None:
    """Drop the record (before a build starts to change out/)."""
    (out / STAMP).unlink(missing_ok=True)
