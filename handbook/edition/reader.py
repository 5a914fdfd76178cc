"""Load an edition's data folder into a validated Edition, reporting every problem with its place.

The steps: read the files of every kind (files.py), merge them over the base edition the folder
extends (overlay.py), note the FIXMEs a new edition still has (scaffold.py), validate each file
against its model (validate.py), read the department's own pages (own_pages.py), then run every
rule across files (checks.py).
"""
from __future__ import annotations

import datetime as dt
import pathlib

from ..problems import EditionError, Problem
from . import kinds, overlay, scaffold
from .checks import check
from .edition import Edition
from .files import label, paths_of, read_files
from .own_pages import load_pages
from .validate import validate
from .yamlfile import Loaded


def load_edition(root: pathlib.Path | str, today: dt.date | None = None) -> Edition:
    """Load and check the edition in root; raise EditionError listing every error found."""
    root = pathlib.Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise EditionError([Problem(label(root), 1, 1, "no such data folder")])
    if not (root / "jurisdiction.yaml").exists():
        raise EditionError([Problem(label(root / "jurisdiction.yaml"), 1, 1,
                                    "an edition needs a jurisdiction.yaml (run 'handbook new' to start one)")])
    files = read_files(root, problems)
    jurisdiction = label(root / "jurisdiction.yaml")
    if any(p.path == jurisdiction and p.severity == "error" for p in problems):
        # without jurisdiction.yaml the base edition is unknown: other files' errors would be false ones
        raise EditionError([p for p in problems if p.path == jurisdiction and p.severity == "error"])
    read = len(problems)
    files = overlay.apply(root, files, problems)
    if any(p.severity == "error" for p in problems[read:]):
        raise EditionError([p for p in problems if p.severity == "error"])
    problems += scaffold.todo_warnings(files)
    edition = assemble(root, files, problems)
    pages = load_pages(root, problems)
    if edition is not None:
        edition.pages = pages
    if edition is None or any(p.severity == "error" for p in problems):
        raise EditionError([p for p in problems if p.severity == "error"])
    check(edition, problems, today or dt.date.today())
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise EditionError(errors)
    edition.warnings = sorted(p for p in problems if p.severity == "warning")
    return edition


def assemble(root: pathlib.Path, files: dict[str, list[Loaded]], problems: list[Problem]) -> Edition | None:
    """Validate each file against its kind's model and put the edition together."""
    parts: dict[str, object] = {}
    failed = False
    for kind in kinds.KINDS:
        found = [validate(loaded, kind.model, problems) for loaded in files.get(kind.name, [])]
        failed = failed or None in found
        if kind.one_per_file:
            parts[kind.name] = found
        elif found:
            parts[kind.name] = found[0]
        elif kind.name != "jurisdiction":
            parts[kind.name] = kind.model()
    if failed or "jurisdiction" not in parts:
        return None
    if not parts["modules"]:
        if not any((root / "modules").glob("*.yaml")):
            problems.append(Problem(label(root / "modules"), 1, 1, "an edition needs at least one module file in modules/"))
        return None
    order = sorted(range(len(parts["modules"])), key=lambda i: parts["modules"][i].number)
    files["modules"] = [files["modules"][i] for i in order]
    parts["modules"] = [parts["modules"][i] for i in order]
    for kind in kinds.KINDS:
        if kind.unwrap:
            parts[kind.name] = getattr(parts[kind.name], kind.unwrap)
    own = {name: value for name, value in parts.items() if name in Edition.__dataclass_fields__}
    more = {name: value for name, value in parts.items() if name not in own}
    return Edition(root=root, sources=files, more=more, **own)


# --------------------------------------------------------------------------- one load per change

_CACHE: dict[str, tuple[tuple, Edition]] = {}


def _stamp(root: pathlib.Path) -> tuple:
    """The data files (and department pages) of root and of every base it extends, with their times and sizes."""
    files = [p for folder in overlay.roots(root)
             for p in (*(p for kind in kinds.KINDS for p in paths_of(folder, kind)), *folder.glob("pages/*.md"))]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()))


def load_edition_cached(root: pathlib.Path | str) -> Edition:
    """load_edition, reused while no data file changed (MkDocs hooks and macros share one load)."""
    root = pathlib.Path(root)
    key = str(root.resolve())
    stamp = _stamp(root) if root.is_dir() else ()
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    edition = load_edition(root)
    _CACHE[key] = (stamp, edition)
    return edition
