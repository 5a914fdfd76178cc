"""The printable PDFs of an edition: their file names, titles and audiences, and the links to them.

Kept apart from handbook.pdf (which needs WeasyPrint) so pages can link to the PDFs cheaply.
The PDFs are written into <site>/downloads/ by `handbook build`; pages show the links only
when that build makes them ($HANDBOOK_PDF=1), so `mkdocs serve` and `--no-pdf` never link to
a missing file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from . import models as m
from .edition import Edition
from .render import render
from .site import BOTH, STAFF

PDF_ENV = "HANDBOOK_PDF"
FOLDER = "downloads"
SESSIONS = ("onboarding", "refresher")


@dataclass(frozen=True)
class Download:
    file: str                # name inside <site>/downloads/
    title: str               # the link text and the PDF's title
    audiences: frozenset = STAFF


def enabled() -> bool:
    """Whether this build writes PDFs (set by handbook.build for MkDocs)."""
    return os.environ.get(PDF_ENV) == "1"


def public_programs(edition: Edition) -> list[m.Program]:
    """The programs the repair resource sheet prints: public ones that are not closed."""
    return [p for p in edition.programs if p.public and p.status != "closed"]


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


def all_downloads(edition: Edition) -> list[Download]:
    """Every PDF of the edition, for every audience."""
    found = repair_sheet(edition) + contact_list(edition) + whole_handbook(edition)
    found += process_guide(edition, "staff") + process_guide(edition, "public")
    for module in edition.modules:
        found += agendas(module)
    return found


def links(downloads: list[Download], audience: str, root: str, heading: str = "") -> str:
    """The "Download PDF" links of a page; root is the relative way back to the site root."""
    shown = [d for d in downloads if audience in d.audiences]
    if not shown or not enabled():
        return ""
    return render("pages/downloads.md.j2", items=shown, root=root, folder=FOLDER, heading=heading)


def root_of(page_url: str) -> str:
    """'training/purpose/' -> '../../': the relative way from a page's URL to the site root."""
    return "../" * page_url.count("/")
