"""Pages that put several parts together (the data, partner lists, "Download PDF" links).

The macros call these with the build's context: the audience's edition, the audience, and the
URL of the page being rendered (PDF links are relative to it).
"""
from __future__ import annotations

from . import directory, downloads, process_pages, render
from .edition import Edition


def pdf_links(found: list, audience: str, page_url: str, heading: str = "") -> str:
    """The "Download PDF" links of the page being rendered, for this build's audience."""
    return downloads.links(found, audience, downloads.root_of(page_url), heading)


def module_page(edition: Edition, audience: str, page_url: str, module_id: str) -> str:
    """A module page with its partner list (modules 4 and 5) and its agenda PDFs."""
    module = edition.module(module_id)
    block = directory.partners_block(edition.partners, module.shows_partners, f"training/{module_id}.md")
    return render.module_page(edition, module_id, block, pdf_links(downloads.agendas(module), audience, page_url))


def home_downloads(edition: Edition, audience: str, page_url: str) -> str:
    found = downloads.whole_handbook(edition) + downloads.repair_sheet(edition)
    return pdf_links(found, audience, page_url, "Printable copies")


def partners_page(edition: Edition, audience: str, page_url: str, kind: str) -> str:
    links = pdf_links(downloads.contact_list(edition), audience, page_url)
    return directory.partners_page(edition.partners, kind, links)


def situations_page(edition: Edition, audience: str, page_url: str) -> str:
    return directory.situations_page(edition.partners, pdf_links(downloads.contact_list(edition), audience, page_url))


def programs_page(edition: Edition, audience: str, page_url: str) -> str:
    links = pdf_links(downloads.repair_sheet(edition), audience, page_url)
    return directory.programs_page(edition.programs, edition.partners, links)


def complaint_guide(edition: Edition, audience: str, page_url: str) -> str:
    """How we handle a complaint, with the printable guide for this audience."""
    links = pdf_links(downloads.process_guide(edition, audience), audience, page_url)
    return (links + "\n\n" if links else "") + process_pages.complaint_guide(edition)
