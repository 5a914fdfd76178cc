"""Laying out the printable PDFs with WeasyPrint: one print stylesheet, a cache, worker processes.

build_pdfs() renders each document's HTML (cheap), then lays out only the PDFs whose HTML,
stylesheet and renderer version changed since the last build (cached by their hash), in
parallel over the machine's cores, and copies every PDF into <site>/downloads/ of each audience
it belongs to. The repair resource sheet must fit on one Letter page; when it does not, the
build stops and says how many programs would fit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pathlib
import shutil
import time

from ..edition import Edition
from ..pages import downloads
from ..paths import PROJECT
from ..problems import BuildFailed
from .documents import iter_jobs
from .engine import FONT_PREFIX, FONTS, STYLESHEET, cache_key
from .sheet import SheetTooLong, too_long_message
from .workers import run

KEEP_DAYS = 30  # cached PDFs not used for this long are removed


def prune(cache_dir: pathlib.Path) -> None:
    """Remove cached PDFs nobody used for KEEP_DAYS days, and the font folders of processes that were killed
    (a running process's folder is at most a build old; one a day old is left over)."""
    limit = time.time() - KEEP_DAYS * 86400
    for path in [*cache_dir.glob("*.pdf"), *cache_dir.glob("*.json")]:
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
    day_ago = time.time() - 86400
    for folder in (cache_dir / FONTS).glob(f"{FONT_PREFIX}*"):
        with contextlib.suppress(OSError):  # another build's process may be removing it now
            if folder.stat().st_mtime < day_ago:
                shutil.rmtree(folder, ignore_errors=True)


def build_pdfs(
    edition: Edition,
    sites: dict[str, pathlib.Path],
    cache_dir: pathlib.Path | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Write every audience's PDFs into <site>/downloads/; returns notes for the build's output."""
    started = time.perf_counter()
    today = today or dt.date.today()
    cache_dir = pathlib.Path(cache_dir or PROJECT / ".cache" / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    css = STYLESHEET.read_text(encoding="utf-8")
    planned, todo = [], []

    def to_lay_out():
        """Each PDF of the build as its HTML is made, unless the cache has it."""
        for job in iter_jobs(edition, today, tuple(sites)):
            if job.download.audiences & sites.keys():
                path = cache_dir / f"{cache_key(job.html, css)}.pdf"
                planned.append((job, path))
                if not path.exists():
                    todo.append(job)
                    yield job, path

    try:
        warnings = run(to_lay_out(), css, cache_dir)
    except SheetTooLong as exc:
        raise BuildFailed(too_long_message(edition, css, *exc.args)) from None
    for job, path in planned:
        os.utime(path)
        for audience in job.download.audiences & sites.keys():
            folder = pathlib.Path(sites[audience]) / downloads.FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / job.download.file)
    prune(cache_dir)
    seconds = time.perf_counter() - started
    notes = [
        f"PDFs: {len(planned)} written ({len(todo)} laid out, {len(planned) - len(todo)} unchanged "
        f"and reused from {cache_dir}) in {seconds:.1f} s"
    ]
    return notes + [f"warning: PDF {message}" for message in warnings]
