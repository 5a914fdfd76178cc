"""The printable PDFs of an edition: their file names, titles and audiences, and the links to them.

Kept apart from handbook.pdf (which needs WeasyPrint) so pages can link to the PDFs cheaply.
The PDFs are written into <site>/downloads/ by `handbook build`; pages show the links only
when that build makes them (Context.downloads), so `mkdocs serve` and `--no-pdf` never link to
a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cases import exports
from ..edition import Edition
from ..edition import models as m
from ..view import BOTH, STAFF
from .context import Context
from .markdown import render

FOLDER = "downloads"
SESSIONS = ("onboarding", "refresher")


@dataclass(frozen=True)
class Download:
    file: str  # name inside <site>/downloads/
    title: str  # the link text and the PDF's title
    audiences: frozenset = STAFF


def public_programs(edition: Edition) -> list[m.Program]:
    """The programs the repair resource sheet prints: public ones that are not closed, unless `on_sheet: false`."""
    return m.sheet_programs(edition.programs)


def repair_sheet(edition: Edition) -> list[Download]:
    if not public_programs(edition):
        return []
    return [Download("repair-resources.pdf", "Repair resource sheet for owners (1 page)", BOTH)]


def process_guide(edition: Edition, audience: str) -> list[Download]:
    """The process guide as one audience sees it (each audience's PDF is made from its own edition)."""
    if not (edition.process.steps or edition.process.categories):
        return []
    return [Download("process-guide.pdf", "How we handle a complaint (printable guide)", frozenset({audience}))]


def contact_list(edition: Edition) -> list[Download]:
    return [Download("partner-contacts.pdf", "Partner contact list")] if edition.partners else []


def agenda_file(module: m.Module, session: str) -> str:
    return f"agenda-{module.id}-{session}.pdf"


def agenda(module: m.Module, session: str) -> Download:
    return Download(agenda_file(module, session), f"Module {module.number} {session} session agenda")


def agendas(module: m.Module) -> list[Download]:
    """One agenda per session of the module that has segments."""
    return [agenda(module, s) for s in SESSIONS if getattr(module.agenda, s)]


def whole_handbook(edition: Edition) -> list[Download]:
    return [Download("handbook.pdf", "The whole staff handbook")]


def annual_report(edition: Edition) -> list[Download]:
    """The annual report of the year the case exports run to (made from the public edition, for both sites)."""
    if not (edition.cases.files and edition.process.categories):
        return []
    year = exports.cached(edition).as_of.year
    return [Download(annual_file(year), f"Annual report {year}: how we are doing", BOTH)]


def annual_file(year: int) -> str:
    return f"annual-report-{year}.pdf"


def all_downloads(edition: Edition) -> list[Download]:
    """Every PDF of the edition, for every audience."""
    found = repair_sheet(edition) + contact_list(edition) + whole_handbook(edition) + annual_report(edition)
    found += process_guide(edition, "staff") + process_guide(edition, "public")
    for module in edition.modules:
        found += agendas(module)
    return found


def links(ctx: Context, downloads: list[Download], heading: str = "") -> str:
    """The "Download PDF" links of the page being rendered, for its audience (none when no PDFs are made)."""
    shown = [d for d in downloads if ctx.audience in d.audiences]
    if not shown or not ctx.downloads:
        return ""
    return render("pages/downloads.md.j2", items=shown, root=ctx.root, folder=FOLDER, heading=heading)
