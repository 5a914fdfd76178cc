"""A build killed with kill -9 leaves no PDF worker running (issue 26): the workers are tied to the fork
server by PR_SET_PDEATHSIG, and the fork server leaves when the build's end of its pipe closes."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from helpers import DATA

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="Linux with at least two cores (one core lays PDFs out in the build itself)",
)


def parents() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process, from /proc."""
    found = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                found[int(entry.name)] = int(fields[1])
    return found


def command(pid: int) -> str:
    try:
        return pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return "?"


def descendants(pid: int) -> set[int]:
    table, found, grew = parents(), set(), True
    while grew:
        more = {child for child, parent in table.items() if parent == pid or parent in found} - found
        grew = bool(more)
        found |= more
    return found


def test_kill_9_of_the_build_leaves_no_pdf_worker(tmp_path):
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "handbook.cli",
            "build",
            "--data",
            str(DATA),
            "--out",
            str(tmp_path / "site"),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: set[int] = set()
    try:
        deadline, children = time.monotonic() + 240, set()
        while time.monotonic() < deadline and build.poll() is None:
            children = descendants(build.pid)
            if len(children) >= 3:  # the fork server and at least two workers
                break
            time.sleep(0.2)
        assert len(children) >= 3, "the build never started its PDF workers"
        time.sleep(1)
        children = descendants(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and children & set(parents()):
            time.sleep(0.2)
        left = {pid: command(pid) for pid in children & set(parents())}
        assert not left, f"processes of the build still running after it was killed: {left}"
    finally:
        if build.poll() is None:
            build.kill()
        for pid in children & set(parents()):
            os.kill(pid, signal.SIGKILL)
