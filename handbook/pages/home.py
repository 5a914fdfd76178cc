"""The home page: who we are, how to reach us, and a map of the audience's pages."""

from __future__ import annotations

from .. import text
from . import downloads
from .context import Context
from .markdown import link, phone, render, report_lines, whom_to_ask


def home_page(ctx: Context) -> str:
    """The front page: who we are, mission, vision, goals, and a map of the audience's pages."""
    j = ctx.edition.jurisdiction
    c = j.public_contact
    lines = []
    if c.phone:
        lines.append("Phone: " + phone(c.phone))
    if c.email:
        lines.append("E-mail: " + link(text.plain(c.email), "mailto:" + c.email))
    if c.address:
        lines.append(f"Office: {text.plain(c.address)}")
    if c.hours:
        lines.append(f"Hours: {text.plain(c.hours)}")
    if c.url:
        lines.append("Web: " + link(text.plain(c.url), c.url))
    if c.report_url:
        lines.append("Report a problem online: " + link(text.plain(c.report_url), c.report_url))
    p = ctx.edition.process
    targets = p.categories  # each says how fast we first respond
    timed = [s for s in p.service_standards if s.target]  # a promise with a time, on "Our service standards"
    body = render(
        "pages/home.md.j2",
        j=j,
        guide=ctx.guide,
        contact_lines=lines,
        audience=ctx.audience,
        report_lines=report_lines(c),
        targets=targets,
        timed=timed,
        timing=p.timing_not_published,
        ask=whom_to_ask(j),
        printed=ctx.printed,
    )
    found = downloads.whole_handbook(ctx.edition) + downloads.repair_sheet(ctx.edition)
    links = downloads.links(ctx, found, "Printable copies")
    return body + ("\n" + links if links else "")
