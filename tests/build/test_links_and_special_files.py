"""A contributor who may add files to an edition, trying to make the build read outside it (issue 26).

Each case lays a symbolic link, a FIFO, a socket or a device into a copy of a small edition, with a
secret beside the edition that a followed link would publish or quote. `handbook check` and
`handbook build` must both stop with the located message ("PATH:1:1: this is a link to outside this
edition; copy the file in instead"), exit non-zero, in bounded time and memory (a FIFO never blocks,
/dev/zero is never read), and the secret appears nowhere: not in the messages, not in the output.
"""

from __future__ import annotations

import os
import pathlib
import resource
import shutil
import socket
import subprocess
import sys

import pytest

from helpers import FIXTURES, URGENT_CASES, URGENT_PROCESS, write

SECRET = "hunter2-SECRET-7f3a"
TIME_LIMIT = 60
MEMORY_LIMIT = 2 * 1024**3

CSV = (
    "Case Number,Case Type,Date Opened,First Inspection,Date Closed\n"
    "U1,Dangerous Building,2026-01-05,2026-01-06,2026-01-07\n"
)
PARTNERS = (
    f"partners:\n  - id: leak\n    name: {SECRET}\n    kind: external\n    category: Housing\n"
    "    what_they_do: Helps.\n    public: true\n"
)
PAGE = f"---\ntitle: Leak\npublic: true\n---\n# Leak\n\n{SECRET}\n"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def handbook(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a child process, with a time and a memory limit (a hang or a memory bomb fails the test)."""
    env = dict(os.environ, LEAKED_VARIABLE=SECRET)  # what /proc/self/environ would show
    return subprocess.run(
        [sys.executable, "-m", "handbook.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
        env=env,
    )


@pytest.fixture
def place(tmp_path):
    """tmp_path/edition (the minimal edition with a case export) and, beside it, tmp_path/outside with
    secrets in every form a link could reach: a data file, a page, an environment file, an export."""
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", edition)
    write(edition / "process.yaml", URGENT_PROCESS)
    write(edition / "cases.yaml", URGENT_CASES.format(suffix="csv"))
    (edition / "exports").mkdir()
    (edition / "exports" / "cases.csv").write_text(CSV, encoding="utf-8")
    (edition / "pages").mkdir()
    write(edition / "pages" / "snow.md", "# Snow\n\nShovel it.\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "partners.yaml").write_text(PARTNERS, encoding="utf-8")
    (outside / ".env").write_text(f"API_KEY={SECRET}\n", encoding="utf-8")
    (outside / "leak.md").write_text(PAGE, encoding="utf-8")
    (outside / "cases.csv").write_text(CSV.replace("U1", SECRET), encoding="utf-8")
    for folder in ("modules", "policies", "pages", "exports"):
        (outside / folder).mkdir()
    shutil.copy(edition / "modules" / "01-basics.yaml", outside / "modules" / "01-basics.yaml")
    (outside / "modules" / "02-leak.yaml").write_text(f"id: leak\nnumber: 2\ntitle: {SECRET}\n", encoding="utf-8")
    (outside / "pages" / "leak.md").write_text(PAGE, encoding="utf-8")
    (outside / "exports" / "cases.csv").write_text(CSV.replace("U1", SECRET), encoding="utf-8")
    return tmp_path


def relink(path: pathlib.Path, target) -> None:
    """Replace path (a file or a folder) by a symbolic link to target."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.symlink_to(target)


def fifo(path: pathlib.Path) -> None:
    os.mkfifo(path)


def unix_socket(path: pathlib.Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


OUT = "is a link to outside this edition; copy the file in instead"
SPECIAL = "an edition holds only regular files and folders"

# case -> (what to do in tmp_path, the place and words expected on stderr)
CASES = {
    "data file to a file outside": (
        lambda t: relink(t / "edition/partners.yaml", t / "outside/partners.yaml"),
        "edition/partners.yaml:1:1: this " + OUT,
    ),
    "module to an environment file": (
        lambda t: relink(t / "edition/modules/02-leak.yaml", t / "outside/.env"),
        "edition/modules/02-leak.yaml:1:1: this " + OUT,
    ),
    "page to a page outside": (
        lambda t: relink(t / "edition/pages/leak.md", t / "outside/leak.md"),
        "edition/pages/leak.md:1:1: this " + OUT,
    ),
    "page to /proc/self/environ": (
        lambda t: relink(t / "edition/pages/env.md", "/proc/self/environ"),
        "edition/pages/env.md:1:1: this " + OUT,
    ),
    "data file to /dev/zero": (
        lambda t: relink(t / "edition/programs.yaml", "/dev/zero"),
        "edition/programs.yaml:1:1: this " + OUT,
    ),
    "page to /dev/zero": (
        lambda t: relink(t / "edition/pages/zero.md", "/dev/zero"),
        "edition/pages/zero.md:1:1: this " + OUT,
    ),
    "relative link up and out": (
        lambda t: relink(t / "edition/pages/leak.md", "../../outside/leak.md"),
        "edition/pages/leak.md:1:1: this " + OUT,
    ),
    "a chain of links": (
        lambda t: (
            relink(t / "hop2", t / "outside/leak.md"),
            relink(t / "hop1", t / "hop2"),
            relink(t / "edition/pages/leak.md", t / "hop1"),
        ),
        "edition/pages/leak.md:1:1: this " + OUT,
    ),
    "a link to the edition's own file": (
        lambda t: (
            shutil.copy(t / "outside/partners.yaml", t / "edition/p.yaml"),
            relink(t / "edition/partners.yaml", "p.yaml"),
        ),
        "edition/partners.yaml:1:1: this is a link (an edition holds no links",
    ),
    "folder modules/": (
        lambda t: relink(t / "edition/modules", t / "outside/modules"),
        "edition/modules:1:1: this " + OUT,
    ),
    "folder policies/": (
        lambda t: relink(t / "edition/policies", t / "outside/policies"),
        "edition/policies:1:1: this " + OUT,
    ),
    "folder pages/": (lambda t: relink(t / "edition/pages", t / "outside/pages"), "edition/pages:1:1: this " + OUT),
    "folder exports/": (
        lambda t: relink(t / "edition/exports", t / "outside/exports"),
        "edition/exports:1:1: this " + OUT,
    ),
    "case export to a file outside": (
        lambda t: relink(t / "edition/exports/cases.csv", t / "outside/cases.csv"),
        "edition/exports/cases.csv:1:1: this " + OUT,
    ),
    "case export to /dev/zero": (
        lambda t: relink(t / "edition/exports/cases.csv", "/dev/zero"),
        "edition/exports/cases.csv:1:1: this " + OUT,
    ),
    "a FIFO as a data file": (
        lambda t: fifo(t / "edition/programs.yaml"),
        "edition/programs.yaml:1:1: this is a FIFO (named pipe), not a file; " + SPECIAL,
    ),
    "a FIFO as a page": (
        lambda t: fifo(t / "edition/pages/pipe.md"),
        "edition/pages/pipe.md:1:1: this is a FIFO (named pipe), not a file; " + SPECIAL,
    ),
    "a FIFO as a case export": (
        lambda t: (os.unlink(t / "edition/exports/cases.csv"), fifo(t / "edition/exports/cases.csv")),
        "edition/exports/cases.csv:1:1: this is a FIFO (named pipe), not a file; " + SPECIAL,
    ),
    "a socket as a page": (
        lambda t: unix_socket(t / "edition/pages/s.md"),
        "edition/pages/s.md:1:1: this is a socket, not a file; " + SPECIAL,
    ),
    "a socket as a module": (
        lambda t: unix_socket(t / "edition/modules/02-s.yaml"),
        "edition/modules/02-s.yaml:1:1: this is a socket, not a file; " + SPECIAL,
    ),
}


def base_with_a_link(t: pathlib.Path) -> None:
    """The edition extends ../base, whose partners.yaml is a link out."""
    shutil.copytree(FIXTURES / "minimal", t / "base")
    relink(t / "base/partners.yaml", t / "outside/partners.yaml")
    with open(t / "edition/jurisdiction.yaml", "a", encoding="utf-8") as file:
        file.write("extends: ../base\n")


CASES["a link in a base edition reached by extends"] = (base_with_a_link, "base/partners.yaml:1:1: this " + OUT)


def no_secret_in(folder: pathlib.Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_and_build_refuse_it_at_its_path(place, case):
    make, expected = CASES[case]
    make(place)
    for command in (["check"], ["build", "--out", "site", "--no-pdf"]):
        result = handbook(place, *command, "--data", "edition")
        assert result.returncode != 0, (command, result.stdout, result.stderr)
        assert expected in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert SECRET not in result.stdout + result.stderr
    if (place / "site").exists():
        no_secret_in(place / "site")


def test_a_clean_edition_with_the_same_files_builds(place):
    """The fixture itself is good: what fails above fails because of the link or the special file."""
    for command in (["check"], ["build", "--out", "site", "--no-pdf"]):
        result = handbook(place, *command, "--data", "edition")
        assert result.returncode == 0, result.stderr
    no_secret_in(place / "site")


@pytest.mark.parametrize("followed", ["partners.yaml", "pages/leak.md"])
def test_without_the_refusal_the_secret_would_be_published(place, followed):
    """The same file copied in (not linked) reaches the site: so a followed link would have leaked it."""
    target = place / "edition" / followed
    shutil.copy(place / "outside" / pathlib.Path(followed).name, target)
    result = handbook(place, "build", "--out", "site", "--no-pdf", "--data", "edition")
    assert result.returncode == 0, result.stderr
    assert any(SECRET.encode() in p.read_bytes() for p in (place / "site").rglob("*") if p.is_file())


def victim(folder: pathlib.Path) -> dict[str, bytes]:
    """A folder outside the output that a build deleting through a link would empty."""
    (folder / "20250101-000000-1-abcdef" / "staff").mkdir(parents=True)
    (folder / "20250101-000000-1-abcdef" / "staff" / "index.html").write_text("keep me", encoding="utf-8")
    (folder / "precious.txt").write_text("keep me too", encoding="utf-8")
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", [".builds is a link", "an entry of .builds is a link", "current leads outside"])
def test_a_linked_builds_folder_never_makes_the_build_delete_outside(place, how):
    good = handbook(place, "build", "--out", "site", "--no-pdf", "--data", "edition")
    assert good.returncode == 0, good.stderr
    outside = place / "victim"
    outside.mkdir()
    before = victim(outside)
    builds = place / "site" / ".builds"
    if how == ".builds is a link":
        shutil.rmtree(builds)
        builds.symlink_to(outside)
        where = f"{builds}: this is a link to {outside}"
    elif how == "an entry of .builds is a link":
        (builds / "20250101-000000-1-abcdef").symlink_to(outside / "20250101-000000-1-abcdef")
        where = f"{builds / '20250101-000000-1-abcdef'}: this is a link to"
    else:
        current = place / "site" / "current"
        current.unlink()
        current.symlink_to(outside / "20250101-000000-1-abcdef")
        where = f"{current}: this is a link to {outside}"
    for force in ([], ["--force"]):
        result = handbook(place, "build", "--out", "site", "--no-pdf", "--data", "edition", *force)
        assert result.returncode != 0 and where in result.stderr and "nothing was deleted" in result.stderr, (
            result.stderr
        )
        assert "Traceback" not in result.stderr
        assert {str(p.relative_to(outside)): p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "failure, words",
    [
        (
            OSError(28, "No space left on device", "/cache/pdf/x.pdf"),
            "the PDF step could not write /cache/pdf/x.pdf under",
        ),
        (
            __import__("concurrent.futures.process").futures.process.BrokenProcessPool("gone"),
            "a PDF worker process stopped before its work was done",
        ),
    ],
)
def test_a_full_cache_disk_during_the_pdf_step_is_one_line_and_the_old_site_stays(
    minimal, tmp_path, run, monkeypatch, failure, words
):
    from handbook.build import pdf_step

    out = tmp_path / "site"
    assert run("build", "--data", minimal, "--out", out, "--no-pdf")[0] == 0
    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(
        minimal / "modules" / "01-basics.yaml",
        (minimal / "modules" / "01-basics.yaml").read_text(encoding="utf-8") + "# changed\n",
    )

    def fails(*args, **kwargs):
        raise failure

    monkeypatch.setattr(pdf_step, "build_pdfs", fails)
    code, _, err = run("build", "--data", minimal, "--out", out)
    assert code == 1 and words in err and "Traceback" not in err, err
    assert err.startswith("error: ") and err.count("\n") == 2, err
    assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
