""" "How we are doing": the categories' targets measured from the case exports (handbook.cases).

The public page shows the public edition's categories only, as totals: a count below MIN_COUNT is
"fewer than 5" and its rates are withheld. The staff page adds districts, the open backlog by age,
complaint and proactive cases, and the cases past due by number. Both render from the edition they
are given (the public edition has no staff-only category and no district column), and nothing of a
case but counts leaves handbook.cases for a public page.
"""

from __future__ import annotations

import dataclasses

from .. import prose, text
from ..cases import charts, exports, measure
from ..edition import Edition
from . import downloads
from .context import Context
from .markdown import render

CSV_FILE = "process/how-we-are-doing.csv"  # beside the pages: downloads/ holds the PDFs the build lays out
UNITS = {
    "hours": ("hour", "hours"),
    "business_days": ("business day", "business days"),
    "calendar_days": ("calendar day", "calendar days"),
}


@dataclasses.dataclass
class Measured:
    """Everything a page shows, worked out once per edition and audience."""

    as_of: object
    periods: list
    by_category: list
    synthetic: bool
    districts: list = dataclasses.field(default_factory=list)
    sources: list = dataclasses.field(default_factory=list)
    backlog: list = dataclasses.field(default_factory=list)
    past_due: list = dataclasses.field(default_factory=list)
    past_due_total: int = 0


def has_cases(edition: Edition) -> bool:
    return bool(edition.cases.files and edition.process.categories)


def measured(edition: Edition, staff: bool) -> Measured:
    export = exports.cached(edition)
    as_of = export.as_of
    periods = measure.recent_periods(as_of)
    found = Measured(
        as_of=as_of,
        periods=periods,
        synthetic=edition.cases.synthetic,
        by_category=measure.figures(export, edition, periods, as_of),
    )
    if staff:
        found.districts = measure.figures(export, edition, periods[:1], as_of, by="district")
        found.sources = measure.figures(export, edition, periods, as_of, by="source")
        found.backlog = measure.backlog(export, edition, as_of)
        found.past_due, found.past_due_total = measure.past_due(export, edition, as_of)
    return found


def count_words(value: int, public: bool) -> str:
    return "fewer than 5" if public and 0 < value < measure.MIN_COUNT else f"{value:,}"


NO_TARGET = "no target set yet"


def has_target(category, which: str) -> bool:
    """Whether the category sets a target for the measure ('response' or 'resolution'): Lee's Summit's
    policy, for one, sets none for resolving a case, and the pages say no time has been set yet."""
    return (category.initial_response if which == "response" else category.resolution_target) is not None


def charted(edition: Edition, key: str) -> dict[str, str]:
    """The categories (id: name) a measure is shown for: all for 'received', else those that set its target
    (none: the page says so in a sentence, untargeted(), and draws no chart)."""
    return {c.id: c.name for c in edition.process.categories if key == "received" or has_target(c, key)}


def rate_words(figures: measure.Figures, which: str, category=None) -> str:
    """A rate as a page shows it; "no target set yet" for a category that sets none for this measure."""
    value = getattr(figures, f"{which}_rate")
    if category is not None and not has_target(category, which):
        return NO_TARGET
    if value is None:
        return "not shown (fewer than 5 cases)" if figures.received < measure.MIN_COUNT else "not known yet"
    return f"{value:.1f}%"


def median_words(figures: measure.Figures, unit: str) -> str:
    if figures.median_response is None or figures.received < measure.MIN_COUNT:
        return "—"
    one, many = UNITS[unit]
    value = figures.median_response
    return f"{value:g} {one if value == 1 else many}"


def chart_block(title: str, periods: list[str], series: dict, y_label: str, chart_id: str, percent: bool) -> str:
    """A chart the handbook drew (never data HTML), kept away from Python-Markdown like prose."""
    chart = charts.for_site(charts.line_chart(title, periods, series, y_label, chart_id, percent))
    return prose.made_html(f'<figure class="chart-figure">{chart}</figure>')


