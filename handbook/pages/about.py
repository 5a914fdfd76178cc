"""The About section: what the data holds, where its content comes from, and the Data reference."""

from __future__ import annotations

import datetime as dt
import pathlib

from .. import text
from ..edition import Edition, provenance
from ..edition.checks import stale
from . import links, reference
from .markdown import render


def data_page(edition: Edition, today: dt.date | None = None) -> str:
    """What the edition holds and when each part was last verified."""
    today = today or dt.date.today()
    limit = edition.jurisdiction.stale_after_months
    counts = [
        ("Training modules", len(edition.modules)),
        ("Partners (inside government)", sum(p.kind == "internal" for p in edition.partners)),
        ("Partners (community and other agencies)", sum(p.kind == "external" for p in edition.partners)),
        ("Programs for owners", len(edition.programs)),
        ("Case categories", len(edition.process.categories)),
        ("Policies", len(edition.policies)),
        ("Case studies", len(edition.workshops.case_studies)),
    ]
    dated = []
    items = (
        [("Jurisdiction", edition.jurisdiction.name, edition.jurisdiction.last_verified)]
        + [("Module", x.title, x.last_verified) for x in edition.modules]
        + [("Partner", x.name, x.last_verified) for x in edition.partners]
        + [("Program", x.name, x.last_verified) for x in edition.programs]
        + [("Process guide", "Case process and targets", edition.process.last_verified)]
        + [("Policy", x.title, x.last_verified) for x in edition.policies]
    )
    for kind, name, date in items:
        if date is None:
            status = "Check and record a date"
        elif stale(date, limit, today):
            status = "⚠ Due for a check"
        else:
            status = "Current"
        dated.append({"kind": kind, "name": name, "date": date, "status": status})
    dated.sort(key=lambda row: (row["date"] or dt.date.min, row["name"]))
    files = sorted(
        str(pathlib.Path(loaded.path).relative_to(edition.root))
        for loaded in edition.files.values()
        if pathlib.Path(loaded.path).exists()
    )  # not the files inherited from a base edition
    return "# About this data\n\n" + render(
        "pages/data.md.j2",
        limit=limit,
        counts=[c for c in counts if c[1]],
        dated=dated,
        warnings=edition.warnings,
        files=files,
    )


def curriculum_about(edition: Edition) -> str:
    """Where the national curriculum comes from (credited), who it is for, what it assumes, its scope."""
    return render(
        "pages/about-curriculum.md.j2",
        j=edition.jurisdiction,
        modules=edition.modules,
        page_link=links.linker(links.src("curriculum")),
    )


def contacts(partner) -> list[str]:
    """Each contact of a partner on one line; missing details say 'to be completed'."""
    if not partner.contacts:
        return [text.contact_or_todo("")]
    return [
        f"{text.contact_or_todo(c.name)}: {text.contact_or_todo(c.phone)}, {text.contact_or_todo(c.email)}"
        for c in partner.contacts
    ]


def provenance_page(edition: Edition) -> str:
    """The staff page 'Where this edition's content comes from'."""
    rows = provenance.rows(edition)
    counts = {status: sum(r.status == status for r in rows) for status in provenance.STATUSES}
    groups: dict[str, list[provenance.Row]] = {}
    for row in rows:
        groups.setdefault(provenance.heading(row.kind), []).append(row)
    return render(
        "pages/provenance.md.j2",
        bases=provenance.bases(edition),
        groups=list(groups.items()),
        counts=counts,
        partners=[(p, contacts(p)) for p in edition.partners],
        root=edition.root.name,
        changed_parts=provenance.changed_parts,
    )


def reference_page() -> str:
    """The Data reference: every key of every data file, from the models."""
    return "# Data reference\n\n" + reference.reference_page()
