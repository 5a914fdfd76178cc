"""The measures on small hand-made exports; every expected figure is worked out by hand in the comments.

January 2026: Thursday the 1st, Saturday the 3rd and 10th, Monday the 5th, 12th and 19th (made a
holiday in jurisdiction.yaml). December 2026: Monday the 28th, Thursday the 31st. The edition has no
`state`, so its only holiday is the one it lists.
"""

from __future__ import annotations

import csv
import io
import pathlib
import shutil

import pytest

from handbook import text
from handbook.cases import exports, measure
from handbook.edition import load_edition
from handbook.problems import EditionError
from helpers import FIXTURES, URGENT_PROCESS, write

PROCESS = (
    URGENT_PROCESS
    + """  - id: standard
    name: Standard
    initial_response: 2 business days
    resolution_target: 30 calendar days
    public: true
"""
)

CASES_YAML = """
files: [exports/cases.csv]
columns:
  id: Case Number
  category: Case Type
  opened: Date Opened
  first_response: First Inspection
  closed: Date Closed
  source: Origin
  district: Council District
categories:
  "Dangerous Building": urgent
  "Property Maintenance": standard
  "Animal Control": skip
"""

HEADER = "Case Number,Case Type,Date Opened,First Inspection,Date Closed,Origin,Council District,Address,Notes\n"
ROWS = [
    # urgent: 24 hours to respond, 2 business days to resolve
    # 24 h met; Jan 6,7 = 2 met
    "U1,Dangerous Building,2026-01-05 08:00,2026-01-06 08:00,2026-01-07,Complaint,1,1 Elm St,",
    # 25 h missed; 6,7,8,9 = 4 missed
    "U2,Dangerous Building,2026-01-05 08:00,2026-01-06 09:00,2026-01-09,Complaint,1,2 Elm St,",
    # 5 h met; 17-19 not, 20,21 = 2 met
    "U3,Dangerous Building,2026-01-16 10:00,2026-01-16 15:00,2026-01-21,Complaint,2,3 Elm St,",
    # Saturday: 11 h met; 12,13 = 2 met
    "U4,Dangerous Building,2026-01-10 09:00,2026-01-10 20:00,2026-01-13,Proactive,2,4 Elm St,",
    "U5,Dangerous Building,2026-12-31 10:00,,,Complaint,1,5 Elm St,",  # due Jan 1 10:00: not passed, left out
    "U6,Dangerous Building,2026-12-28 09:00,,,Complaint,1,6 Elm St,",  # due Dec 29: missed; 29,30,31 = 3 missed
    # standard: 2 business days to respond, 30 calendar days to resolve
    "S1,Property Maintenance,03/02/2026,03/04/2026,04/01/2026,Complaint,1,7 Oak St,",  # 3,4 = 2 met; 30 days met
    "S2,Property Maintenance,03/02/2026,03/05/2026,04/02/2026,Complaint,1,8 Oak St,",  # 3 missed; 31 days missed
    "S3,Property Maintenance,2026-03-06,2026-03-06,,Proactive,2,9 Oak St,",  # same day 0 met; open 300 days missed
    # 12 business days by Dec 31 missed; 16 days: left out
    "S4,Property Maintenance,2026-12-15,,,Complaint,2,10 Oak St,",
    "S5,Property Maintenance,2026-12-30,,,Complaint,2,11 Oak St,",  # 1 business day: left out; left out
    # 1 met; closed after Dec 31: 30 days, left out, open
    "S6,Property Maintenance,2026-12-01,2026-12-02,2027-01-05,Complaint,1,12 Oak St,",
    "A1,Animal Control,2026-02-01,2026-02-01,2026-02-02,Complaint,1,13 Oak St,",  # skipped on purpose
]


def edition_with(root: pathlib.Path, rows=ROWS, cases_yaml=CASES_YAML) -> pathlib.Path:
    shutil.copytree(FIXTURES / "minimal", root)
    write(
        root / "jurisdiction.yaml",
        """
        name: Testville
        department: Department of Testing
        mission: Keep test homes safe.
        holidays:
          - date: 2026-01-19
            name: Martin Luther King Jr. Day
        """,
    )
    write(root / "process.yaml", PROCESS)
    write(root / "cases.yaml", cases_yaml)
    (root / "exports").mkdir(exist_ok=True)
    (root / "exports" / "cases.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return root


def report_rows(run, root: pathlib.Path, tmp_path: pathlib.Path) -> dict[tuple[str, str], dict]:
    target = tmp_path / "out.csv"
    code, out, err = run("report", "--year", "2026", "--data", root, "--csv", target)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "period,category,received,response_met,response_rate,resolution_met,resolution_rate,open"
    )
    return {(row["period"], row["category"]): row for row in csv.DictReader(io.StringIO(text))}