def trend(measured_: Measured, edition: Edition, public: bool, prefix: str) -> list[dict]:
    """Per measure: the chart, a text summary and the table of the quarters."""
    quarters = [p.label for p in measured_.periods[1:]]
    table = {(f.period, f.group): f for f in measured_.by_category}
    found = []
    for key, title, y_label, percent in (
        ("received", "Cases received each quarter", "cases", False),
        ("response", "Share responded to within the target, each quarter", "percent", True),
        ("resolution", "Share resolved within the target, each quarter", "percent", True),
    ):
        names = charted(edition, key)
        if not names:
            found.append({"title": title, "chart": "", "table": "", "summary": untargeted(key)})
            continue
        series, rows = {}, []
        for category_id, name in names.items():
            values, cells = [], []
            for q in quarters:
                f = table[q, category_id]
                if key == "received":
                    shown = None if public and 0 < f.received < measure.MIN_COUNT else f.received
                    values.append(shown)
                    cells.append(count_words(f.received, public))
                else:
                    values.append(getattr(f, f"{key}_rate"))
                    cells.append(rate_words(f, key))
            series[name] = values
            rows.append({"name": name, "cells": cells})
        known = [(v, n, q) for n, values in series.items() for v, q in zip(values, quarters) if v is not None]
        unit = "%" if percent else " cases"
        if known:
            high, low = max(known), min(known)
            summary = (
                f"The chart shows one line per kind of problem, from {quarters[0]} to {quarters[-1]}. "
                f"The highest figure is {high[0]:g}{unit} ({text.plain(high[1])}, {high[2]}); the lowest is "
                f"{low[0]:g}{unit} ({text.plain(low[1])}, {low[2]}). The table below gives every figure."
            )
        else:
            summary = "There are not enough cases yet to draw this chart; the table below says why."
        lines = ["| Kind of problem | " + " | ".join(quarters) + " |", "|---|" + "---|" * len(quarters)]
        lines += [f"| {text.plain(r['name'])} | " + " | ".join(r["cells"]) + " |" for r in rows]
        found.append(
            {
                "title": title,
                "chart": chart_block(title, quarters, series, y_label, f"{prefix}-{key}", percent),
                "summary": summary,
                "table": "\n".join(lines),
            }
        )
    return found


def untargeted(key: str) -> str:
    """What a page says in place of a measure no category sets a target for."""
    what = "first responding to" if key == "response" else "resolving"
    return (
        f"No time for {what} a case has been set yet, so this is not measured. "
        "Once the department sets one, it is measured here."
    )


def year_rows(measured_: Measured, edition: Edition, public: bool) -> list[dict]:
    """The last 12 months, per category."""
    label = measured_.periods[0].label
    table = {(f.period, f.group): f for f in measured_.by_category}
    rows = []
    for c in edition.process.categories:
        f = table[label, c.id]
        rows.append(
            {
                "category": c,
                "received": count_words(f.received, public),
                "response": rate_words(f, "response", c),
                "resolution": rate_words(f, "resolution", c),
                "median": median_words(f, c.initial_response.unit) if c.initial_response else "—",
                "open": count_words(f.open, public),
            }
        )
    return rows


def csv_link(ctx: Context) -> str:
    return f"{ctx.root}{CSV_FILE}"


def page(ctx: Context, found, staff: bool, **more) -> str:
    """'How we are doing' for staff or the public: the year's rows, the trends, the CSV and the annual reports."""
    edition = ctx.edition
    return render(
        "pages/how-we-are-doing.md.j2",
        e=edition,
        m=found,
        as_of=text.date_words(found.as_of),
        rows=year_rows(found, edition, not staff),
        trends=trend(found, edition, not staff, "staff" if staff else "public"),
        csv=csv_link(ctx),
        min_count=measure.MIN_COUNT,
        staff=staff,
        annual=annual_links(ctx),
        **more,
    )


def public_page(ctx: Context) -> str:
    return page(ctx, measured(ctx.edition, staff=False), staff=False)


def staff_page(ctx: Context) -> str:
    edition = ctx.edition
    found = measured(edition, staff=True)
    names = {c.id: c.name for c in edition.process.categories}
    sources = {}
    for f in found.sources:
        sources.setdefault(f.period, {})[f.group] = f.received
    share = []
    for period in found.periods:
        counts = sources.get(period.label, {})
        total = sum(counts.values())
        share.append(
            {
                "period": period.label,
                "complaint": counts.get("complaint", 0),
                "proactive": counts.get("proactive", 0),
                "unknown": counts.get("not recorded", 0),
                "share": f"{100 * counts.get('proactive', 0) / total:.1f}%" if total else "—",
            }
        )
    return page(ctx, found, staff=True, names=names, share=share, districts=found.districts)


def annual_links(ctx: Context) -> str:
    return downloads.links(ctx, downloads.annual_report(ctx.edition))


def files(edition: Edition, audience: str) -> list[tuple[str, str]]:
    """The site's downloadable aggregates: (path in the site, CSV text) (public: the public categories only)."""
    if not has_cases(edition):
        return []
    found = measured(edition, staff=audience == "staff")
    return [(CSV_FILE, measure.csv_text(found.by_category))]
