"""Shared fixtures (small editions to break on purpose, the CLI in-process, the default site built once) and SLOW,
the one list of the tests `make fast` leaves out."""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

from handbook import cli, paths
from handbook.build import build
from helpers import DATA, FIXTURES, TESTS

# ---------------------------------------------------------------------------------------------- what is slow
# The one place that decides which tests are slow: `make fast` (`pytest -m "not slow"`) leaves them out, `make test`
# runs every test. A test is slow when it does one of the things below; each is named once, by the fixture that does
# it (any test that uses the fixture, directly or through another fixture, is slow), or by the test file or the test
# (`file::function`, every parameter of it) that does it in its own body. Paths are relative to tests/; a folder
# ends with "/". Building the minimal test edition once or twice in-process is not slow (under a second a build).
# tests/test_slow.py checks that every name here still exists and that no test file marks itself.
SLOW: dict[str, set[str]] = {
    "drives headless Chromium (also marked `browser`)": {"browser/"},
    "builds the site of the sample, a city, a filled scaffold or the national base, or one site per marked field": {
        "built_site",
        "built_site_html",
        "edition_sites",
        "example_sites",
        "lees_summit_site",
        "hostile_build",
        "titled_build",
        "marked",
        "marked_site",
        "engine_sites",
        "cases/test_cases_privacy.py::test_no_case_detail_reaches_the_public",
        "pages/test_every_edition.py::test_a_new_edition_with_its_fixmes_filled_passes_strict_and_builds",
        "pdf/test_pdf.py::test_sheet_that_cannot_fit_stops_the_build_and_says_how_many_fit",
        "build/test_integrity.py::test_a_change_two_levels_up_is_rebuilt_and_nothing_else_is",
    },
    "lays out handbook.pdf, every PDF of the sample, or a sheet again and again": {
        "books",
        "pdf/test_book.py::test_an_edit_to_one_chapter_lays_out_only_its_chunk_again",
        "test_extending.py::test_a_new_page_is_in_the_nav_the_site_and_the_handbook_pdf",
        "build/test_safety.py::test_the_pdf_step_opens_no_file_outside_the_allowed_folders",
        "pdf/test_sheet.py::test_fit_only_gets_worse_as_programs_are_added",
        "pdf/test_sheet_in_check.py::test_check_reports_the_sheet_the_build_refuses_at_the_long_program",
    },
    "runs the handbook in child processes (about 0.7 s each to start): hostile editions and links under time and "
    "memory limits, builds killed, raced, run as another user or without fonts": {
        "good_site",
        "injection_site",
        "build/test_hostile.py::test_build_with_relative_out_from_another_folder",
        "build/test_links_and_special_files.py::test_check_and_build_refuse_it_at_its_path",
        "build/test_links_and_special_files.py::test_a_clean_edition_with_the_same_files_builds",
        "build/test_links_and_special_files.py::test_without_the_refusal_the_secret_would_be_published",
        "build/test_links_and_special_files.py::test_a_linked_builds_folder_never_makes_the_build_delete_outside",
        "build/test_integrity.py::test_killed_builds_never_leave_two_audiences_from_different_builds",
        "build/test_integrity.py::test_two_builds_at_once_both_end_cleanly",
        "build/test_integrity.py::test_a_full_disk_and_a_read_only_disk_leave_the_previous_output_as_it_was",
        "build/test_integrity.py::test_an_unreadable_folder_or_file_is_an_error_never_an_absence",
        "build/test_integrity.py::test_a_build_into_a_folder_it_may_not_write_stops_cleanly",
        "build/test_integrity.py::test_a_closed_pipe_ends_quietly",
        "pdf/test_workers_die_with_the_build.py",
        "pdf/test_font_folders.py::test_a_build_with_pdfs_leaves_no_font_folder_behind",
        "pdf/test_font_folders.py::"
        "test_a_pdf_laid_out_in_the_main_process_copies_the_fonts_into_the_cache_and_leaves_nothing",
        "pdf/test_fonts.py::test_a_machine_without_liberation_fonts_lays_out_in_liberation_sans",
        "pages/test_site.py::test_plain_mkdocs_build_uses_the_edition_its_plugin_names",
        "site/test_engines.py::test_a_failed_zensical_run_is_a_clear_error_and_leaves_the_site",
        "site/test_engines.py::test_zensical_runs_in_a_child_that_dies_with_the_build",
    },
    "feeds a huge input (in a child process with a time limit) to show the work grows linearly": {
        "build/test_safety.py::test_a_field_of_twenty_thousand_brackets_renders_at_once",
        "build/test_page_safety.py::test_a_page_of_twenty_thousand_brackets_is_checked_and_rendered_at_once",
        "cases/test_hostile_exports.py::"
        "test_a_small_workbook_of_a_million_rows_with_wrong_columns_is_refused_before_its_rows",
    },
}
SLOW_NAMES = set().union(*SLOW.values())


def slow_names(item) -> set[str]:
    """The names in SLOW that make a collected test slow: its folders, its file, itself and its fixtures."""
    path = item.path.resolve()
    if not path.is_relative_to(TESTS):
        return set()
    where = path.relative_to(TESTS)
    places = {f"{folder.as_posix()}/" for folder in where.parents if folder.parts}
    places |= {where.as_posix(), f"{where.as_posix()}::{getattr(item, 'originalname', item.name)}"}
    return SLOW_NAMES & (places | set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items):
    """Mark browser tests `browser`, and every test that SLOW names `slow`."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if slow_names(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory) -> pathlib.Path:
    """The build cache of the test session ($HANDBOOK_CACHE for the command line, handbook.paths.CACHE for a build
    called in-process), so tests leave the project's .cache/ alone."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["HANDBOOK_CACHE"] = str(folder)
    os.environ.setdefault("MPLCONFIGDIR", str(folder / "matplotlib"))  # as the command line sets it
    paths.CACHE = folder
    return folder


@pytest.fixture
def minimal(tmp_path) -> pathlib.Path:
    """A copy of the smallest valid edition, to be changed by a test."""
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def default_copy(tmp_path) -> pathlib.Path:
    """A copy of the default edition in data/, to be changed by a test."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def run(capsys):
    """Run the handbook CLI in-process; returns (exit code, stdout, stderr)."""

    def runner(*args: str):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return runner


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> pathlib.Path:
    """The default edition built once for the whole session: OUT/staff and OUT/public."""
    out = tmp_path_factory.mktemp("site")
    build(DATA, out, ["staff", "public"])
    return out


@pytest.fixture(scope="session")
def built_site_html(tmp_path_factory) -> pathlib.Path:
    """The default edition's two sites without PDFs, built once for the session (fast page tests)."""
    out = tmp_path_factory.mktemp("site-html")
    build(DATA, out, ["staff", "public"], pdf=False)
    return out
