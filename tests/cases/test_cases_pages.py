"""The "How we are doing" pages rendered from a small edition: which categories each audience sees,
counts below 5, what only staff see, and pages only when cases.yaml exists."""

from __future__ import annotations

import shutil

from handbook import view
from handbook.edition import load_edition
from handbook.pages import registry
from helpers import FIXTURES, URGENT_PROCESS, write

PROCESS = (
    URGENT_PROCESS
    + """  - id: hidden
    name: SECRETCATEGORY
    initial_response: 2 business days
    resolution_target: 30 calendar days
"""
)
CASES = """
files: [cases.csv]
columns: {id: Id, category: Type, opened: Opened, first_response: Responded, closed: Closed, district: Ward}
categories: {"Dangerous": urgent, "Quiet": hidden}
as_of: 2026-06-30
"""


def edition(tmp_path, rows: int = 3):
    root = tmp_path / "ed"
    shutil.copytree(FIXTURES / "minimal", root)
    write(root / "process.yaml", PROCESS)
    write(root / "cases.yaml", CASES)
    lines = ["Id,Type,Opened,Responded,Closed,Ward"]
    lines += [f"U{i},Dangerous,2026-06-0{i + 1},2026-06-0{i + 1},,Ward {i % 2}" for i in range(rows)]
    lines += [f"H{i},Quiet,2026-05-0{i + 1},,,Ward 9" for i in range(6)]
    (root / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def page(root, audience: str, src: str) -> str:
    rendered = dict(
        (p.src, text) for p, text in registry.render_all(view.for_audience(load_edition(root), audience), audience)
    )
    return rendered[src]


def test_the_public_page_shows_public_categories_and_withholds_small_counts(tmp_path):
    root = edition(tmp_path, rows=3)
    public = page(root, "public", "process/how-we-are-doing.md")
    assert "Urgent" in public and "SECRETCATEGORY" not in public
    row = next(line for line in public.splitlines() if line.startswith("| Urgent"))
    assert row.split(" | ")[1:3] == ["fewer than 5", "not shown (fewer than 5 cases)"]
    assert "Ward" not in public and "U0" not in public
    assert "process/performance.md" not in [
        p.src for p in registry.pages(view.for_audience(load_edition(root), "public"), "public")
    ]


def test_the_staff_page_has_districts_backlog_and_cases_past_due(tmp_path):
    root = edition(tmp_path, rows=6)
    staff = page(root, "staff", "process/performance.md")
    assert "SECRETCATEGORY" in staff
    assert "| Ward 9 | 6 |" in staff  # six hidden cases in ward 9
    assert "| H0 | SECRETCATEGORY | 2026-05-01 | no first response |" in staff  # 2 business days long past
    assert "| up to 30 days |" in staff and "| 31 to 90 days |" in staff
    row = next(line for line in staff.splitlines() if line.startswith("| Urgent"))
    assert row.split(" | ")[1:3] == ["6", "100.0%"]  # responded the day each was opened


def test_no_pages_without_cases_yaml(tmp_path):
    root = edition(tmp_path)
    (root / "cases.yaml").unlink()
    sources = [p.src for p in registry.all_pages(load_edition(root))]
    assert not [src for src in sources if "how-we-are-doing" in src or "performance" in src]


def test_the_site_csv_has_the_report_header(tmp_path):
    root = edition(tmp_path, rows=6)
    [(path, text)] = registry.extra_files(view.for_audience(load_edition(root), "public"), "public")
    assert path == "process/how-we-are-doing.csv"
    lines = text.splitlines()
    assert lines[0] == "period,category,received,response_met,response_rate,resolution_met,resolution_rate,open"
    assert lines[1] == "last 12 months,urgent,6,6,100.0,0,0.0,6"  # none closed within 2 business days
    assert not [line for line in lines if "hidden" in line]


def test_the_report_pdf_is_tagged_and_titled(run, tmp_path):
    import pypdf

    root = edition(tmp_path, rows=6)
    target = tmp_path / "report.pdf"
    code, out, err = run("report", "--year", "2026", "--data", root, "--pdf", target)
    assert code == 0, err
    reader = pypdf.PdfReader(target)
    assert reader.metadata.title == "Testville: how we are doing in 2026"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Workload and targets met in 2026" in text and "U0" not in text


def test_the_exports_are_inputs_of_a_build(tmp_path):
    """A changed export makes a new build (the fingerprint covers the files cases.yaml names)."""
    from handbook.build import stamp

    root = edition(tmp_path)
    assert (root / "cases.csv").resolve() in [p.resolve() for p in stamp.inputs(root)]
