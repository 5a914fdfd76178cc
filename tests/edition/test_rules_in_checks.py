"""Every rule is in edition/checks/ and only reports: `check` finds the FIXMEs and what a department page will lose
(once reported while files were read), and running it leaves the Edition as loading made it."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from handbook.edition import checks, load_edition
from helpers import DATA, write

TODAY = dt.date(2026, 3, 1)


def test_check_changes_nothing_in_the_edition():
    edition = load_edition(DATA)
    assert edition.cases.paths and edition.cases.roots  # loading worked out where each export is
    before = (repr(edition), edition.cases.paths, edition.cases.roots)
    checks.check(edition, [], TODAY)
    assert (repr(edition), edition.cases.paths, edition.cases.roots) == before
    edition.cases.found_at([], [])
    checks.check(edition, [], TODAY)
    assert edition.cases.paths == [] and edition.cases.roots == []  # a rule that set them would be changing the model


def test_the_fixmes_and_the_department_pages_rules_run_in_check(minimal):
    write(
        minimal / "jurisdiction.yaml",
        "name: Testville\ndepartment: Department of Testing\nmission: FIXME say what the department is for\n",
    )
    write(minimal / "pages" / "snow.md", "---\ntitle: Snow\n---\n\nClear the walk.\u200b\n\n<script>x()</script>\n")
    edition = load_edition(minimal)
    loaded = [str(w) for w in edition.warnings]
    problems = []
    checks.check(edition, problems, dt.date.today())
    found = [str(p) for p in problems]
    for words in (
        "still to be filled in: FIXME say what the department is for",
        "invisible character",
        "the HTML tag <script> is removed from the page",
    ):
        assert [w for w in found if words in w] == [w for w in loaded if words in w] != [], words
    assert any(w.startswith(f"{minimal / 'pages' / 'snow.md'}:5:16: warning: an invisible character") for w in found)
    assert any(w.startswith(f"{minimal / 'pages' / 'snow.md'}:7:1: warning: the HTML tag <script>") for w in found)


def test_a_placeholder_on_a_public_page_is_reported_at_its_line_after_blank_lines(minimal):
    """The page's body is kept stripped; the rule reads it as written, so the line is the file's."""
    write(minimal / "pages" / "snow.md", "---\ntitle: Snow\npublic: true\n---\n\n\nTBD here\n")
    edition = load_edition(minimal)
    assert [str(w).split(": the public")[0] for w in edition.warnings if "TBD" in w.message] == [
        f"{minimal / 'pages' / 'snow.md'}:7:1: warning"
    ]


@pytest.mark.parametrize(
    "file,line,what",
    [
        ("jurisdiction.yaml", "last_verified: 2020-01-01\n", "the jurisdiction"),
        ("process.yaml", "last_verified: 2020-01-01\n", "the process guide"),
    ],
)
def test_check_warns_about_what_the_about_page_marks_due(minimal, file, line, what):
    """The About page dates the jurisdiction and the process guide too: what it marks due, `check` warns about,
    at the line of the date."""
    from handbook.pages.about import data_page

    path = minimal / file
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(before + line, encoding="utf-8")
    number = (before + line).count("\n")
    edition = load_edition(minimal)
    warned = [w for w in edition.warnings if "last verified on 2020-01-01" in w.message]
    assert [(pathlib.Path(w.path).name, w.line, w.message.split(" was ")[0]) for w in warned] == [
        (file, number, what + (" (name, contact, settings)" if file == "jurisdiction.yaml" else ""))
    ]
    assert "Due for a check" in data_page(edition, dt.date(2026, 12, 5))
    assert checks.stale(dt.date(2020, 1, 1), edition.jurisdiction.stale_after_months, dt.date(2026, 12, 5))
