"""The partner and program directories: grouping the data, and the pages that show it.

Every page function takes the list of partners or programs to show, so an audience can be
given a filtered list. Markup is in templates/pages/*.md.j2.
"""

from __future__ import annotations

from ..edition import models as m
from . import downloads, links
from .context import Context
from .markdown import render

TITLES = {"internal": "Partners inside city government", "external": "Partners outside city government"}


def directory(kind: str) -> str:
    """The key (pages/links.py) of the directory of partners of a kind: 'partners-internal'."""
    return f"partners-{kind}"


def grouped(items: list, keys) -> list[tuple[str, list]]:
    """Items under each of their keys, keys in first-seen order; keys(item) gives a list."""
    groups: dict[str, list] = {}
    for item in items:
        for key in keys(item):
            groups.setdefault(key, []).append(item)
    return list(groups.items())


def by_category(partners: list[m.Partner]) -> list[tuple[str, list[m.Partner]]]:
    return grouped(partners, lambda p: [p.category])


def by_situation(partners: list[m.Partner]) -> list[tuple[str, list[m.Partner]]]:
    """The data inverted: each situation with every partner that helps with it, A to Z. A partner with no
    situations listed is looked up by its `when_to_contact` instead, so no partner that says when to call is lost."""
    return sorted(grouped(partners, looked_up_by), key=lambda pair: pair[0].lower())


def looked_up_by(partner: m.Partner) -> list[str]:
    """What the situations page files a partner under: its situations, else when to contact it (its final stop
    left out, as a heading)."""
    return partner.situations or [when.rstrip(". ") for when in partner.when_to_contact]


def by_need(programs: list[m.Program]) -> list[tuple[str, list[m.Program]]]:
    """Each need (roof, furnace, ...) with the programs that help with it, A to Z."""
    return sorted(grouped(programs, lambda p: p.helps_with), key=lambda pair: pair[0].lower())


def anchor(item: m.Partner | m.Program) -> str:
    return ("partner-" if isinstance(item, m.Partner) else "program-") + item.id


def link(partner: m.Partner, from_page: str) -> str:
    """The relative link from one page's source to a partner's entry in its directory."""
    return links.link(directory(partner.kind), from_page, anchor=anchor(partner))


def first_phone(partner: m.Partner) -> m.Contact | None:
    """The partner's first contact with a phone number (the situations page shows its number)."""
    return next((c for c in partner.contacts if c.phone), None)


def partners_page(partners: list[m.Partner], kind: str, downloads: str = "") -> str:
    """One directory (internal or external): partners grouped by category, with when to call."""
    chosen = [p for p in partners if p.kind == kind]
    return render(
        "pages/partners.md.j2",
        title=TITLES[kind],
        kind=kind,
        groups=by_category(chosen),
        anchor=anchor,
        downloads=downloads,
    )


def situations_page(partners: list[m.Partner], downloads: str = "") -> str:
    """Which partner for which situation: each situation with the partners to call."""
    untagged = [p for p in partners if not looked_up_by(p)]
    fallback = any(p.when_to_contact and not p.situations for p in partners)
    return render(
        "pages/situations.md.j2",
        groups=by_situation(partners),
        untagged=untagged,
        fallback=fallback,
        link=lambda p: link(p, links.src("situations")),
        phone=first_phone,
        downloads=downloads,
    )


def programs_page(programs: list[m.Program], partners: list[m.Partner], downloads: str = "") -> str:
    """Repair and assistance programs: an index by need, then every program in full."""
    providers = {p.id: p for p in partners}
    return render(
        "pages/programs.md.j2",
        programs=programs,
        needs=by_need(programs),
        anchor=anchor,
        providers=providers,
        link=lambda p: link(p, links.src("programs")),
        downloads=downloads,
    )


def partners_section(ctx: Context, kind: str) -> str:
    """A directory page of the site, with the contact list's PDF link."""
    return partners_page(ctx.edition.partners, kind, downloads.links(ctx, downloads.contact_list(ctx.edition)))


def situations_section(ctx: Context) -> str:
    return situations_page(ctx.edition.partners, downloads.links(ctx, downloads.contact_list(ctx.edition)))


def programs_section(ctx: Context) -> str:
    links = downloads.links(ctx, downloads.repair_sheet(ctx.edition))
    return programs_page(ctx.edition.programs, ctx.edition.partners, links)


def partners_block(partners: list[m.Partner], kind: str | None, from_page: str) -> str:
    """The short partner list a module page shows (Module 4: internal, Module 5: external)."""
    chosen = [p for p in partners if p.kind == kind]
    if not chosen:
        return ""
    return render(
        "pages/partners_block.md.j2",
        kind=kind,
        groups=by_category(chosen),
        link=lambda p: link(p, from_page),
        directory=links.link(directory(kind), from_page),
    )
