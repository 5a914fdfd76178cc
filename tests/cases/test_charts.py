"""Trend charts: the same figures are drawn by matplotlib once a build (the staff site, the public site and
the annual report show the same three charts), and each copy still has its own title and ids."""

from __future__ import annotations

import re

from matplotlib.figure import Figure

from handbook.cases import charts

PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
SERIES = {"Immediate danger": [12, 9, None, 14], "Housing": [30, 28, 31, 27]}


def drawings(monkeypatch) -> list[int]:
    """A list that grows by one each time matplotlib writes a chart."""
    made = []
    original = Figure.savefig

    def counted(self, *args, **kwargs):
        made.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counted)
    charts._drawn.cache_clear()
    return made


def test_the_same_figures_are_drawn_once_and_each_copy_has_its_own_title_and_ids(monkeypatch):
    made = drawings(monkeypatch)
    staff = charts.line_chart("Cases received each quarter", PERIODS, SERIES, "cases", "staff-received")
    public = charts.line_chart("Cases received each quarter", PERIODS, dict(SERIES), "cases", "public-received")
    annual = charts.line_chart("Cases received", list(PERIODS), SERIES, "cases", "annual-received")
    assert len(made) == 1
    for svg, chart_id, title in (
        (staff, "staff-received", "Cases received each quarter"),
        (public, "public-received", "Cases received each quarter"),
        (annual, "annual-received", "Cases received"),
    ):
        ids = re.findall(r'\sid="([^"]+)"', svg)
        assert ids and all(i.startswith(f"{chart_id}-") for i in ids), chart_id
        assert all(ref.startswith(f"{chart_id}-") for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', svg))
        assert f'<title id="{chart_id}-title">{title}</title>' in svg
    assert staff.replace("staff-received", "X") == public.replace("public-received", "X")


def test_other_figures_are_drawn_again(monkeypatch):
    made = drawings(monkeypatch)
    charts.line_chart("Received", PERIODS, SERIES, "cases", "a")
    charts.line_chart("Received", PERIODS, {**SERIES, "Housing": [30, 28, 31, 26]}, "cases", "b")
    charts.line_chart("Received", PERIODS, SERIES, "percent", "c", percent=True)
    charts.line_chart("Received", PERIODS[:3], {k: v[:3] for k, v in SERIES.items()}, "cases", "d")
    assert len(made) == 4
