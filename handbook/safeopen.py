"""The one way the handbook opens a file of an edition: regular files inside it, read with a size cap.

An edition is a folder someone may add files to without being trusted with the machine. So:

- No symbolic link anywhere below the edition's folder: every folder on the way down is opened with
  O_NOFOLLOW (relative to the one above it), and the file itself too. A link, wherever it leads, is
  an error at its path ("is a link to outside this edition; copy the file in instead"): a link that
  stays inside could be checked, but refusing every one is simpler to promise and to test, and an
  edition never needs one. The edition's own folder (named on the command line, or by `extends:`)
  may itself be reached through links.
- Regular files only: a device, a FIFO or a socket is refused after an lstat, before it is opened,
  and the file is opened with O_NONBLOCK and checked again (fstat) so a swapped-in FIFO never
  blocks and /dev/zero is never read.
- Every read stops at a cap (MAX_DATA for YAML and pages, MAX_WORKBOOK for a workbook); a larger
  file is an error, never read to its end.
- A workbook (.xlsx) is looked at as a zip before any XML of it is parsed: its members' declared
  sizes (MAX_UNZIPPED), its rows (MAX_ROWS), and no DOCTYPE or ENTITY in its XML (entity bombs).

Messages name the path and what is wrong with it; they never quote the file's content.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pathlib
import re
import stat
import zipfile

from .problems import Problem

MAX_DATA = 2 * 1024 * 1024  # a YAML data file or a department page (a few kilobytes in practice)
MAX_EXPORT = 4 * 1024**3  # a CSV or Parquet case export, read by DuckDB (ten million cases ~ 1.5 GB)
MAX_WORKBOOK = 64 * 1024 * 1024  # an .xlsx file as stored (a million cases take about 40 MB)
MAX_UNZIPPED = 1024 * 1024 * 1024  # the members of an .xlsx file together, unpacked
MAX_ROWS = 1_048_576  # Excel's own limit of rows in a sheet
UNSIZED = 8 * 1024 * 1024  # a sheet this large (unpacked) must declare its size (<dimension>)
LINK_FIX = "copy the file in instead"
FOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def megabytes(size: int) -> str:
    """A size as '50.0 MB' (or '4.2 GB')."""
    return f"{size / 1_048_576:.1f} MB" if size < 1024**3 else f"{size / 1024**3:.1f} GB"


def cap_words(cap: int) -> str:
    """A cap as '2 MB' or '4 GB'."""
    return f"{cap // 1_048_576} MB" if cap < 1024**3 else f"{cap // 1024**3} GB"


def kind_words(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is, in a keeper's words (None for those two)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "not a regular file"


def link_words(path: pathlib.Path, root: pathlib.Path | None) -> str:
    """The message for a symbolic link at path (an edition holds none)."""
    try:
        target = pathlib.Path(os.path.realpath(path))
        exists = os.path.exists(path)
    except (OSError, ValueError, RuntimeError):
        exists, target = False, None
    if not exists or target is None:
        return (
            "this is a link to a file that does not exist (or a link that leads back to itself); an edition "
            f"holds no links: {LINK_FIX}"
        )
    inside = root is not None and target.is_relative_to(os.path.realpath(root))
    if inside:
        return f"this is a link (an edition holds no links, not even to its own files); {LINK_FIX}"
    return f"this is a link to outside this edition; {LINK_FIX}"


def special_words(what: str) -> str:
    return f"this is {what}, not a file; an edition holds only regular files and folders: remove it"


def relative_parts(path: pathlib.Path, root: pathlib.Path) -> tuple[pathlib.Path, list[str]]:
    """(the folder the walk starts from, the names below it down to path)."""
    path, root = pathlib.Path(os.path.abspath(path)), pathlib.Path(os.path.abspath(root))
    if path == root or not path.is_relative_to(root):
        return path.parent, [path.name]
    return root, list(path.relative_to(root).parts)


def place(label: str | None, names: list[str], i: int, here: pathlib.Path) -> str:
    """The label of names[i] on the way to the file labelled label (as the keeper knows the file)."""
    if label is None:
        return str(here)
    written = pathlib.PurePath(label).parts
    if i == len(names) - 1:
        return label
    if len(written) >= len(names) and list(written[len(written) - len(names) :]) == names:
        return str(pathlib.PurePath(*written[: len(written) - (len(names) - 1 - i)]))
    return str(here)


def refuse(label: str, message: str) -> Problem:
    return Problem(label, 1, 1, message)


def open_folder(folder: pathlib.Path, root: pathlib.Path | None = None, label: str | None = None) -> int:
    """A descriptor of folder, every name below root opened without following a link; raises Problem."""
    folder = pathlib.Path(folder)
    same = root is None or os.path.abspath(folder) == os.path.abspath(root)
    start, names = (folder, []) if same else relative_parts(folder, root)
    return walk(start, names, label, root, folder=True)


def walk(
    start: pathlib.Path,
    names: list[str],
    label: str | None,
    root: pathlib.Path | None,
    folder: bool = False,
    what: str = "file",
) -> int:
    """Open start (links allowed: it is the edition's own folder), then each name below it with O_NOFOLLOW."""
    try:
        fd = os.open(start, os.O_RDONLY | DIRECTORY | CLOEXEC)
    except OSError as exc:
        raise refuse(label or str(start), f"cannot read this folder ({(exc.strerror or str(exc)).lower()})") from None
    here = start
    try:
        for i, name in enumerate(names):
            last = i == len(names) - 1
            here = here / name
            where = place(label, names, i, here)
            want_folder = folder or not last
            thing = "folder" if want_folder else what.split()[-1]
            try:
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                raise refuse(where, "there is no such file") from None
            except OSError as exc:
                raise refuse(where, f"cannot read this {thing} ({(exc.strerror or str(exc)).lower()})") from None
            if stat.S_ISLNK(info.st_mode):
                raise refuse(where, link_words(here, root))
            if (special := kind_words(info.st_mode)) is not None:
                raise refuse(where, special_words(special))
            if want_folder and not stat.S_ISDIR(info.st_mode):
                raise refuse(where, "this is a file where a folder is expected; remove it or rename it")
            if not want_folder and stat.S_ISDIR(info.st_mode):
                raise refuse(where, "this is a folder, not a file; remove it or rename it")
            flags = os.O_RDONLY | FOLLOW | NONBLOCK | CLOEXEC | (DIRECTORY if want_folder else 0)
            try:
                opened = os.open(name, flags, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (getattr(os, "ELOOP", -1), getattr(os, "EMLINK", -1)):  # swapped for a link
                    raise refuse(where, link_words(here, root)) from None
                raise refuse(
                    where,
                    f"cannot read this {thing} ({(exc.strerror or str(exc)).lower()}); check that you may read it",
                ) from None
            os.close(fd)
            fd = opened
            now = os.fstat(fd)
            if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino) or kind_words(now.st_mode) is not None:
                raise refuse(where, "this file was replaced while it was being opened; build again")
        return fd
    except BaseException:
        os.close(fd)
        raise


def open_file(
    path: pathlib.Path, root: pathlib.Path | None = None, label: str | None = None, what: str = "file"
) -> int:
    """A read-only descriptor of the regular file path (inside root: no link on the way below it); raises
    Problem at label. Without root only the file itself is checked (it must not be a link)."""
    path = pathlib.Path(path)
    start, names = relative_parts(path, root if root is not None else path.parent)
    fd = walk(start, names, label or str(path), root if root is not None else path.parent, what=what)
    if NONBLOCK:
        os.set_blocking(fd, True)  # a regular file: reads never block anyway
    return fd


def read_fd(fd: int, cap: int, label: str, what: str = "file") -> bytes:
    """Every byte from fd, but never more than cap (the file's size is checked first, then the reads)."""
    size = os.fstat(fd).st_size
    if size > cap:
        raise refuse(label, f"this file is {megabytes(size)}; a {what} may be at most {cap_words(cap)}")
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(1 << 20, cap + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            raise refuse(label, f"this file is larger than {cap_words(cap)}, the most a {what} may be")
    return b"".join(chunks)


def read_bytes(
    path: pathlib.Path,
    root: pathlib.Path | None = None,
    label: str | None = None,
    cap: int = MAX_DATA,
    what: str = "file",
) -> bytes:
    """The bytes of the regular file path inside root, at most cap of them; raises Problem at label."""
    fd = open_file(path, root, label, what)
    try:
        return read_fd(fd, cap, label or str(path), what)
    except OSError as exc:
        raise refuse(label or str(path), f"cannot read this {what}: {(exc.strerror or str(exc)).lower()}") from None
    finally:
        os.close(fd)


def folder_problem(folder: pathlib.Path, root: pathlib.Path, label: str) -> Problem | None:
    """A problem when a folder of an edition (modules/, pages/, policies/, exports/) is a link, not a folder,
    or cannot be read; None when it is a readable folder or is not there."""
    if not (os.path.lexists(folder)):
        return None
    try:
        fd = open_folder(folder, root, label)
    except Problem as problem:
        if problem.message == "there is no such file":
            return None
        return problem
    try:
        os.listdir(fd)
    except OSError as exc:
        return refuse(
            label,
            f"cannot read this folder ({(exc.strerror or str(exc)).lower()}); "
            "check that it is a folder you may read, or remove it",
        )
    finally:
        os.close(fd)
    return None


def digest(path: pathlib.Path) -> str:
    """The SHA-256 of a regular file (not a link, never blocking), read in pieces; "" when it is not one
    (the load that follows reports why)."""
    try:
        fd = open_file(path)
    except Problem:
        return ""
    found = hashlib.sha256()
    try:
        while chunk := os.read(fd, 1 << 20):
            found.update(chunk)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return found.hexdigest()


@contextlib.contextmanager
def opened_path(path: pathlib.Path, root: pathlib.Path, label: str, cap: int, what: str):
    """A path another program (DuckDB) may open that is the checked file itself: /proc/self/fd/N of the
    descriptor opened here (Linux), kept open while the block runs; elsewhere the checked path."""
    fd = open_file(path, root, label, what)
    try:
        size = os.fstat(fd).st_size
        if size > cap:
            raise refuse(label, f"this file is {megabytes(size)}; a {what} may be at most {cap_words(cap)}")
        proc = pathlib.Path(f"/proc/self/fd/{fd}")
        yield str(proc) if proc.exists() else str(path)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- workbooks

DECLARED = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")


def workbook(path: pathlib.Path, root: pathlib.Path | None, label: str, max_rows: int = MAX_ROWS) -> io.BytesIO:
    """The bytes of an .xlsx file, checked before any of its XML is parsed: a zip, at most MAX_WORKBOOK
    stored and MAX_UNZIPPED unpacked, no DOCTYPE or ENTITY in a member, no sheet declaring more than
    max_rows rows. Raises Problem at label (the content is never quoted)."""
    data = read_bytes(path, root, label, MAX_WORKBOOK, "workbook")
    fix = "save it again from the spreadsheet as 'Excel Workbook (.xlsx)'"
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise refuse(label, f"this is not an Excel workbook (an .xlsx file is a zip archive); {fix}") from None
    unpacked = sum(max(m.file_size, 0) for m in members)
    if unpacked > MAX_UNZIPPED or len(members) > 10_000:
        raise refuse(
            label,
            f"this workbook unpacks to {megabytes(unpacked)} in {len(members)} parts; a workbook "
            f"may unpack to at most {cap_words(MAX_UNZIPPED)}: split it, or export CSV instead",
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            scan_member(book, member, label, max_rows, fix)
    return io.BytesIO(data)


def scan_member(book: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, max_rows: int, fix: str) -> None:
    """Unpack one XML part of a workbook (never more than its declared size): refuse a DOCTYPE or ENTITY
    anywhere in it, and a sheet whose declared dimension has more than max_rows rows."""
    tail, first = b"", True
    try:
        with book.open(member) as stream:
            while chunk := stream.read(1 << 20):
                seen = tail + chunk
                if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
                    raise refuse(
                        label,
                        "this workbook declares XML entities (a DOCTYPE), which no spreadsheet "
                        f"program writes and which can make it expand without end; {fix}",
                    )
                if first and member.filename.startswith("xl/worksheets/") and (found := DECLARED.search(seen)):
                    rows = int(found.group(1) or 1)
                    if rows > max_rows:
                        raise refuse(
                            label,
                            f"a sheet of this workbook declares {rows:,} rows; a workbook may "
                            f"have at most {max_rows:,}: split it, or export CSV instead",
                        )
                if (
                    first
                    and member.filename.startswith("xl/worksheets/")
                    and member.file_size > UNSIZED
                    and not DECLARED.search(seen)
                ):
                    # openpyxl would read the whole sheet just to learn its size, before its first row
                    raise refuse(
                        label,
                        f"a sheet of this workbook unpacks to {megabytes(member.file_size)} and does "
                        "not say how many rows it has (no dimension, which spreadsheet programs "
                        f"write); {fix}",
                    )
                first, tail = False, chunk[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise refuse(label, f"this workbook is damaged (a part of it cannot be unpacked); {fix}") from None
