"""What the sites leave out: a programs.yaml or process.yaml that feeds nothing, an optional file missing."""

from __future__ import annotations

from ...problems import Problem
from ..edition import Edition


def check_programs(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at programs.yaml, when it is there but feeds no handout: what it would make is left out."""
    group = edition.sources.get("programs") or []
    if not group:
        return  # no programs.yaml at all: the edition has chosen none
    at = group[0].locate_key(("programs",))
    if not edition.programs:
        problems.append(
            Problem(
                *at,
                "programs.yaml lists no programs, so the one-page repair sheet for owners "
                "(repair-resources.pdf) and the staff page 'Repair and assistance programs' are "
                "left out of the sites; add the repair programs owners can apply to (with "
                "public: true on those residents may see)",
                "warning",
            )
        )
    elif not any(p.public and p.status != "closed" for p in edition.programs):  # as pages.downloads prints them
        problems.append(
            Problem(
                *at,
                "no program in programs.yaml is both public: true and open (or on a "
                "waitlist), so the one-page repair sheet for owners (repair-resources.pdf) is left "
                "out of both sites and the public site lists no programs; add public: true to the "
                "programs residents may see",
                "warning",
            )
        )


def check_process(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at process.yaml, when it is there but says nothing the sites can show: the complaint guide
    and the response targets would disappear from the public site without a word."""
    group = edition.sources.get("process") or []
    p = edition.process
    if group and not (p.categories or p.steps or p.summary or p.escalation or p.appeal or p.timing_not_published):
        problems.append(
            Problem(
                group[0].source(()).label,
                *group[0].where_key(("categories",)),
                (
                    "process.yaml says nothing the sites can show (no categories, steps or summary), so the page "
                    "'How we handle a complaint' and the response targets are left out of the public site; write "
                    "the categories you sort complaints into, with their response times (handbook new writes an "
                    "example), or delete the file if the edition has no complaint process to publish"
                ),
                "warning",
            )
        )


# The files a keeper writes that an edition may do without, what is missing without them, how to add them.
OPTIONAL_FILES = {
    "partners": "no partner pages (who inspectors call, inside and outside the city)",
    "programs": "no repair programs page and no one-page repair sheet for owners",
    "process": "no page 'How we handle a complaint' and no response targets",
}


def missing_files(edition: Edition) -> list[Problem]:
    """A note for each of OPTIONAL_FILES that neither the edition nor a base it extends has (an edition that
    inherits the file says nothing): what the sites leave out, and how to add the file."""
    found = []
    for name, what in OPTIONAL_FILES.items():
        if not edition.sources.get(name):
            found.append(
                Problem(
                    str(edition.root / f"{name}.yaml"),
                    1,
                    1,
                    (
                        f"there is no {name}.yaml, so the sites have {what}; to add them, write {name}.yaml in this "
                        f"folder (handbook new writes one to start from; the Data reference lists its keys)"
                    ),
                    "note",
                )
            )
    return found
