"""No case id, address, name, note or district from a case export reaches the public site, its search
index, its downloads or any public PDF; the staff site does show the ids of cases past due."""

from __future__ import annotations

import csv
import pathlib
import shutil

import pypdf

from handbook.build import build
from helpers import DATA

MARKERS = {
    "id": "IDMARKQ7",
    "address": "ADDRMARKZ3",
    "owner": "OWNERMARKK9",
    "notes": "NOTEMARKW2",
    "district": "DISTMARKP5",
}


def public_text(site: pathlib.Path) -> str:
    """Every file of a site as text: pages, search index, sitemap, CSV, and the text of every PDF."""
    parts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(path)
            parts += [page.extract_text() for page in reader.pages]
            parts.append(str(reader.metadata))
        elif path.suffix in (".html", ".json", ".xml", ".csv", ".txt", ".js", ".svg"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_no_case_detail_reaches_the_public(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    export = data / "exports" / "made-up-cases-2026.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Case Number",
                "Case Type",
                "Date Opened",
                "First Inspection",
                "Date Closed",
                "Origin",
                "Council District",
                "Address",
                "Owner",
                "Notes",
            ]
        )
        for i in range(40):  # every case open with no response: all past due on the staff page
            writer.writerow(
                [
                    f"{MARKERS['id']}-{i}",
                    ["Dangerous Building", "Health Hazard"][i % 2],
                    f"2026-0{1 + i % 9}-1{i % 10}",
                    "",
                    "",
                    "Complaint",
                    f"{MARKERS['district']} {i % 3}",
                    f"{i} {MARKERS['address']} St",
                    f"{MARKERS['owner']} {i}",
                    f"{MARKERS['notes']} {i}",
                ]
            )
    out = tmp_path / "site"
    build(data, out, ["staff", "public"])
    public = public_text(out / "public")
    assert "How we are doing" in public and (out / "public/process/how-we-are-doing.csv").exists()
    assert (out / "public/downloads/annual-report-2026.pdf").exists()
    for column, marker in MARKERS.items():
        assert marker not in public, f"the {column} column reached the public site"
    staff = (out / "staff/process/performance/index.html").read_text(encoding="utf-8")
    assert f"{MARKERS['id']}-0" in staff and MARKERS["district"] in staff  # the staff page does list them
    for marker in (MARKERS["address"], MARKERS["owner"], MARKERS["notes"]):
        assert marker not in public_text(out / "staff")  # never read at all
