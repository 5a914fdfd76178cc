"""The worker processes and the order of the build's layouts: one worker a core (forkserver, tied to the build's
life by PR_SET_PDEATHSIG and a watcher thread), and the Schedule that hands them a book's join first, then its
chunks, then the other documents, the longest first; run() drives it while the documents' HTML is made."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import heapq
import itertools
import multiprocessing
import os
import pathlib
import threading
import time

from .. import children
from .book import cached_chunk, digits, digits_html, finish, meta_path, write_chunk
from .documents import Job
from .engine import cache_key, cache_page_references, stylesheet, use_font_home
from .sheet import write_pdf


class Inline(concurrent.futures.Executor):
    """An executor that runs each task at once, in this thread: for a machine of one core."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever reads the result, as a pool would
            future.set_exception(exc)
        return future


def die_with_build(build: int) -> None:
    """End this worker when the build that started it is gone, even by kill -9: the kernel sends SIGKILL when
    the worker's parent (the fork server) goes (Linux: prctl PR_SET_PDEATHSIG), and a thread looks every
    half second for the build's process (the fork server alone does not notice: the workers hold its pipe)."""
    children.die_with_parent()
    threading.Thread(target=watch_build, args=(build,), name="watch-build", daemon=True).start()


def build_alive(pid: int) -> bool:
    """Whether the process pid still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def watch_build(pid: int) -> None:
    while build_alive(pid):
        time.sleep(0.5)
    os._exit(1)


def warm(css: str, cache_dir: str, build: int | None = None) -> None:
    """A worker's start, while the build is still making the documents' HTML: the stylesheet parsed, its fonts
    loaded (copied under cache_dir) and pydyf's page references cached (the fork server imported WeasyPrint).
    The worker first ties its life to the build's (die_with_build)."""
    if build is not None:
        die_with_build(build)
    use_font_home(cache_dir)
    stylesheet(css)
    cache_page_references()


def count() -> int:
    return os.cpu_count() or 1


def executor(css: str, cache_dir: pathlib.Path) -> concurrent.futures.Executor:
    """One worker process a core (started when a first task needs one), or this thread on one core."""
    if count() <= 1:
        return Inline()
    # forkserver, not fork: the build lays out PDFs in a thread while MkDocs runs in another, and a
    # process forked while the other thread holds a lock (logging's, say) can hang forever. The fork server
    # imports WeasyPrint once, and every worker starts with it (each importing it took 0.8 s).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__, "weasyprint"])
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=count(), mp_context=context, initializer=warm, initargs=(css, str(cache_dir), os.getpid())
    )


FINISH, BOOK, OTHER = 0, 1, 2  # what a free worker takes first: a book's join, then its pieces, then the rest
DIGITS = "digits"  # the name of the page digits' task (every other name is a PDF's, or a chunk's)
_END = object()


@dataclasses.dataclass
class BookState:
    """A book of the build: where it goes, its chunks' cache paths and, as each is laid out (or found in the
    cache), each chunk's page count and anchors (None until then)."""

    job: Job
    target: pathlib.Path
    paths: list[pathlib.Path]
    found: list[dict | None]


