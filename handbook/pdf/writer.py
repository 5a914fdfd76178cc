"""Laying out the printable PDFs with WeasyPrint: one print stylesheet, a cache, worker processes.

build_pdfs() renders each document's HTML (cheap), then lays out only the PDFs whose HTML,
stylesheet and renderer version changed since the last build (cached by their hash), in
parallel over the machine's cores, and copies every PDF into <site>/downloads/ of each audience
it belongs to. The repair resource sheet must fit on one Letter page; when it does not, the
build stops and says how many programs would fit.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import functools
import gc
import hashlib
import importlib.metadata
import logging
import multiprocessing
import os
import pathlib
import re
import shutil
import threading
import time
import urllib.parse

from ..edition import Edition, places
from ..pages import downloads
from ..paths import ASSETS, PROJECT
from ..problems import BuildFailed, LogCollector
from .documents import Job, jobs, sheet_html

STYLESHEET = ASSETS / "print.css"
VERSION = "5"  # raise when a change here alters the PDFs without altering their HTML
OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF with a structure tree, title and language
KEEP_DAYS = 30  # cached PDFs not used for this long are removed


# --------------------------------------------------------------------------- laying out (in worker processes)

class SheetTooLong(Exception):
    """A one-page document needed more pages: SheetTooLong(pages, inches beyond the first page)."""


# The repair sheet's cards, as its template marks them: data text is escaped, so no data can write these.
CARD, CARD_END = "<!--card-->", "<!--/card-->"
COLUMN_BREAK = '</div>\n  <div class="program-column">'
PX_PER_INCH = 96   # WeasyPrint's unit


def fetch(url: str):
    """What the PDF step may load: the package's own assets and nothing else (no other file, no network).

    Anything else raises, which WeasyPrint turns into a warning naming the URL; the data's place is
    named by `handbook check`, which warns about every link or image it will not show."""
    import weasyprint.urls

    if url.startswith("file://"):
        path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
        if path.is_relative_to(ASSETS.resolve()) and path.is_file():
            return weasyprint.urls.URLFetcher(allowed_protocols={"file"}).fetch(path.as_uri())
    raise ValueError(f"the PDF step loads nothing outside the handbook's own assets: refused {url[:100]}")


def _fetcher():
    """WeasyPrint's url_fetcher object, answering through fetch()."""
    import weasyprint.urls

    class AssetsOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            return fetch(url)
    return AssetsOnly(allowed_protocols={"file"})


@contextlib.contextmanager
def no_collection():
    """No garbage collection while a document is laid out or written: WeasyPrint makes millions of
    objects that live until the end, and scanning them again and again took a sixth of the time.
    What was alive before is frozen out of the scans (without a collection first: a full one cost
    0.12 s, a third of the time of an agenda); the garbage is collected as usual afterwards."""
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def cache_page_references() -> None:
    """pydyf's PDF.page_references rebuilds the tuple of every page's reference each time it is read, and
    WeasyPrint reads it once for every element it tags: writing a tagged PDF took time in the square of
    its pages (at 515 pages, 107,000 readings of 515 references, a third of the writing; at 3,859 pages
    it dominated). From the first PDF written on, the tuple is made again only when a page has been
    added since, by pydyf's own property, so what is read is always what pydyf would give."""
    import pydyf

    original = pydyf.PDF.page_references
    if getattr(original.fget, "cached", False):
        return

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        found = pdf.__dict__.get("_handbook_page_references")
        if found is None or found[0] != kids:
            found = pdf.__dict__["_handbook_page_references"] = (kids, original.fget(pdf))
        return found[1]
    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


def layout(html: str, css: str, tagged: bool = True):
    """WeasyPrint's layout of a document, and what WeasyPrint logged while making it."""
    with no_collection():
        return _layout(html, css, OPTIONS if tagged else {})


def save(document, target: str, tagged: bool = True) -> None:
    """Write a laid-out document to target atomically (several builds may share the cache)."""
    part = f"{target}.{os.getpid()}-{threading.get_ident()}.part"
    cache_page_references()
    with no_collection():
        document.write_pdf(part, **(OPTIONS if tagged else {}))
    os.replace(part, target)


@contextlib.contextmanager
def logged_by_weasyprint():
    """What WeasyPrint logs while the block runs, as a list of messages."""
    logged: list[str] = []
    handler = LogCollector(logged)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield logged
    finally:
        logger.removeHandler(handler)


BASE = ASSETS.resolve().as_uri() + "/"   # print.css's fonts/ are found beside it


