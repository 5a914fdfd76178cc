"""The order in which the build hands its layouts to the workers (handbook/pdf/workers.py: Schedule, run).

The build's time is the longest worker's, and the handbook is most of the work: its chunks must be laid
out before the small documents, and its join (which waits for every chunk) must not queue behind them.
A recording executor stands in for the worker processes, so each test sees exactly what was handed out
and when, and decides itself when a task ends.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt

import pikepdf
import pytest

from handbook.edition import load_edition
from handbook.pdf import book as pdf_book
from handbook.pdf import documents, engine
from handbook.pdf import workers as pdf_workers
from helpers import DATA

TODAY = dt.date(2026, 12, 1)
CSS = engine.STYLESHEET.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def jobs():
    return documents.jobs(load_edition(DATA), TODAY)


class Recorder(concurrent.futures.Executor):
    """Takes tasks without running them; the test completes each one."""

    def __init__(self):
        self.submitted: list[tuple[str, tuple, concurrent.futures.Future]] = []

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        self.submitted.append((fn.__name__, args, future))
        return future


def schedule(folder, monkeypatch, workers: int) -> tuple[pdf_workers.Schedule, Recorder]:
    monkeypatch.setattr(pdf_workers, "count", lambda: workers)
    recorder = Recorder()
    plan = pdf_workers.Schedule(CSS, folder)
    plan.pool = concurrent.futures.Future()
    plan.pool.set_result(recorder)
    return plan, recorder


def drain(plan: pdf_workers.Schedule, recorder: Recorder) -> list[tuple[str, tuple]]:
    """Hand out and complete tasks, the oldest in flight first, until none is left; returns what ran, in order."""
    ran, done = [], 0
    while True:
        plan.dispatch()
        if done == len(recorder.submitted):
            return ran
        name, args, future = recorder.submitted[done]
        done += 1
        ran.append((name, args))
        future.set_result(({"pages": 3, "anchors": {}}, []) if name == "write_chunk" else (1, []))
        plan.completed(future)


def test_jobs_come_handbook_first_and_all_of_them(jobs):
    assert jobs[0].book is not None  # the longest job's HTML is made, and laid out, first
    assert [job.book is not None for job in jobs].count(True) == 1
    files = [(job.download.file, tuple(sorted(job.download.audiences))) for job in jobs]
    assert len(files) == len(set(files)) >= 10  # the process guide once per audience
    files = [file for file, _ in files]
    assert any(file.startswith("agenda-") for file in files) and "repair-resources.pdf" in files


def test_book_chunks_go_first_longest_first_and_its_join_before_the_rest(jobs, tmp_path, monkeypatch):
    plan, recorder = schedule(tmp_path, monkeypatch, workers=1)
    book = next(job for job in jobs if job.book)
    others = [job for job in jobs if not job.book]
    for job in others[:3]:  # some documents arrive before the book...
        plan.add_job(job, tmp_path / f"{job.download.file}")
    plan.add_job(book, tmp_path / "handbook.pdf")
    for job in others[3:]:  # ...and some after it
        plan.add_job(job, tmp_path / f"{job.download.file}")
    ran = drain(plan, recorder)
    names = [name for name, _ in ran]
    chunks = len(book.book.chunks)
    assert chunks >= 2
    assert names == ["write_chunk"] * chunks + ["digits", "finish"] + ["write_pdf"] * len(others)
    chunk_lengths = [len(args[0]) for _, args in ran[:chunks]]
    assert chunk_lengths == sorted(chunk_lengths, reverse=True)
    other_lengths = [len(args[0]) for _, args in ran[chunks + 2 :]]
    assert other_lengths == sorted(other_lengths, reverse=True)


def test_a_join_overtakes_documents_already_queued(jobs, tmp_path, monkeypatch):
    """Two workers: when the last chunk ends, the join is the next task handed out, not a queued document."""
    plan, recorder = schedule(tmp_path, monkeypatch, workers=2)
    book = next(job for job in jobs if job.book)
    plan.add_job(book, tmp_path / "handbook.pdf")
    for job in jobs[1:]:
        plan.add_job(job, tmp_path / job.download.file)
    ran = drain(plan, recorder)
    names = [name for name, _ in ran]
    pieces = len(book.book.chunks) + 1  # the chunks and the page digits
    assert names[:pieces].count("write_pdf") == 0
    # a worker left free while the other lays out the last piece takes a document: one at most comes
    # between the pieces and the join, and the join goes before every other queued document
    assert names.index("finish") <= pieces + 1
    assert names[names.index("finish") + 1 :].count("write_pdf") >= len(jobs) - 3
    assert len(recorder.submitted) == len(jobs) - 1 + len(book.book.chunks) + 2


def test_never_more_tasks_in_flight_than_workers(jobs, tmp_path, monkeypatch):
    plan, recorder = schedule(tmp_path, monkeypatch, workers=2)
    for job in jobs:
        plan.add_job(job, tmp_path / job.download.file)
    plan.dispatch()
    assert len(recorder.submitted) == 2 and len(plan.running) == 2
    plan.dispatch()
    assert len(recorder.submitted) == 2  # nothing more until one ends


def test_the_page_digits_are_laid_out_once_and_then_taken_from_the_cache(jobs, tmp_path, monkeypatch):
    book = next(job for job in jobs if job.book)
    plan, recorder = schedule(tmp_path, monkeypatch, workers=1)
    assert not plan.digits_path.exists()
    pages, logged = pdf_book.digits(CSS, str(plan.digits_path))  # what the digits task writes
    assert pages == 10 * pdf_book.DIGIT_PLACES and logged == []
    with pikepdf.open(plan.digits_path) as pdf:
        assert len(pdf.pages) == pages
    again, recorder = schedule(tmp_path, monkeypatch, workers=1)
    again.add_job(book, tmp_path / "handbook.pdf")
    names = [name for name, _ in drain(again, recorder)]
    assert names == ["write_chunk"] * len(book.book.chunks) + ["finish"]
    assert recorder.submitted[-1][1][5] == str(plan.digits_path)  # the join reads the cached digits


def test_the_digits_depend_on_the_stylesheet(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_workers, "count", lambda: 1)
    one = pdf_workers.Schedule(CSS, tmp_path).digits_path
    other = pdf_workers.Schedule(CSS + "\n.page-digits { color: black }", tmp_path).digits_path
    assert one != other and one.parent == other.parent == tmp_path
