"""Builds that are never stale, never half-published, and never crash on the file system."""

from __future__ import annotations

import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from handbook.build import build, stamp
from handbook.edition import overlay
from helpers import FIXTURES, ROOT, write

CLI = [sys.executable, "-m", "handbook.cli"]


def fingerprint(edition: pathlib.Path, cache: pathlib.Path) -> str:
    return stamp.fingerprint(edition, ROOT / "mkdocs.yml", ["staff"], False, cache)


@pytest.fixture
def chain(tmp_path, monkeypatch):
    """national (a copy) <- state <- city, with a page in the city."""
    national = tmp_path / "national"
    shutil.copytree(ROOT / "national", national)
    monkeypatch.setattr(overlay, "NATIONAL", national)
    state = tmp_path / "state"
    shutil.copytree(FIXTURES / "minimal", state)
    (state / "modules" / "01-basics.yaml").unlink()
    (state / "jurisdiction.yaml").write_text((state / "jurisdiction.yaml").read_text() + "extends: national\n")
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: ../state\nname: City of Testing\n")
    write(city / "pages" / "snow.md", "# Snow\n\nWe clear sidewalks.\n")
    return national, state, city


def test_every_input_is_in_the_fingerprint_and_nothing_else(chain, tmp_path, monkeypatch):
    national, state, city = chain
    cache = tmp_path / "cache"
    before = fingerprint(city, cache)
    assert fingerprint(city, cache) == before

    # what the build does not read changes nothing, however large
    (city / "scan.pdf").write_bytes(os.urandom(1_000_000))
    (city / "notes").mkdir()
    (city / "notes" / "old.yaml").write_text("anything: here\n")
    assert fingerprint(city, cache) == before

    changes = [
        national / "modules" / "01-purpose.yaml",  # the national base, two levels up
        state / "jurisdiction.yaml",  # the base one level up
        city / "pages" / "snow.md",  # a page
    ]
    for path in changes:
        path.write_text(path.read_text() + "\n# changed\n")
        after = fingerprint(city, cache)
        assert after != before, path
        before = after

    package = tmp_path / "package"  # the package's templates and print.css
    shutil.copytree(ROOT / "handbook", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "PACKAGE", package)
    before = fingerprint(city, cache)
    for path in (package / "templates" / "pages" / "module.md.j2", package / "assets" / "print.css"):
        path.write_text(path.read_text() + "\n")
        after = fingerprint(city, cache)
        assert after != before, path
        before = after


def test_an_unchanged_file_is_not_read_again(chain, tmp_path, monkeypatch):
    _, _, city = chain
    cache = tmp_path / "cache"
    fingerprint(city, cache)
    read = []
    real = pathlib.Path.read_bytes
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: read.append(self) or real(self))
    fingerprint(city, cache)
    assert {p.name for p in read} <= {"jurisdiction.yaml"}  # read only to follow `extends:`


def test_a_change_two_levels_up_is_rebuilt_and_nothing_else_is(chain, tmp_path):
    national, _, city = chain
    out = tmp_path / "out"
    assert not build(city, out, ["staff"], pdf=False).up_to_date
    assert build(city, out, ["staff"], pdf=False).up_to_date
    module = national / "modules" / "01-purpose.yaml"
    module.write_text(
        module.read_text().replace(
            "title: Establishing the Purpose of Code Enforcement", "title: Why Code Enforcement Exists"
        )
    )
    assert not build(city, out, ["staff"], pdf=False).up_to_date
    assert "Why Code Enforcement Exists" in (out / "staff/training/purpose/index.html").read_text()


