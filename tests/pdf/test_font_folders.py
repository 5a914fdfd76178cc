"""WeasyPrint copies the print stylesheet's fonts into a folder of their own (2.2 MB) for every process that
lays out a PDF. It made that folder in the system's temporary folder and never removed it from a worker
(which ends with os._exit): every build left several behind, 290 MB in a day of builds. The folders are now
made in the build's cache and removed when each process ends, with no "Exception ignored" at shutdown;
the next build removes one left by a process that was killed."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

from handbook.pdf import engine, writer
from helpers import DATA, FIXTURES, ROOT


def run_python(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    """Python in a process of its own, with its own temporary folder and cache."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "HANDBOOK_CACHE": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def run_cli(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return run_python(tmp_path, "-m", "handbook.cli", *args)


def left_over(tmp_path: pathlib.Path) -> list[str]:
    found = [*(tmp_path / "tmp").glob("weasyprint-*"), *(tmp_path / "cache").rglob(f"{engine.FONT_PREFIX}*")]
    return sorted(str(p.relative_to(tmp_path)) for p in found)


def test_a_build_with_pdfs_leaves_no_font_folder_behind(tmp_path):
    done = run_cli(tmp_path, "build", "--data", str(FIXTURES / "minimal"), "--out", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "site" / "staff" / "downloads").glob("agenda-*.pdf"))  # PDFs were laid out
    assert left_over(tmp_path) == []
    assert "Exception ignored" not in done.stderr


def test_a_pdf_laid_out_in_the_main_process_copies_the_fonts_into_the_cache_and_leaves_nothing(tmp_path):
    """`handbook agenda --pdf` lays out in its own process: its fonts go in $HANDBOOK_CACHE too."""
    target = tmp_path / "agenda.pdf"
    script = (
        "import sys; from handbook import cli; from handbook.pdf import engine; "
        f"code = cli.main(['agenda', 'purpose', '--data', {str(DATA)!r}, '--date', '2027-03-02', '--pdf', "
        f"{str(target)!r}]); print(engine.stylesheet(engine.STYLESHEET.read_text(encoding='utf-8'))[1]._folder); "
        "sys.exit(code)"
    )
    done = run_python(tmp_path, "-c", script)
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 0
    folder = pathlib.Path(done.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "cache" / "pdf" / engine.FONTS  # where it was while it ran
    assert left_over(tmp_path) == []
    assert "Exception ignored" not in done.stderr


def test_the_fonts_are_copied_into_the_cache_while_the_process_runs(tmp_path):
    engine.use_font_home(tmp_path / "pdf")
    try:
        parsed, fonts, _ = engine.stylesheet(engine.STYLESHEET.read_text(encoding="utf-8"))
        folder = pathlib.Path(fonts._folder)
        assert folder.parent == tmp_path / "pdf" / engine.FONTS and len(list(folder.iterdir())) >= 4
    finally:
        engine._font_home = None


def test_the_next_build_removes_the_folder_of_a_killed_process(tmp_path):
    fonts = tmp_path / engine.FONTS
    old, new = fonts / f"{engine.FONT_PREFIX}123-a", fonts / f"{engine.FONT_PREFIX}456-b"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "font").write_bytes(b"x")
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    writer.prune(tmp_path)
    assert not old.exists() and new.exists()  # a running build's folder stays
