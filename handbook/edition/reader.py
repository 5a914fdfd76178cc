"""Load an edition's data folder into a validated Edition, reporting every problem with its place.

The steps: read the files of every kind (files.py), merge them over the base edition the folder
extends (overlay.py), validate each file against its model (validate.py), read the department's own
pages (own_pages.py), then run every rule (the checks package: across files, the FIXMEs a new edition
still has, what a department page will lose). When some files have key or type errors, the rules across files
still run on what is valid (validate.usable_part), so one run reports every problem it can find.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from ..problems import EditionError, Problem
from . import kinds, overlay
from .checks import check
from .edition import Edition
from .files import export_path, label, paths_of, read_files
from .own_pages import load_pages
from .validate import usable_part, validate
from .yamlfile import Loaded


def load_edition(root: pathlib.Path | str, today: dt.date | None = None) -> Edition:
    """Load and check the edition in root; raise EditionError listing every error found."""
    root = pathlib.Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise EditionError([Problem(label(root), 1, 1, "no such data folder")])
    if not (root / "jurisdiction.yaml").exists():
        raise EditionError(
            [
                Problem(
                    label(root / "jurisdiction.yaml"),
                    1,
                    1,
                    "an edition needs a jurisdiction.yaml (run 'handbook new' to start one)",
                )
            ]
        )
    files = read_files(root, problems)
    jurisdiction = label(root / "jurisdiction.yaml")
    if any(p.path == jurisdiction and p.severity == "error" for p in problems):
        # without jurisdiction.yaml the base edition is unknown: other files' errors would be false ones
        raise EditionError([p for p in problems if p.path == jurisdiction and p.severity == "error"])
    unreadable = any(p.severity == "error" for p in problems)
    local, read = files, len(problems)
    files = overlay.apply(root, files, problems)
    merging = [p for p in problems[read:] if p.severity == "error"]
    if any(p.path == jurisdiction for p in merging):
        # `extends` names no usable base: the files were not merged, so their errors would be false ones
        raise EditionError([p for p in problems if p.severity == "error"])
    unreadable = unreadable or any(not _inside(p.path, root) for p in merging)  # a base's file is broken
    edition = assemble(root, files, problems)
    pages = load_pages(root, problems)
    if edition is not None:
        edition.pages = pages
    failed = edition is None or any(p.severity == "error" for p in problems)
    if failed and not unreadable:
        # one pass reports every problem: the rules across files run on what is valid, so a wrong
        # partner id is reported together with an unknown key elsewhere (a file that could not be
        # read at all would make them report false ones, so then they wait)
        usable = edition or assemble(root, files, [], usable=True)
        if usable is not None:
            check(usable, problems, today or dt.date.today(), known=written_ids(local, files))
    if failed:
        raise EditionError([p for p in problems if p.severity == "error"])
    check(edition, problems, today or dt.date.today())
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise EditionError(errors)
    edition.warnings = sorted(p for p in problems if p.severity == "warning")
    return edition


def _inside(path: str, root: pathlib.Path) -> bool:
    return pathlib.Path(path).resolve().is_relative_to(root.resolve())


def written_ids(*groups: dict[str, list[Loaded]]) -> dict[str, set[str]]:
    """Every id written in the files, by noun (items that say `remove: true` left out)."""
    found: dict[str, set[str]] = {}
    for files in groups:
        for kind in kinds.KINDS:
            for collection in kind.collections:
                for loaded in files.get(kind.name, []):
                    data = loaded.data if isinstance(loaded.data, dict) else {}
                    items = [data] if kind.one_per_file else data.get(collection.key)
                    for item in items if isinstance(items, list) else []:
                        if (
                            isinstance(item, dict)
                            and isinstance(item.get("id"), str)
                            and item.get("remove") is not True
                        ):
                            found.setdefault(collection.noun, set()).add(item["id"])
    return found


def assemble(
    root: pathlib.Path, files: dict[str, list[Loaded]], problems: list[Problem], usable: bool = False
) -> Edition | None:
    """Validate each file against its kind's model and put the edition together.

    usable: put together what is valid instead, for the rules across files while errors are reported
    (broken list items and modules left out, see validate.usable_part); None when too much is broken."""
    parts: dict[str, object] = {}
    failed = False
    if usable:
        files = dict(files)
    for kind in kinds.KINDS:
        if usable:
            pairs = [
                usable_part(loaded, kind.model, kind.one_per_file, kind.name == "jurisdiction")
                for loaded in files.get(kind.name, [])
            ]
            if not kind.one_per_file and any(model is None for model, _ in pairs):
                return None
            pairs = [(model, loaded) for model, loaded in pairs if model is not None]
            files[kind.name] = [loaded for _, loaded in pairs]
            found = [model for model, _ in pairs]
        else:
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
    if not parts["modules"] and not usable:
        if not any((root / "modules").glob("*.yaml")):
            problems.append(
                Problem(label(root / "modules"), 1, 1, "an edition needs at least one module file in modules/")
            )
        return None
    order = sorted(range(len(parts["modules"])), key=lambda i: parts["modules"][i].number)
    files["modules"] = [files["modules"][i] for i in order]
    parts["modules"] = [parts["modules"][i] for i in order]
    for kind in kinds.KINDS:
        if kind.unwrap:
            parts[kind.name] = getattr(parts[kind.name], kind.unwrap)
    own = {name: value for name, value in parts.items() if name in Edition.__dataclass_fields__}
    more = {name: value for name, value in parts.items() if name not in own}
    edition = Edition(root=root, sources=files, more=more, **own)
    locate_exports(edition)
    return edition


def locate_exports(edition: Edition) -> None:
    """Where each case export cases.yaml names is on disk, and the folder it may be opened from (each relative
    to the cases.yaml that named it, a base's or the edition's own); the checks say what is wrong with one."""
    for loaded in edition.sources.get("cases", []):
        count = len(edition.cases.files)
        edition.cases.found_at(
            [export_path(loaded, i) for i in range(count)],
            [loaded.source(("files", i)).path.parent for i in range(count)],
        )


# --------------------------------------------------------------------------- one load per change

_CACHE: dict[str, tuple[tuple, Edition]] = {}


def _stamp(root: pathlib.Path) -> tuple:
    """The data files (and department pages) of root and of every base it extends, with their times and sizes."""
    files = [
        p
        for folder in overlay.roots(root)
        for p in (*(p for kind in kinds.KINDS for p in paths_of(folder, kind)), *folder.glob("pages/*.md"))
    ]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()))


def load_edition_cached(root: pathlib.Path | str) -> Edition:
    """load_edition, reused while no data file changed (`handbook serve` rebuilds on every change of any file)."""
    root = pathlib.Path(root)
    key = str(root.resolve())
    stamp = _stamp(root) if root.is_dir() else ()
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    edition = load_edition(root)
    _CACHE[key] = (stamp, edition)
    return edition