def test_the_cli_says_when_nothing_was_rebuilt(run, minimal, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--data", minimal, "--out", out, "--no-pdf")[0] == 0
    code, stdout, _ = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 0 and "up to date, nothing rebuilt" in stdout and "built the" not in stdout


# --------------------------------------------------------------------------- publishing both audiences at once


def resolved_builds(out: pathlib.Path) -> set[pathlib.Path]:
    return {(out / audience).resolve().parent for audience in ("staff", "public") if (out / audience).exists()}


def test_killed_builds_never_leave_two_audiences_from_different_builds(minimal, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, HANDBOOK_CACHE=str(tmp_path / "cache"))
    first = subprocess.run(
        [*CLI, "build", "--data", minimal, "--out", out, "--no-pdf"], env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    started = time.perf_counter()
    subprocess.run(
        [*CLI, "build", "--data", minimal, "--out", out, "--no-pdf", "--force"],
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    randomness = random.Random(20261124)
    for attempt in range(20):
        page = minimal / "modules" / "01-basics.yaml"
        page.write_text(page.read_text().replace("title:", f"# attempt {attempt}\ntitle:", 1))
        process = subprocess.Popen(
            [*CLI, "build", "--data", minimal, "--out", out, "--no-pdf"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(randomness.uniform(0, seconds * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        builds = resolved_builds(out)
        assert len(builds) == 1, (attempt, builds)  # staff and public from one build
        assert (out / "staff" / "index.html").exists() and (out / "public" / "index.html").exists()
    final = subprocess.run(
        [*CLI, "build", "--data", minimal, "--out", out, "--no-pdf"], env=env, capture_output=True, text=True
    )
    assert final.returncode == 0, final.stderr
    left = sorted(p.name for p in out.iterdir())
    assert left == [".builds", ".handbook-build.json", ".handbook.lock", "current", "public", "staff"], left
    assert len(list((out / ".builds").iterdir())) <= 2  # the new build, and the one before it


def test_two_builds_at_once_both_end_cleanly(minimal, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, HANDBOOK_CACHE=str(tmp_path / "cache"))
    processes = [
        subprocess.Popen(
            [*CLI, "build", "--data", minimal, "--out", out, "--force"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=600) + (process.returncode,) for process in processes]
    assert [code for _, _, code in results] == [0, 0], results
    assert len(resolved_builds(out)) == 1
    assert (out / "staff/downloads/handbook.pdf").exists() and (out / "public/index.html").exists()


def test_a_folder_no_build_made_is_not_replaced(run, minimal, tmp_path):
    out = tmp_path / "www"
    write(out / "public" / "index.html", "<p>the city's own page</p>")
    code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 1 and "holds files that no handbook build made" in err and "--force" in err
    assert (out / "public" / "index.html").read_text() == "<p>the city's own page</p>"
    assert run("build", "--data", minimal, "--out", out, "--no-pdf", "--force")[0] == 0
    assert "basics" in (out / "staff" / "index.html").read_text().lower()


def test_a_first_build_that_failed_does_not_block_the_next(run, minimal, tmp_path, monkeypatch):
    import handbook.build as building
    from handbook.problems import BuildFailed

    def fails(*args, **kwargs):  # as when the repair sheet does not fit, after the build folder was made
        raise BuildFailed("the staff site did not build")

    out = tmp_path / "site"
    with monkeypatch.context() as patch:
        patch.setattr(building, "build_site", fails)
        code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 1 and "did not build" in err
    assert (out / ".builds").is_dir() and not any((out / ".builds").iterdir())
    code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 0, err
    assert "basics" in (out / "staff" / "index.html").read_text().lower()


def test_a_linked_audience_folder_is_not_replaced(run, minimal, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--data", minimal, "--out", out, "--no-pdf")[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "public").unlink()
    (out / "public").symlink_to(elsewhere)
    code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 1 and "which no handbook build made" in err
    assert (out / "public").resolve() == elsewhere


def test_the_pdf_cache_is_never_beside_the_output(minimal, tmp_path, monkeypatch):
    monkeypatch.delenv("HANDBOOK_CACHE")
    from handbook import paths
    from handbook.cli import settings

    assert paths.PROJECT / ".cache" == ROOT / ".cache"  # the default (the test session points paths.CACHE away)
    assert settings.cache_dir() == paths.CACHE
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "mine"))
    assert settings.cache_dir() == tmp_path / "mine"
    with pytest.raises(Exception, match="must not be inside the output folder"):
        build(minimal, tmp_path / "out", ["staff"], pdf=False, cache_dir=tmp_path / "out" / "cache")


# --------------------------------------------------------------------------- faults of the file system


def unprivileged() -> list[str]:
    """A prefix that runs a command as an ordinary user (root reads and writes whatever it likes)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("needs setpriv to drop root's rights")
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    reached = subprocess.run([*prefix, *CLI, "--help"], capture_output=True, text=True, cwd="/tmp", timeout=120)
    if reached.returncode != 0:  # e.g. a clone under /root or a home folder of mode 700
        why = (reached.stderr.strip().splitlines() or ["it cannot start"])[-1]
        pytest.skip(
            f"the ordinary user (uid 65534) cannot run the handbook from {ROOT} or {sys.executable} "
            f"({why}): a folder on the way is closed to others; clone the project into a folder others "
            "may enter to run this test"
        )
    return prefix


@pytest.fixture
def shared(tmp_path):
    """A folder an ordinary user may use (pytest's own are root's alone)."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="handbook-fs-", dir="/tmp"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def cli(*args, prefix=(), env=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [*prefix, *CLI, *map(str, args)], capture_output=True, text=True, env=env, cwd="/tmp", timeout=600
    )


def snapshot(out: pathlib.Path) -> dict:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def one_clear_message(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def edition_in(folder: pathlib.Path) -> pathlib.Path:
    edition = folder / "edition"
    shutil.copytree(FIXTURES / "minimal", edition)
    for path in [edition, *edition.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    return edition


def test_an_unreadable_folder_or_file_is_an_error_never_an_absence(shared):
    prefix = unprivileged()
    edition = edition_in(shared)
    (edition / "policies").mkdir()
    (edition / "policies").chmod(0o000)
    result = cli("check", "--data", edition, prefix=prefix)
    one_clear_message(result, "policies:1:1: cannot read this folder")
    (edition / "policies").chmod(0o777)
    write(edition / "partners.yaml", "partners: []\n").chmod(0o000)
    one_clear_message(cli("check", "--data", edition, prefix=prefix), "partners.yaml:1:1: cannot read this file")
    (edition / "partners.yaml").unlink()
    write(edition / "pages" / "snow.md", "# Snow\n").chmod(0o000)
    (edition / "pages").chmod(0o777)
    one_clear_message(cli("check", "--data", edition, prefix=prefix), "snow.md:1:1: cannot read this page")


def test_links_that_lead_nowhere_and_long_page_names(tmp_path, run):
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", edition)
    (edition / "partners.yaml").symlink_to(tmp_path / "gone.yaml")
    code, _, err = run("check", "--data", edition)
    assert (
        code == 1 and err.count("\n") == 2 and "partners.yaml:1:1: this is a link to a file that does not exist" in err
    )
    (edition / "partners.yaml").unlink()
    (edition / "programs.yaml").symlink_to(edition / "programs.yaml")  # a loop
    code, _, err = run("check", "--data", edition)
    assert code == 1 and "programs.yaml:1:1: this is a link" in err and "Traceback" not in err
    (edition / "programs.yaml").unlink()
    write(edition / "pages" / f"{'a' * 61}.md", "# Long\n")
    code, _, err = run("check", "--data", edition)
    assert code == 1 and "the page's file name is 61 characters long; use at most 60" in err


def test_extends_the_root_folder_is_refused_at_once(minimal, run):
    path = minimal / "jurisdiction.yaml"
    path.write_text(path.read_text() + "extends: /\n")
    started = time.perf_counter()
    code, _, err = run("check", "--data", minimal)
    assert code == 1 and "is not an edition" in err
    assert time.perf_counter() - started < 30  # a hang guard: it walked 91,517 folders before


def test_a_build_into_a_folder_it_may_not_write_stops_cleanly(shared):
    prefix = unprivileged()
    edition = edition_in(shared)
    parent = shared / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    result = cli(
        "build",
        "--data",
        edition,
        "--out",
        parent / "out",
        "--no-pdf",
        prefix=prefix,
        env={"HANDBOOK_CACHE": str(shared / "cache")},
    )
    one_clear_message(result, "permission denied", "choose another folder")


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("needs root and tmpfs to make a small disk")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_and_a_read_only_disk_leave_the_previous_output_as_it_was(small_disk, minimal, tmp_path):
    out = small_disk / "out"
    env = {"HANDBOOK_CACHE": str(tmp_path / "cache")}
    first = cli("build", "--data", minimal, "--out", out, "--no-pdf", env=env)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(free - 300_000, 0))  # leave too little for another build
    full = cli("build", "--data", minimal, "--out", out, "--no-pdf", "--force", env=env)
    one_clear_message(full, "no space left on device", "free some space", "was not changed")
    assert snapshot(out) == before
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = cli("build", "--data", minimal, "--out", out, "--no-pdf", "--force", env=env)
    one_clear_message(read_only, "read-only file system", "was not changed")
    assert snapshot(out) == before


def test_a_closed_pipe_ends_quietly():
    result = subprocess.run(
        f"{sys.executable} -m handbook.cli plan --data {ROOT / 'data'} --start 2027-03-01 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and result.stdout.strip() and result.stderr == ""
