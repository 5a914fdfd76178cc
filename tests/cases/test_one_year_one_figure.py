"""One definition of a year's figures: `handbook report --year` and the build's annual report measure the same
cases as of the same day (the end of the export's day, or 31 December, whichever is earlier) and give the same
figures, for an export of the whole year and one made before the year ends; a report cut short says which
quarter is partial. Checked on the sample, Lee's Summit (both exported on November 30) and a hand-made export."""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import pathlib
import shutil

import pytest
from test_cases_measure import CASES_YAML, edition_with

from handbook.cases import exports, measure
from handbook.edition import load_edition
from handbook.pdf import documents
from helpers import DATA, ROOT, write

# the sample settings of test_cases_measure, with the day the export was made
CASES_YAML_AS_OF = CASES_YAML.replace("files: [exports/cases.csv]\n", "files: [exports/cases.csv]\nas_of: {day}\n")


class Cells(html.parser.HTMLParser):
    """The rows of the annual report's first table, and the report's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.row, self.cell, self.text = [], None, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell += data


def annual_report(edition_dir: pathlib.Path) -> Cells:
    edition = load_edition(edition_dir)
    job = next(
        job
        for job in documents.iter_jobs(edition, dt.date(2026, 12, 1), ("public",))
        if job.download.file.startswith("annual-report-")
    )
    parsed = Cells()
    parsed.feed(job.html)
    return parsed


def command(run, edition_dir: pathlib.Path, year: int) -> tuple[dict, str]:
    code, out, err = run("report", "--year", str(year), "--data", edition_dir)
    assert code == 0, err
    return {(r["period"], r["category"]): r for r in csv.DictReader(io.StringIO(out))}, err


def same_figures(run, edition_dir: pathlib.Path, year: int) -> tuple[Cells, str]:
    report = annual_report(edition_dir)
    rows, err = command(run, edition_dir, year)
    edition = load_edition(edition_dir)
    names = {c.name: c for c in edition.process.categories}
    compared = 0
    for row in report.tables[0][1:]:
        name, received, response, resolution, still_open = row
        category = names[name]
        csv_row = rows[str(year), category.id]
        assert received == f"{int(csv_row['received']):,}"
        assert still_open == f"{int(csv_row['open']):,}"
        for shown, key, target in (
            (response, "response_rate", category.initial_response),
            (resolution, "resolution_rate", category.resolution_target),
        ):
            if target is not None and csv_row[key]:
                assert shown == f"{csv_row[key]}%", (name, key)
                compared += 1
    assert compared >= 1
    return report, err


@pytest.mark.parametrize("edition_dir", [DATA, ROOT / "examples" / "lees-summit"], ids=["data", "lees-summit"])
def test_an_export_made_on_november_30_gives_one_set_of_figures(run, edition_dir):
    report, err = same_figures(run, edition_dir, 2026)
    text = " ".join(" ".join(report.text).split())
    assert "2026-Q4 is partial (October 1 – November 30)" in text
    assert "2026-Q4 (partial: October 1 – November 30)" in text
    assert "from January 1 to November 30, 2026" in text
    assert "2026-Q4 is partial (October 1 – November 30)" in err


def test_a_case_due_after_the_export_is_not_yet_decided(run, tmp_path):
    """Exported on December 29: U6 (opened Monday December 28, 24 hours to respond, none yet) is due on the
    29th at 09:00 and missed; S4 (opened December 15, 2 business days to respond) is missed; S6's 30 days to
    resolve run to December 31, after the export: not yet decided (measured to December 31 it would be neither,
    closed on January 5). U5 and S5, opened after the export was made, are not counted at all."""
    root = edition_with(tmp_path / "ed", cases_yaml=CASES_YAML_AS_OF.format(day="2026-12-29"))
    report, err = same_figures(run, root, 2026)
    rows, _ = command(run, root, 2026)
    assert rows["2026", "urgent"]["received"] == "5" and rows["2026", "standard"]["received"] == "5"
    assert "2026-Q4 is partial (October 1 – December 29)" in err


def test_an_export_of_the_whole_year(run, tmp_path):
    root = edition_with(tmp_path / "ed", cases_yaml=CASES_YAML_AS_OF.format(day="2026-12-31"))
    report, err = same_figures(run, root, 2026)
    assert "partial" not in err and "partial" not in " ".join(report.text)
    assert "from January 1 to December 31, 2026" in " ".join(" ".join(report.text).split())


def test_a_late_target_is_not_counted_missed_by_the_command(run, tmp_path):
    """The case the two disagreed on: opened November 27, 2 business days to respond, no response by the export
    on November 30 (one business day after it opened): measured to December 31 the command called it missed."""
    rows = ["S7,Property Maintenance,2026-11-27,,,Complaint,1,14 Oak St,"] + [
        f"S{n},Property Maintenance,2026-11-0{n},2026-11-0{n},,Complaint,1,1 Oak St," for n in range(1, 6)
    ]
    root = edition_with(tmp_path / "ed", rows=rows, cases_yaml=CASES_YAML_AS_OF.format(day="2026-11-30"))
    found, _ = command(run, root, 2026)
    assert (found["2026", "standard"]["response_met"], found["2026", "standard"]["response_rate"]) == ("5", "100.0")
    same_figures(run, root, 2026)


def test_the_annual_report_names_every_policy_that_asks_for_it(tmp_path):
    root = tmp_path / "ls"
    shutil.copytree(ROOT / "examples" / "lees-summit", root)
    policy = (root / "policies" / "proactive-enforcement.yaml").read_text(encoding="utf-8")
    write(
        root / "policies" / "rental-licensing.yaml",
        policy.replace("id: proactive-enforcement", "id: rental-reporting").replace(
            "Community and Economic Development Committee", "Board of Testing"
        ),
    )
    edition = load_edition(root)
    titles = [p.title for p in edition.policies if p.reporting]
    assert len(titles) == 2
    text = " ".join(" ".join(annual_report(root).text).split())
    assert "Prepared for Community and Economic Development Committee" in text
    assert "Prepared for Board of Testing" in text


def test_year_as_of():
    class Export:
        as_of = dt.date(2027, 1, 5)

    assert measure.year_as_of(Export, 2026) == dt.date(2026, 12, 31)
    Export.as_of = dt.date(2026, 11, 30)
    assert measure.year_as_of(Export, 2026) == dt.date(2026, 11, 30)
    assert measure.partial_quarter(2026, dt.date(2026, 11, 30))[1] == "October 1 – November 30"
    assert measure.partial_quarter(2026, dt.date(2026, 9, 30)) is None
    assert exports  # the module the measures read


def test_districts_sort_as_numbers(tmp_path):
    rows = [
        f"D{n},Property Maintenance,2026-03-0{n % 9 + 1},2026-03-0{n % 9 + 1},,Complaint,District {n},1 Oak St,"
        for n in (10, 2, 1, 11, 3)
    ] + ["D0,Property Maintenance,2026-03-02,2026-03-02,,Complaint,,1 Oak St,"]
    root = edition_with(tmp_path / "ed", rows=rows)
    edition = load_edition(root)
    export = exports.load(edition)
    found = measure.figures(export, edition, measure.year_periods(2026)[:1], dt.date(2026, 12, 31), by="district")
    assert [f.group for f in found] == [
        "District 1",
        "District 2",
        "District 3",
        "District 10",
        "District 11",
        "not recorded",
    ]