def test_the_year_and_its_quarters_worked_out_by_hand(run, tmp_path):
    rows = report_rows(run, edition_with(tmp_path / "ed"), tmp_path)
    assert [key for key in rows] == [
        (p, c) for p in ("2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4") for c in ("urgent", "standard")
    ]
    # urgent: met U1 U3 U4; missed U2 U6; U5 left out -> 3 of 5; resolution the same; open U5 U6
    assert rows["2026", "urgent"] == {
        "period": "2026",
        "category": "urgent",
        "received": "6",
        "response_met": "3",
        "response_rate": "60.0",
        "resolution_met": "3",
        "resolution_rate": "60.0",
        "open": "2",
    }
    # standard: response met S1 S3 S6, missed S2 S4, S5 left out -> 3 of 5;
    # resolution met S1, missed S2 S3, S4 S5 S6 left out -> 1 of 3; open S3 S4 S5 S6
    assert rows["2026", "standard"] == {
        "period": "2026",
        "category": "standard",
        "received": "6",
        "response_met": "3",
        "response_rate": "60.0",
        "resolution_met": "1",
        "resolution_rate": "33.3",
        "open": "4",
    }
    # Q1: fewer than 5 received, so no rates
    assert rows["2026-Q1", "urgent"] == {
        "period": "2026-Q1",
        "category": "urgent",
        "received": "4",
        "response_met": "3",
        "response_rate": "",
        "resolution_met": "3",
        "resolution_rate": "",
        "open": "0",
    }
    assert (rows["2026-Q1", "standard"]["received"], rows["2026-Q1", "standard"]["open"]) == ("3", "1")
    assert rows["2026-Q2", "urgent"]["received"] == "0"
    assert [rows["2026-Q4", "urgent"][k] for k in ("received", "response_met", "resolution_met", "open")] == [
        "2",
        "0",
        "0",
        "2",
    ]
    assert [rows["2026-Q4", "standard"][k] for k in ("received", "response_met", "resolution_met", "open")] == [
        "3",
        "1",
        "0",
        "3",
    ]


def test_the_holiday_counts(run, tmp_path):
    """Without the holiday on Jan 19, U3's closing on the 21st is 3 business days after the 16th: missed."""
    root = edition_with(tmp_path / "ed")
    write(root / "jurisdiction.yaml", "name: Testville\ndepartment: Department of Testing\nmission: Keep it safe.\n")
    rows = report_rows(run, root, tmp_path)
    assert rows["2026", "urgent"]["resolution_met"] == "2"
    assert rows["2026", "urgent"]["resolution_rate"] == "40.0"


def test_a_weekend_opening_counts_from_the_next_business_day(tmp_path):
    """U4 opened on a Saturday and closed on Tuesday: Monday and Tuesday, 2 business days."""
    root = edition_with(tmp_path / "ed", rows=[ROWS[3]])
    edition = load_edition(root)
    export = exports.load(edition)
    found = measure.figures(export, edition, measure.year_periods(2026)[:1], measure.dt.date(2026, 12, 31))
    urgent = found[0]
    assert (urgent.received, urgent.resolution_met, urgent.resolution_known) == (1, 1, 1)
    assert urgent.median_response == 11.0  # hours from 09:00 to 20:00


def test_a_case_still_open_before_and_after_its_due_date(tmp_path):
    """S5 (opened Dec 30, 2 business days to respond) is left out on Dec 31 and missed on Jan 5."""
    root = edition_with(tmp_path / "ed", rows=[ROWS[10]])
    edition = load_edition(root)
    export = exports.load(edition)
    period = measure.year_periods(2026)[:1]
    before = measure.figures(export, edition, period, measure.dt.date(2026, 12, 31))[1]
    assert (before.received, before.response_met, before.response_known, before.open) == (1, 0, 0, 1)
    after = measure.figures(export, edition, period, measure.dt.date(2027, 1, 5))[1]  # Dec 31, Jan 1, 4, 5
    assert (after.response_met, after.response_known, after.open) == (0, 1, 1)
    cases, total = measure.past_due(export, edition, measure.dt.date(2027, 1, 5))
    assert total == 1 and cases[0][0] == "S5" and cases[0][3] == "no first response"