@functools.lru_cache(maxsize=4)
def stylesheet(css: str):
    """The stylesheet parsed once per process (parsing print.css took a quarter of an agenda's time), with
    the font configuration that holds its @font-face fonts (without one, WeasyPrint ignores @font-face),
    and what WeasyPrint logged while parsing it, reported again with every document."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with logged_by_weasyprint() as logged:
        parsed = weasyprint.CSS(string=css, base_url=BASE, url_fetcher=_fetcher(), font_config=fonts)
    return parsed, fonts, tuple(logged)


def _layout(html: str, css: str, options: dict):
    import weasyprint

    parsed, fonts, css_logged = stylesheet(css)
    with logged_by_weasyprint() as logged:
        logged.extend(css_logged)
        document = weasyprint.HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).render(
            stylesheets=[parsed], font_config=fonts, **options)
    return document, list(logged)


def card_heights(document) -> list[float]:
    """The height of each card (margins included, every page's piece of it), in the order laid out."""
    heights: dict[object, float] = {}
    for page in document.pages:
        seen = set()
        for box in page._page_box.descendants():   # WeasyPrint's box tree: outer boxes come first
            if (box.element_tag == "article" and box.element not in seen
                    and "program" in (box.element.get("class") or "").split()):
                seen.add(box.element)
                heights[box.element] = heights.get(box.element, 0.0) + box.margin_height()
    return list(heights.values())


def split_point(heights: list[float]) -> int:
    """Where to split the cards into two columns (the first k in the first) so the taller column is as
    short as it can be; on a tie, more cards in the first column. More cards never give a shorter column,
    so whether a sheet fits can only get worse as programs are added."""
    prefix = [0.0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    best, best_k = float("inf"), len(heights)
    for k in range(len(heights), -1, -1):            # from the most cards in the first column down
        taller = max(prefix[k], prefix[-1] - prefix[k])
        if taller < best - 0.01:
            best, best_k = taller, k
    return best_k


def two_columns(html: str, k: int) -> str:
    """The sheet's HTML with its cards from the k-th on moved into a second column."""
    starts = [match.start() for match in re.finditer(re.escape(CARD), html)]
    if k >= len(starts):
        return html
    return html[:starts[k]] + COLUMN_BREAK + html[starts[k]:]


def overflow_inches(document) -> float:
    """How far the content runs past the first page (0 when it fits): the height of <body> on later pages."""
    over = 0.0
    for page in document.pages[1:]:
        body = page._page_box.children[0].children[0]   # the page's <html> box, then its <body>
        over += body.margin_height()
    return over / PX_PER_INCH


def balanced_layout(html: str, css: str):
    """The repair sheet laid out twice: once to measure every card in one column, then split into two
    columns of the same width that end level."""
    measured, _ = layout(html, css)
    return layout(two_columns(html, split_point(card_heights(measured))), css)


def write_pdf(html: str, css: str, target: str, one_page: bool) -> tuple[int, list[str]]:
    """Lay out and write one PDF (atomically); returns its page count and WeasyPrint's warnings.
    A one-page document (the repair sheet) gets balanced columns and raises SheetTooLong if it needs more."""
    document, logged = balanced_layout(html, css) if one_page else layout(html, css)
    if one_page and len(document.pages) > 1:
        raise SheetTooLong(len(document.pages), overflow_inches(document))
    save(document, target)
    return len(document.pages), logged


def page_count(html: str, css: str) -> int:
    return len(layout(html, css)[0].pages)


def sheet_pages(html: str, css: str) -> int:
    """How many pages the repair sheet's HTML takes once its columns are balanced."""
    return len(balanced_layout(html, css)[0].pages)


# --------------------------------------------------------------------------- the build step

def cache_key(html: str, css: str) -> str:
    """A PDF's inputs as one hash: its HTML, the stylesheet, this module's and WeasyPrint's versions."""
    digest = hashlib.sha256()
    for part in (VERSION, importlib.metadata.version("weasyprint"), repr(sorted(OPTIONS.items())), css, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def fitting(edition: Edition, css: str) -> int:
    """How many of the sheet's programs (in file order) fit on the one page (a bisection: fit is monotonic)."""
    programs = downloads.public_programs(edition)
    low, high = 0, len(programs) - 1  # the answer is in [low, high]; all of them do not fit
    while low < high:
        middle = (low + high + 1) // 2
        if sheet_pages(sheet_html(edition, programs[:middle]), css) == 1:
            low = middle
        else:
            high = middle - 1
    return low


def too_long_message(edition: Edition, css: str, pages: int, inches: float) -> str:
    """path:line:column of the first program that does not fit, how many fit, how much too long, what to do."""
    listed = downloads.public_programs(edition)
    fit = fitting(edition, css)
    place = {program.id: where for program, where in places(edition)["program"]}[listed[fit].id]
    path, line, column = place.at()   # the file that wrote it, a base edition's too
    left_out = [program.name for program in listed[fit:]]
    which = (f"'{left_out[0]}' does not" if len(left_out) == 1 else
             f"this one and the {len(left_out) - 1} after it do not ({', '.join(left_out)})")
    lines = max(1, round(inches * 72 / 12.2))   # the sheet's 10 pt type has lines of 12.2 pt
    return (f"{path}:{line}:{column}: the repair resource sheet (repair-resources.pdf) must fit on one "
            f"Letter page, but its {len(listed)} programs need {pages} pages, {inches:.1f} inches (about "
            f"{lines} lines) more than one page holds; only the first {fit} fit, so {which}. Shorten the "
            f"programs' text (who_qualifies, how_to_apply), or set 'on_sheet: false' on {len(left_out)} of them "
            "(they stay on the website)")


class Inline(concurrent.futures.Executor):
    """An executor that runs each task at once, in this thread: for one core, or one task."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:   # handed to whoever reads the result, as a pool would
            future.set_exception(exc)
        return future


def executor(tasks: int) -> concurrent.futures.Executor:
    workers = min(tasks, os.cpu_count() or 1)
    if workers <= 1:
        return Inline()
    # forkserver, not fork: the build lays out PDFs in a thread while MkDocs runs in another, and a
    # process forked while the other thread holds a lock (logging's, say) can hang forever
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))


def run(todo: list[tuple[Job, pathlib.Path]], css: str, cache_dir: pathlib.Path) -> list[str]:
    """Write the PDFs not in the cache on every core; returns warnings. A book's chunks not in the cache
    are laid out like the other PDFs (the longest first), and its front and join follow its last chunk."""
    from . import book as books

    tasks, chunks_of = [], {}
    for job, path in todo:
        if job.book is None:
            tasks.append((len(job.html), job.download.file, write_pdf, (job.html, css, str(path), job.one_page)))
            continue
        paths = [cache_dir / f"chunk-{cache_key(chunk, css)}.pdf" for chunk in job.book.chunks]
        found = [books.cached_chunk(p) for p in paths]
        chunks_of[job.download.file] = (job, path, paths, found)
        for i, (chunk, p) in enumerate(zip(job.book.chunks, paths)):
            if found[i] is None:
                tasks.append((len(chunk), (job.download.file, i), books.write_chunk,
                              (chunk, css, str(p), job.book.targets[i])))
            else:
                os.utime(p)
                os.utime(books.meta_path(p))
    tasks.sort(key=lambda task: -task[0])
    warnings: list[str] = []
    with executor(len(tasks) or 1) as pool:
        try:
            pending = {pool.submit(fn, *args): name for _, name, fn, args in tasks}

            def finish_if_ready(file: str):
                job, path, paths, found = chunks_of[file]
                if all(found):
                    pending[pool.submit(books.finish, job.book.front, css, [str(p) for p in paths], found,
                                        job.book.parts, str(path))] = file
            for file in chunks_of:
                finish_if_ready(file)   # every chunk cached
            while pending:
                done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    name = pending.pop(future)
                    result, logged = future.result()
                    if isinstance(name, tuple):          # a chunk of a book
                        file, index = name
                        chunks_of[file][3][index] = result
                        warnings += [f"{file}: {message}" for message in logged]
                        finish_if_ready(file)
                    else:
                        warnings += [f"{name}: {message}" for message in logged]
        except BaseException:
            if isinstance(pool, concurrent.futures.ProcessPoolExecutor):
                pool.shutdown(wait=True, cancel_futures=True)
            raise
    return warnings


def prune(cache_dir: pathlib.Path) -> None:
    """Remove cached PDFs nobody used for KEEP_DAYS days."""
    limit = time.time() - KEEP_DAYS * 86400
    for path in [*cache_dir.glob("*.pdf"), *cache_dir.glob("*.json")]:
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def build_pdfs(edition: Edition, sites: dict[str, pathlib.Path], cache_dir: pathlib.Path | None = None,
               today: dt.date | None = None) -> list[str]:
    """Write every audience's PDFs into <site>/downloads/; returns notes for the build's output."""
    started = time.perf_counter()
    today = today or dt.date.today()
    cache_dir = pathlib.Path(cache_dir or PROJECT / ".cache" / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    css = STYLESHEET.read_text(encoding="utf-8")
    wanted = [job for job in jobs(edition, today, tuple(sites)) if job.download.audiences & sites.keys()]
    planned = [(job, cache_dir / f"{cache_key(job.html, css)}.pdf") for job in wanted]
    todo = [(job, path) for job, path in planned if not path.exists()]
    todo.sort(key=lambda pair: -len(pair[0].html))  # the longest first, so the pool ends together
    try:
        warnings = run(todo, css, cache_dir)
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
    notes = [f"PDFs: {len(planned)} written ({len(todo)} laid out, {len(planned) - len(todo)} unchanged "
             f"and reused from {cache_dir}) in {seconds:.1f} s"]
    return notes + [f"warning: PDF {message}" for message in warnings]
