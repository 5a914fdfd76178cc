"""A public site that can help: a way to report a problem, someone to contact, how long it takes, and no
placeholder text on a public page."""

from __future__ import annotations

import re

from ...problems import Problem
from .. import kinds
from .. import models as m
from ..edition import Edition
from .values import roots, walk

# cases.yaml is a public kind, but what it holds reaches a public page only as counts: its text (file names, the
# exports' category names) is never shown, so a placeholder in it is none of the resident's business.
SHOWN_AS_COUNTS = ("cases",)


def public_kinds() -> tuple[str, ...]:
    """The kinds whose text can reach a public page: the kinds table's public ones (as handbook.view keeps
    them) but those shown only as counts."""
    return tuple(name for name in kinds.public() if name not in SHOWN_AS_COUNTS)


# Text that holds a place for a value not yet known. FIXME is reported by itself (todo.py).
PLACEHOLDER = re.compile(
    r"\bto be (?:decided|confirmed|determined|announced|completed|filled in|added)\b"
    r"|\b(?:TBD|TBC|TBA|TODO|XXX+)\b|\?\?\?",
    re.I,
)
NOT_READY = "the public site cannot help a resident yet"


def tells_how_long(process: m.Process) -> bool:
    """Whether the public site can tell a resident how long a report takes: a public case category, a public
    service standard with a target, or the city's statement that it publishes no time and whom to ask."""
    return (
        any(category.public for category in process.categories)
        or any(standard.public and standard.target for standard in process.service_standards)
        or bool(process.timing_not_published)
    )


def check_public_site(edition: Edition, problems: list[Problem]) -> None:
    """Warnings (errors under --strict) for a public site that cannot tell a resident how to report a
    problem, whom to contact and how long it takes, or that shows placeholder text: each at the key to fill in."""
    jurisdiction = (edition.sources.get("jurisdiction") or [None])[0]
    if jurisdiction is None:
        return
    contact = edition.jurisdiction.public_contact
    if not contact.phone and not contact.report_url:
        problems.append(
            Problem(
                *jurisdiction.locate_key(("public_contact", "phone")),
                (
                    f"{NOT_READY}: it gives no way to report a problem; write the number residents call in "
                    "public_contact.phone (e.g. '311, or 216-664-2000 from outside the city') or the address of the "
                    "city's report form in public_contact.report_url"
                ),
                "warning",
            )
        )
    if not contact.phone and not contact.email:
        problems.append(
            Problem(
                *jurisdiction.locate_key(("public_contact", "email")),
                (
                    f"{NOT_READY}: it names no one to contact; write the department's public_contact.phone or "
                    "public_contact.email"
                ),
                "warning",
            )
        )
    process = (edition.sources.get("process") or [None])[0]
    # How long it takes: a public category (each has its initial_response; a resolution_target a city does not
    # publish is left out, and the pages say no time is set yet), a public service standard with a target, or
    # the city's own word that it publishes no time and whom to ask instead. Nothing is invented.
    if not tells_how_long(edition.process):
        at = process.locate_key(("categories",)) if process is not None else jurisdiction.locate(())
        where = "process.yaml" if process is not None else "a process.yaml beside jurisdiction.yaml"
        problems.append(
            Problem(
                *at,
                (
                    f"{NOT_READY}: it does not say how fast you respond to a report; in {where}, either list the case "
                    "categories under 'categories:', each with initial_response and public: true, or give a public "
                    "service standard its target under 'service_standards:' (e.g. 'target: 1 business day'), or, when "
                    "the city publishes no time, say so and whom to ask under 'timing_not_published:'"
                ),
                "warning",
            )
        )
    for root, loaded, base in roots(edition, public_kinds()):
        for value, loc, _ in walk(root, base, public=True):
            found = PLACEHOLDER.search(value)
            if found:
                key = ".".join(str(part) for part in loc)
                problems.append(
                    Problem(
                        *loaded.locate(loc),
                        (
                            f"{NOT_READY}: {key} says '{found.group(0)}', which residents would read on a public page; "
                            "write the real value, or leave the key out (the page then says whom to ask)"
                        ),
                        "warning",
                    )
                )
    for page in edition.pages:
        if not page.public:
            continue
        for n, line in enumerate(page.raw_body.splitlines()):
            found = PLACEHOLDER.search(line)
            if found:
                problems.append(
                    Problem(
                        page.path,
                        page.body_line + n,
                        found.start() + 1,
                        (
                            f"{NOT_READY}: this public page says '{found.group(0)}'; write the real text, or leave "
                            "the sentence out"
                        ),
                        "warning",
                    )
                )