class Schedule:
    """The layouts of one build, handed to the workers as their HTML is made, a task at a time for each
    worker, the most urgent first: a book whose chunks are done is joined at once (the build waits for it),
    a book's chunks come before the other documents, and within each kind the longest goes first."""

    def __init__(self, css: str, cache_dir: pathlib.Path):
        self.css, self.cache_dir = css, cache_dir
        self.pool: concurrent.futures.Future | None = None  # the executor, being started
        self.ready: list = []  # a heap of (kind, -length, order, name, fn, args)
        self.running: dict = {}  # future -> name
        self.books: dict[str, BookState] = {}  # by file
        self.digits_path = cache_dir / f"digits-{cache_key(digits_html(), css)}.pdf"
        self.digits_ready = self.digits_path.exists()
        self.digits_asked = False
        self.order = itertools.count()
        self.warnings: list[str] = []

    def add(self, kind: int, length: int, name, fn, *args) -> None:
        heapq.heappush(self.ready, (kind, -length, next(self.order), name, fn, args))

    def add_job(self, job: Job, path: pathlib.Path) -> None:
        if job.book is None:
            self.add(OTHER, len(job.html), job.download.file, write_pdf, job.html, self.css, str(path), job.one_page)
            return
        paths = [self.cache_dir / f"chunk-{cache_key(chunk, self.css)}.pdf" for chunk in job.book.chunks]
        book = self.books[job.download.file] = BookState(job, path, paths, [cached_chunk(p) for p in paths])
        for i, (chunk, p) in enumerate(zip(job.book.chunks, paths)):
            if book.found[i] is None:
                self.add(
                    BOOK, len(chunk), (job.download.file, i), write_chunk, chunk, self.css, str(p), job.book.targets[i]
                )
            else:
                os.utime(p)
                os.utime(meta_path(p))
        if self.digits_ready:
            os.utime(self.digits_path)
        elif not self.digits_asked:
            self.digits_asked = True
            self.add(BOOK, 0, DIGITS, digits, self.css, str(self.digits_path))
        self.finish_if_ready(job.download.file)

    def finish_if_ready(self, file: str) -> None:
        book = self.books[file]
        if all(book.found) and self.digits_ready:
            self.add(
                FINISH,
                0,
                file,
                finish,
                book.job.book.front,
                self.css,
                [str(p) for p in book.paths],
                book.found,
                book.job.book.parts,
                str(self.digits_path),
                str(book.target),
            )

    def start(self, starter: concurrent.futures.Executor) -> None:
        """Start the workers in the background (the fork server imports WeasyPrint, each worker parses the
        stylesheet), so that they are ready by the time the first HTML is."""

        def started():
            pool = executor(self.css, self.cache_dir)
            if isinstance(pool, concurrent.futures.ProcessPoolExecutor):
                for _ in range(count()):  # a worker is started for each task that finds none idle
                    pool.submit(int)
            return pool

        self.pool = starter.submit(started)

    def dispatch(self) -> None:
        """Hand ready tasks to free workers (as many in flight as there are workers)."""
        while self.ready and len(self.running) < count():
            *_, name, fn, args = heapq.heappop(self.ready)
            self.running[self.pool.result().submit(fn, *args)] = name

    def completed(self, future: concurrent.futures.Future) -> None:
        name = self.running.pop(future)
        result, logged = future.result()
        if name == DIGITS:
            self.digits_ready = True
            for file in self.books:
                self.finish_if_ready(file)
        elif isinstance(name, tuple):  # a chunk of a book
            file, index = name
            self.books[file].found[index] = result
            self.warnings += [f"{file}: {message}" for message in logged]
            self.finish_if_ready(file)
        else:
            self.warnings += [f"{name}: {message}" for message in logged]

    def close(self, cancel: bool) -> None:
        if self.pool is not None:
            self.pool.result().shutdown(wait=True, cancel_futures=cancel)


def run(todo, css: str, cache_dir: pathlib.Path) -> list[str]:
    """Write the PDFs of todo, an iterable of (job, target) not in the cache, on every core; returns warnings.
    The next job's HTML is made (in a thread of its own) while the workers lay out those already made."""
    use_font_home(cache_dir)  # for what is laid out in this process (one core: everything)
    schedule = Schedule(css, pathlib.Path(cache_dir))
    todo = iter(todo)
    maker = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="pdf")
    try:
        schedule.start(maker)
        upcoming = maker.submit(next, todo, _END)
        while upcoming is not None or schedule.running or schedule.ready:
            schedule.dispatch()
            waiting = set(schedule.running) | ({upcoming} if upcoming is not None else set())
            done, _ = concurrent.futures.wait(waiting, return_when=concurrent.futures.FIRST_COMPLETED)
            if upcoming in done:
                made = upcoming.result()
                upcoming = None
                if made is not _END:
                    schedule.add_job(*made)
                    upcoming = maker.submit(next, todo, _END)
            for future in done & schedule.running.keys():
                schedule.completed(future)
    except BaseException:
        schedule.close(cancel=True)
        raise
    finally:
        maker.shutdown(wait=True)
    schedule.close(cancel=False)
    return schedule.warnings
