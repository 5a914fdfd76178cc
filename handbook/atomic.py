"""Replacing a file in one rename: a reader (another build, Excel, the next command) sees the old file or the new
one, never half of either, and a failed or killed write leaves the old one as it was."""

from __future__ import annotations

import contextlib
import os
import pathlib
import tempfile


def _temporary(path: pathlib.Path) -> tuple[int, str]:
    """A new file beside path (a hidden name that a build's clean-up recognises by its .tmp), open."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


@contextlib.contextmanager
def _finishing(path: pathlib.Path, temporary: str):
    try:
        yield
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # as the file was
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def replacing(path: str | os.PathLike):
    """A temporary path beside path for the block to write (WeasyPrint, pikepdf); when the block ends well it
    replaces path (with path's permissions, or 0o644 for a new file), else it is removed and path stays."""
    path = pathlib.Path(path)
    handle, temporary = _temporary(path)
    os.close(handle)
    with _finishing(path, temporary):
        yield temporary


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """Replace path by content (text as UTF-8) in one rename."""
    path = pathlib.Path(path)
    handle, temporary = _temporary(path)
    with _finishing(path, temporary), os.fdopen(handle, "wb") as file:
        file.write(content.encode("utf-8") if isinstance(content, str) else content)
