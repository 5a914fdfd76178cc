"""The Training and Trainers sections: the curriculum, one page per module, session agendas, the
training plan, case studies, the decision matrix and the economics of compliance. Pure functions
of the edition that return Markdown; markup is in templates/pages/*.md.j2.
"""

from __future__ import annotations

import itertools
import typing

from .. import text
from ..edition import Edition
from ..edition import models as m
from ..schedule import agenda as agendas
from ..schedule import plan as plans
from . import downloads, links, partners
from .context import Context
from .markdown import render, session_words

SEVERITIES = typing.get_args(m.MatrixRow.model_fields["severity"].annotation)


def module_page(ctx: Context, module_id: str) -> str:
    """One training module: overview table, components, spotlights, resources, steps; its partner list
    (modules 4 and 5) and its agenda PDFs."""
    module = ctx.edition.module(module_id)
    block = partners.partners_block(ctx.edition.partners, module.shows_partners, ctx.src)
    cases = [case for case in ctx.edition.workshops.case_studies if case.module == module.id]
    return render(
        "pages/module.md.j2",
        m=module,
        partners_block=block,
        cases=cases,
        page_link=links.linker(ctx.src),
        downloads=downloads.links(ctx, downloads.agendas(module)),
    )


def curriculum_page(edition: Edition) -> str:
    """All modules with their session lengths, and the total time a new inspector spends."""
    modules = edition.modules
    low = sum(x.timing.onboarding.minutes.low for x in modules)
    high = sum(x.timing.onboarding.minutes.high for x in modules)
    split = [
        f"Module {x.number} runs over {x.timing.onboarding.days} days" for x in modules if x.timing.onboarding.days > 1
    ]
    per_year_low = per_year_high = 0.0
    for x in modules:
        r = x.timing.refresher
        if r:
            per_year_low += r.minutes.low * 12 / r.every_months
            per_year_high += r.minutes.high * 12 / r.every_months
    recurring = [
        {"module": x.label, "title": r.title, "length": session_words(r), "cadence": r.cadence_words()}
        for x in modules
        for r in x.timing.recurring
    ]
    return "# Training curriculum\n\n" + render(
        "pages/curriculum.md.j2",
        modules=modules,
        page_link=links.linker(links.src("curriculum-overview")),
        total_onboarding=text.range_words(low, high),
        multi_day="; ".join(split),
        yearly=text.range_words(round(per_year_low), round(per_year_high)) if per_year_high else "",
        recurring=recurring,
    )


def agendas_section(ctx: Context) -> str:
    """The Session agendas page, each session with the link to its PDF (when PDFs are made)."""
    links = {
        (module.id, session): downloads.links(ctx, [downloads.agenda(module, session)])
        for module in ctx.edition.modules
        for session in agendas.sessions_with_agenda(module)
    }
    return agendas_page(ctx.edition, links)


def agendas_page(edition: Edition, links: dict | None = None) -> str:
    """Every session agenda, module by module, with clock times from the jurisdiction's training_start."""
    j = edition.jurisdiction
    start = text.parse_clock(j.training_start)
    found = agendas.all_agendas(edition.modules, start, j.clock)
    by_module = [(module, list(group)) for module, group in itertools.groupby(found, key=lambda a: a.module)]
    missing = [x for x in edition.modules if not agendas.sessions_with_agenda(x)]
    return render(
        "pages/agendas.md.j2",
        by_module=by_module,
        start=text.clock(start, j.clock),
        missing=missing,
        minutes_words=text.minutes_words,
        links=links or {},
        materials=lambda items: agendas.available(items, edition),
    )


def cadence_rows(edition: Edition) -> list[dict]:
    """One row per kind of session of every module: its length, days and how often it comes back."""
    rows = []
    for x in edition.modules:
        t = x.timing
        rows.append(
            {
                "module": x,
                "session": "Onboarding",
                "length": session_words(t.onboarding),
                "cadence": "once, in the first weeks",
            }
        )
        if t.refresher:
            rows.append(
                {
                    "module": x,
                    "session": "Refresher",
                    "length": session_words(t.refresher),
                    "cadence": f"{t.refresher.cadence_words()} (every {t.refresher.every_months} months)",
                }
            )
        for r in t.recurring:
            rows.append(
                {
                    "module": x,
                    "session": r.title,
                    "length": session_words(r),
                    "cadence": f"{r.cadence_words()} (every {r.every_months} months)",
                }
            )
    return rows


def plan_page(edition: Edition) -> str:
    """How the training plan is worked out, the cadence of every module, and a sample plan."""
    start = plans.sample_start(edition)
    sample = plans.training_plan(edition, start) if start else None
    j = edition.jurisdiction
    return render(
        "pages/plan.md.j2",
        j=j,
        rows=cadence_rows(edition),
        plan=sample,
        page_link=links.linker(links.src("plan")),
        start_time=text.clock(text.parse_clock(j.training_start), j.clock),
        years=plans.DEFAULT_YEARS,
        listed=sorted(edition.jurisdiction.holidays, key=lambda h: h.date),
    )


def case_studies_page(edition: Edition) -> str:
    """The workshop's practice cases with their questions and variations, then the tools to discuss."""
    modules = {x.id: x for x in edition.modules}
    return render(
        "pages/case-studies.md.j2",
        cases=edition.workshops.case_studies,
        tools=edition.workshops.tools,
        modules=modules,
        matrix=bool(edition.workshops.matrix),
        page_link=links.linker(links.src("case-studies")),
    )


def _choices(rows: list[m.MatrixRow], key: str) -> list[str]:
    values = {getattr(row, key) for row in rows}
    if key == "severity":
        return [s for s in SEVERITIES if s in values]
    return sorted(values, key=str.lower)


def matrix_page(edition: Edition) -> str:
    """The decision matrix as a table, with a filter form that the page's script reveals."""
    rows = edition.workshops.matrix
    names = {x.id: x.name for x in edition.partners} | {x.id: x.name for x in edition.programs}
    tools = {x.id: x.title for x in edition.workshops.tools}
    filters = [
        {"key": key, "label": label, "column": column, "choices": _choices(rows, key)}
        for column, (key, label) in enumerate(
            [
                ("property_type", "Property type"),
                ("occupancy", "Occupancy"),
                ("owner_situation", "Owner situation"),
                ("severity", "Severity"),
            ]
        )
    ]
    shown = [
        {
            "row": row,
            "tools": [tools[x] for x in row.tools],
            "partners": [names[x] for x in row.partners],
            "programs": [names[x] for x in row.programs],
        }
        for row in rows
    ]
    return render("pages/matrix.md.j2", rows=shown, filters=filters)


def economics_page(edition: Edition) -> str:
    """Worked examples of an owner's equity before and after repairs; every total computed from the figures."""
    return render("pages/economics.md.j2", examples=edition.workshops.economics, money=text.money)
