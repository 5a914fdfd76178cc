"""Lee's Summit ships a made-up case export, its outreach events and license counts, so its "How we are
doing" pages and the annual report its PACE policy asks for show out of the box. Its policy sets five
business days to investigate and no time to resolve a case: resolution is "no target set yet", never a
rate and never a chart."""

from __future__ import annotations

import csv
import html
import io
import re

import pypdf
import pytest

from handbook.build import build
from helpers import ROOT

EDITION = ROOT / "examples" / "lees-summit"
EXPORT = EDITION / "exports" / "made-up-cases-2026.csv"


@pytest.fixture(scope="module")
def lees_summit_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("lees-summit")
    build(EDITION, out, ["staff", "public"])
    return out


def export_rows() -> list[dict]:
    return list(csv.DictReader(EXPORT.open(encoding="utf-8")))


def words(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_export_says_it_is_made_up_and_has_nothing_real():
    rows = export_rows()
    assert len(rows) > 300
    assert {row["Notes"] for row in rows} == {"made-up example case, not a real one"}
    assert all(row["Owner"].startswith("Made-up Owner") for row in rows)
    assert "synthetic: true" in (EDITION / "cases.yaml").read_text(encoding="utf-8")


def test_the_report_counts_what_the_export_holds(run, tmp_path):
    target = tmp_path / "report.csv"
    code, _, err = run("report", "--year", "2026", "--data", EDITION, "--csv", target)
    assert code == 0, err
    found = {(r["period"], r["category"]): r for r in csv.DictReader(io.StringIO(target.read_text()))}
    opened_2026 = [r for r in export_rows() if r["Date Opened"].startswith("2026-")]
    year = found["2026", "every-complaint"]
    assert int(year["received"]) == len(opened_2026)
    by_quarter = [sum(1 for r in opened_2026 if (int(r["Date Opened"][5:7]) - 1) // 3 == q) for q in range(4)]
    assert [int(found[f"2026-Q{q + 1}", "every-complaint"]["received"]) for q in range(4)] == by_quarter
    assert 50 < float(year["response_rate"]) < 100  # some late, most within five business days
    assert year["resolution_met"] == "0" and year["resolution_rate"] == ""  # no target to meet
    still_open = sum(1 for r in opened_2026 if not r["Date Closed"])
    assert int(year["open"]) == still_open


def test_the_public_page_measures_the_five_days_and_not_resolution(lees_summit_site):
    page = words(
        (lees_summit_site / "public" / "process" / "how-we-are-doing" / "index.html").read_text(encoding="utf-8")
    )
    assert "These figures are made up" in page
    assert re.search(r"Every complaint \d+ \d+\.\d% no target set yet \d+(\.\d+)? business days? \d+", page), page[
        :2000
    ]
    assert "No time for resolving a case has been set yet, so this is not measured" in page
    raw = (lees_summit_site / "public" / "process" / "how-we-are-doing" / "index.html").read_text(encoding="utf-8")
    assert raw.count('class="chart"') == 2  # received and responded; none for resolution
    for row in export_rows()[:50]:
        assert row["Case Number"] not in raw and row["Address"] not in raw and row["Owner"] not in raw
    figures = (
        (lees_summit_site / "public" / "process" / "how-we-are-doing.csv").read_text(encoding="utf-8").splitlines()
    )
    assert figures[0] == "period,category,received,response_met,response_rate,resolution_met,resolution_rate,open"
    assert any(line.startswith("last 12 months,every-complaint,") for line in figures)


def test_the_policy_links_the_annual_report_for_the_committee(lees_summit_site):
    policy = (lees_summit_site / "public" / "policies" / "proactive-enforcement" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../../downloads/annual-report-2026.pdf"' in policy
    reader = pypdf.PdfReader(lees_summit_site / "public" / "downloads" / "annual-report-2026.pdf")
    assert reader.metadata.title == "City of Lee's Summit: how we are doing in 2026"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Prepared for Community and Economic Development Committee" in text
    assert "These figures are made up" in text
    assert "Open on November 30, 2026" in text  # the export ends before the year does
    assert re.search(r"Every complaint [\d,]+ \d+\.\d% no target set yet [\d,]+", text), text[:1500]
    assert "4 events reached 168 people" in text
    assert "2,610" in text and "2,788" in text  # the license trend, 2024 to 2026
    assert "No time for resolving a case has been set yet" in text
    assert "CE-0" not in text and "Made-up Owner" not in text