def test_an_unknown_category_is_listed_with_its_count(run, tmp_path):
    rows = ROWS + [
        "X1,Graffiti,2026-02-01,,,Complaint,1,,",
        "X2,Graffiti,2026-02-03,,,Complaint,1,,",
        "X3,Noise,2026-02-03,,,Complaint,1,,",
    ]
    root = edition_with(tmp_path / "ed", rows=rows)
    code, out, err = run("report", "--year", "2026", "--data", root)
    assert code == 1
    line = next(line for line in err.splitlines() if "Graffiti" in line)
    assert "cases.yaml:10:1:" in line  # the 'categories' key
    assert "'Graffiti' (2 cases); 'Noise' (1 case)" in line
    assert "Traceback" not in err


def test_a_bad_date_is_reported_at_its_row_and_column(run, tmp_path):
    rows = list(ROWS)
    rows[2] = rows[2].replace("2026-01-21", "2026-02-30")  # the 3rd case: spreadsheet row 4, column E
    root = edition_with(tmp_path / "ed", rows=rows)
    code, out, err = run("report", "--year", "2026", "--data", root)
    assert code == 1
    assert "exports/cases.csv:4:5: 'Date Closed' (column E) is not a date" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_message_never_quotes_a_cell_of_a_case_export(run, tmp_path, command):
    """A case export is the city's own records (owners, addresses): a message names the row and the column,
    never what a cell holds, even when a date column was mapped to the wrong one."""
    rows = list(ROWS)
    rows[0] = rows[0].replace("2026-01-06 08:00", "API_KEY=hunter2-secret")  # a date column holding other text
    rows[1] = rows[1].replace("U2,", "U1,", 1)  # a case number used twice
    root = edition_with(tmp_path / "ed", rows=rows)
    args = ["report", "--year", "2026"] if command == "report" else ["check"]
    code, out, err = run(*args, "--data", root)
    assert code == 1
    assert "exports/cases.csv:2:4: 'First Inspection' (column D) is not a date" in err
    assert "exports/cases.csv:3:1: this case number is already used (row 2)" in err
    assert "hunter2" not in out + err and "U1" not in out + err


def test_a_missing_column_is_reported_in_cases_yaml(run, tmp_path):
    root = edition_with(tmp_path / "ed", cases_yaml=CASES_YAML.replace("Date Opened", "Opened On"))
    code, out, err = run("report", "--year", "2026", "--data", root)
    assert code == 1
    assert "cases.yaml:5:11: " in err and "has no column 'Opened On'" in err


def test_an_export_outside_the_edition_is_refused(run, tmp_path):
    root = edition_with(tmp_path / "ed", cases_yaml=CASES_YAML.replace("exports/cases.csv", "../cases.csv"))
    code, out, err = run("check", "--data", root)
    assert code == 1
    assert "cases.yaml:1:9: '../cases.csv' is outside the edition's folder" in err


