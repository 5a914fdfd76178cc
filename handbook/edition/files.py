"""Finding and reading an edition folder's data files, grouped by kind (the table in kinds.py)."""

from __future__ import annotations

import os
import pathlib
import stat

from .. import safeopen
from ..paths import NATIONAL, NATIONAL_NAME
from ..problems import Problem
from . import kinds
from .yamlfile import Loaded, load_yaml


def label(path: pathlib.Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def export_path(loaded: Loaded, index: int) -> pathlib.Path:
    """The export file named by files[index] of cases.yaml: relative to the cases.yaml that wrote it."""
    written = loaded.source(("files", index))
    return pathlib.Path(os.path.abspath(written.path.parent / str(loaded.data["files"][index])))


def base_label(path: pathlib.Path | str) -> str:
    """A base edition's file or folder in a message: 'national/...' for the national base, else as label()."""
    path = pathlib.Path(path)
    if path.resolve().is_relative_to(NATIONAL.resolve()):
        return str(pathlib.PurePosixPath(NATIONAL_NAME, *path.resolve().relative_to(NATIONAL.resolve()).parts))
    return label(path)


def edition_label(path: pathlib.Path | str, root: pathlib.Path) -> str:
    """A file's name as a keeper of the edition in root knows it, never an absolute path: 'national/...'
    for the national base, else relative to the edition ('modules/04-x.yaml', '../state/partners.yaml')."""
    path = pathlib.Path(path).resolve()
    if path.is_relative_to(NATIONAL.resolve()):
        return base_label(path)
    try:
        return pathlib.Path(os.path.relpath(path, pathlib.Path(root).resolve())).as_posix()
    except ValueError:  # another drive (Windows): the name alone
        return path.name


def paths_of(root: pathlib.Path, kind) -> list[pathlib.Path]:
    """The files of one kind in an edition folder, in name order (none when the folder cannot be read)."""
    if kind.one_per_file:
        try:
            return sorted((root / kind.folder).glob(kind.pattern.split("/", 1)[1]))
        except OSError:
            return []
    return [root / kind.pattern]


def folder_problem(folder: pathlib.Path, root: pathlib.Path | None = None) -> Problem | None:
    """A problem when a folder of the edition in root exists but is a link, not a folder, or cannot be read
    (never taken for an empty one)."""
    return safeopen.folder_problem(folder, root if root is not None else folder.parent, label(folder))


def link_problem(path: pathlib.Path, root: pathlib.Path | None = None) -> Problem | None:
    """A problem for a symbolic link, or a device, FIFO or socket, at path (an edition holds neither)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return Problem(label(path), 1, 1, safeopen.link_words(path, root if root is not None else path.parent))
    if (what := safeopen.kind_words(info.st_mode)) is not None:
        return Problem(label(path), 1, 1, safeopen.special_words(what))
    return None


def read_files(root: pathlib.Path, problems: list[Problem]) -> dict[str, list[Loaded]]:
    """Read every data file of the folder, grouped by kind; unreadable files and folders, links and special
    files become problems (handbook.safeopen)."""
    result: dict[str, list[Loaded]] = {}
    for kind in kinds.KINDS:
        result[kind.name] = []
        if kind.one_per_file and (trouble := folder_problem(root / kind.folder, root)):
            problems.append(trouble)
            continue
        for path in paths_of(root, kind):
            if path.name.startswith("_"):
                continue
            if trouble := link_problem(path, root):
                problems.append(trouble)
                continue
            if not path.exists():
                continue
            try:
                result[kind.name].append(load_yaml(path, label(path), root))
            except Problem as problem:
                problems.append(problem)
    return result
