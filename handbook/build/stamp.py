"""Skip a build when nothing it depends on has changed since the last one.

The fingerprint covers every input of the output: each data file and department page of the edition
and of every base it extends (national/ included), the package's code, templates and assets,
docs/ (theme overrides and site assets), mkdocs.yml, the versions of the packages that render,
the audiences, whether PDFs are made, and today's date (pages flag data that is due for a check).
It reads only files an edition can use (never a scan left in the data folder), and hashes a file's
bytes only when its size or modification time changed since the last build: a small index of
(size, mtime) -> hash lives in the cache folder, as build tools keep one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import pathlib

from .. import safeopen
from ..atomic import write_atomically
from ..cases.exports import export_files
from ..edition import kinds
from ..edition.files import paths_of
from ..edition.overlay import roots
from ..paths import CONFIG, DOCS, PACKAGE

STAMP = ".handbook-build.json"
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "weasyprint",
    "Jinja2",
    "Markdown",
    "markdown-it-py",
    "nh3",
    "pydantic",
    "PyYAML",
)


def _tree(folder: pathlib.Path) -> list[pathlib.Path]:
    """Every file below folder (the package, docs/), leaving out caches."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def edition_files(data_dir: pathlib.Path) -> list[pathlib.Path]:
    """The files an edition (and each base it extends) can use: its data files and its pages."""
    found = []
    for root in roots(pathlib.Path(data_dir)):
        for kind in kinds.KINDS:
            found += [p for p in paths_of(root, kind) if p.is_file()]
        found += export_files(root)
        pages = root / "pages"
        if pages.is_dir():
            found += sorted(p for p in pages.glob("*.md") if p.is_file())
    return found


def inputs(data_dir: pathlib.Path, config_file: pathlib.Path = CONFIG) -> list[pathlib.Path]:
    """Every input file of a build of data_dir."""
    return [config_file, *edition_files(data_dir), *_tree(PACKAGE), *_tree(DOCS)]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


class Index:
    """path -> [size, mtime_ns, sha256], kept between builds so unchanged files are not read again."""

    def __init__(self, path: pathlib.Path | None):
        self.path = path
        self.entries: dict[str, list] = {}
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                self.entries = json.loads(path.read_text(encoding="utf-8"))

    def digest(self, file: pathlib.Path) -> str:
        info = file.stat()
        key = str(file.resolve())
        known = self.entries.get(key)
        if known and known[0] == info.st_size and known[1] == info.st_mtime_ns:
            return known[2]
        digest = safeopen.digest(file)  # never through a link, never a FIFO (the load reports them)
        self.entries[key] = [info.st_size, info.st_mtime_ns, digest]
        return digest

    def save(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.entries))


def fingerprint(
    data_dir: pathlib.Path,
    config_file: pathlib.Path,
    audiences: list[str],
    pdf: bool,
    cache_dir: pathlib.Path | None = None,
    strict: object = False,
) -> str:
    """A digest of every input of a build."""
    index = Index(cache_dir / "inputs.json" if cache_dir else None)
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            [sorted(audiences), pdf, strict, dt.date.today().isoformat(), [_version(p) for p in PACKAGES]]
        ).encode()
    )
    for path in inputs(data_dir, config_file):
        digest.update(str(path.resolve()).encode() + b"\0" + index.digest(path).encode() + b"\0")
    index.save()
    return digest.hexdigest()


def outputs(build_dir: pathlib.Path) -> list:
    """Every output file with its size and time: changes when anyone touches the output."""
    return [[str(p.relative_to(build_dir)), p.stat().st_size, p.stat().st_mtime_ns] for p in _tree(build_dir)]


def read(out: pathlib.Path) -> dict:
    """What the last build recorded in out/ ({} when nothing was, or it cannot be read)."""
    try:
        recorded = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def write(out: pathlib.Path, record: dict) -> None:
    """Record a finished build (atomically: a killed build never leaves half a record)."""
    write_atomically(out / STAMP, json.dumps(record))