def test_an_xlsx_export_gives_the_same_figures(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    csv_root = edition_with(tmp_path / "csv")
    expected = report_rows(run, csv_root, tmp_path)
    root = edition_with(tmp_path / "xlsx", cases_yaml=CASES_YAML.replace("exports/cases.csv", "exports/cases.xlsx"))
    book = openpyxl.Workbook()
    sheet = book.active
    for line in csv.reader(io.StringIO(HEADER + "\n".join(ROWS))):
        sheet.append(
            [measure.dt.datetime.fromisoformat(v) if v[:4] == "2026" and len(v) > 10 else v or None for v in line]
        )
    book.save(root / "exports" / "cases.xlsx")
    assert report_rows(run, root, tmp_path) == expected


def test_an_xlsx_export_with_dates_as_excel_serials_gives_the_same_figures(run, tmp_path):
    """A date column formatted 'General' holds Excel's count of days (46083.5 is March 1, 2026, noon): read as the
    import of a sheet reads it (text.parse_when), so the figures are those of the CSV."""
    openpyxl = pytest.importorskip("openpyxl")
    expected = report_rows(run, edition_with(tmp_path / "csv"), tmp_path)
    root = edition_with(tmp_path / "xlsx", cases_yaml=CASES_YAML.replace("exports/cases.csv", "exports/cases.xlsx"))
    book = openpyxl.Workbook()
    lines = list(csv.reader(io.StringIO(HEADER + "\n".join(ROWS))))
    book.active.append(lines[0])
    serials = 0
    for line in lines[1:]:
        row = []
        for i, value in enumerate(line):
            when = text.parse_when(value) if 2 <= i <= 4 and value else None
            row.append((when - text.EXCEL_DAY_ZERO) / measure.dt.timedelta(days=1) if when else value or None)
            serials += when is not None
        book.active.append(row)
    book.save(root / "exports" / "cases.xlsx")
    assert serials > 20
    assert report_rows(run, root, tmp_path) == expected


def test_a_bad_date_in_an_xlsx_export_has_its_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    root = edition_with(tmp_path / "xlsx", cases_yaml=CASES_YAML.replace("exports/cases.csv", "exports/cases.xlsx"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Z1", "Dangerous Building", "2026-01-05", "soon", None, None, None, None, None])
    book.save(root / "exports" / "cases.xlsx")
    with pytest.raises(EditionError) as caught:
        exports.load(load_edition(root))
    assert [str(p) for p in caught.value.problems][0].endswith(
        "exports/cases.xlsx:2:4: 'First Inspection' (column D) is not a date; write it as "
        "YYYY-MM-DD or MM/DD/YYYY, with a time (14:30) if it has one"
    )


def test_a_category_whose_resolution_target_is_to_be_decided(run, tmp_path):
    """Lee's Summit's policy sets a response target but no resolution target: the response is measured
    (urgent as above: 3 of 5) and no case is counted as meeting or missing the open target."""
    root = edition_with(tmp_path / "ed")
    write(root / "process.yaml", PROCESS.replace("    resolution_target: 2 business days\n", ""))
    rows = report_rows(run, root, tmp_path)
    assert [
        rows["2026", "urgent"][k]
        for k in ("received", "response_met", "response_rate", "resolution_met", "resolution_rate", "open")
    ] == ["6", "3", "60.0", "0", "", "2"]
    assert rows["2026", "standard"]["resolution_met"] == "1"


def problems_of(root: pathlib.Path) -> list[str]:
    with pytest.raises(EditionError) as caught:
        exports.load(load_edition(root))
    return [str(p) for p in caught.value.problems]


def test_every_kind_of_bad_row_is_reported_at_its_row(tmp_path):
    rows = list(ROWS)
    rows[0] = rows[0].replace("U1,", "U2,")  # row 2: a case number used twice
    rows[3] = rows[3].replace(",Proactive,", ",Patrol,")  # row 5: a source not mapped
    rows[6] = rows[6].replace("03/02/2026,03/04/2026", "03/02/2026,03/01/2026")  # row 8: responded before opening
    rows[7] = ",Property Maintenance,03/02/2026,,,Complaint,1,,"  # row 9: no case number
    rows[8] = "S3,,2026-03-06,,,Complaint,1,,"  # row 10: no category
    rows[9] = "S4,Property Maintenance,,,,Complaint,1,,"  # row 11: no opened date
    rows[10] = rows[10].replace("2026-12-30,", "12/30/2026 25:00,")  # row 12: not a time
    found = problems_of(edition_with(tmp_path / "ed", rows=rows))
    expected = [
        "exports/cases.csv:12:3: 'Date Opened' (column C) is not a date",
        "exports/cases.csv:11:3: 'Date Opened' (column C) is empty; every case needs the date it was opened",
        "exports/cases.csv:9:1: 'Case Number' (column A) is empty; every case needs its case number",
        "exports/cases.csv:10:2: 'Case Type' (column B) is empty; every case needs its category",
        "exports/cases.csv:8:4: 'First Inspection' (column D) is before the case was opened; check both dates",
        "exports/cases.csv:3:1: this case number is already used (row 2); each case may appear once",
        "sources' does not map: 'Patrol' (1); map each to complaint or proactive",
    ]
    assert len(found) == len(expected), found
    for words in expected:
        assert sum(words in problem for problem in found) == 1, (words, found)


def test_rows_of_a_second_export_are_counted_from_its_own_header(tmp_path):
    root = edition_with(
        tmp_path / "ed",
        cases_yaml=CASES_YAML.replace("files: [exports/cases.csv]", "files: [exports/cases.csv, exports/more.csv]"),
    )
    (root / "exports" / "more.csv").write_text(
        HEADER + "M1,Dangerous Building,2026-02-02,,,Complaint,1,,\n"
        "M2,Dangerous Building,2026-02-03,someday,,Complaint,1,,\n"
        "U3,Graffiti,2026-02-03,,,Complaint,1,,\n",
        encoding="utf-8",
    )
    found = problems_of(root)
    assert any(
        p.endswith(
            "exports/more.csv:3:4: 'First Inspection' (column D) is not a date; "
            "write it as YYYY-MM-DD or MM/DD/YYYY, with a time (14:30) if it has one"
        )
        for p in found
    ), found
    assert any("exports/more.csv:4:1: this case number is already used (row 4)" in p for p in found), found
    assert any("'Graffiti' (1 case)" in p for p in found), found
