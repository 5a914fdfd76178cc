"""Every rule that needs more than one value: unique ids, references between files, agenda lengths
and clock times, stale dates. `handbook check` and every build run the same rules.

`check` runs them all; each concern has its module: `refs` (ids and references), `modules` (a training
module's lists, agenda and clock), `stale` (verification dates), `cases` (cases.yaml and its exports),
`calendar` (the state and its holidays), `values` (links, phones and invisible characters in every text
value), `public` (a public site that can help), `coverage` (what the sites leave out), `todo` (the FIXMEs
`handbook new` left) and `pages` (what a department page loses, and its invisible characters).

A rule only reports: it never changes the Edition (what loading works out, such as where each case export
is, reader.py does)."""

from __future__ import annotations

import datetime as dt

from ...problems import Problem
from .. import models as m
from ..edition import Edition, Place, places
from .calendar import check_state_holidays, state_holiday_note
from .cases import EXPORT_SUFFIXES, check_cases, export_path
from .coverage import OPTIONAL_FILES, check_process, check_programs, missing_files
from .modules import MIDNIGHT, check_agenda, check_clock, check_part_ids, part_items
from .pages import check_pages
from .public import NOT_READY, PLACEHOLDER, check_public_site, public_kinds, tells_how_long
from .refs import check_ref, closest_id, inside
from .stale import check_stale, months_between, stale
from .todo import STILL_TO_FILL, check_todo
from .values import check_invisible, check_links, check_phones, field_format, roots, walk

__all__ = [
    "EXPORT_SUFFIXES",
    "MIDNIGHT",
    "NOT_READY",
    "OPTIONAL_FILES",
    "PLACEHOLDER",
    "STILL_TO_FILL",
    "check",
    "check_invisible",
    "check_links",
    "check_phones",
    "check_process",
    "check_programs",
    "check_public_site",
    "check_state_holidays",
    "closest_id",
    "export_path",
    "field_format",
    "missing_files",
    "months_between",
    "part_items",
    "public_kinds",
    "roots",
    "stale",
    "state_holiday_note",
    "tells_how_long",
    "walk",
]


def check(edition: Edition, problems: list[Problem], today: dt.date, known: dict[str, set[str]] | None = None) -> None:
    """Checks that need more than one item: unique ids, references, agenda lengths, stale dates.

    known: more ids that exist, by noun (items left out of an edition checked while some of its files
    have errors), so a reference to one of them is not reported as a reference to nothing."""
    where = places(edition)
    for kind, items in where.items():
        seen: dict[str, Place] = {}
        for item, place in items:
            if item.id in seen:
                label, line, _ = seen[item.id].at("id")
                problems.append(
                    Problem(*place.at("id"), f"duplicate {kind} id '{item.id}' (already used at {label}:{line})")
                )
            else:
                seen[item.id] = place
    numbers: dict[int, Place] = {}
    for module, place in where["module"]:
        if module.number in numbers:
            label, line, _ = numbers[module.number].at("number")
            problems.append(
                Problem(*place.at("number"), f"module number {module.number} is already used at {label}:{line}")
            )
        numbers.setdefault(module.number, place)
        check_part_ids(module, place, problems)
        check_agenda(module, place, edition, problems)
        check_clock(module, edition, problems)

    ids = {kind: {item.id for item, _ in items} | (known or {}).get(kind, set()) for kind, items in where.items()}
    names = {
        kind: {item.id: getattr(item, "name", None) or getattr(item, "title", "") for item, _ in items}
        for kind, items in where.items()
    }
    for program, place in where["program"]:
        check_ref(program.provider, ids["partner"], "partner", place.at("provider"), problems, names["partner"])
        if program.on_sheet and not program.public:
            problems.append(
                Problem(
                    *place.at("on_sheet"),
                    f"program '{program.id}' has 'on_sheet: true' but is not "
                    "public, and the sheet is handed to the public; add 'public: true' or remove on_sheet",
                )
            )
    for loaded in edition.sources.get("workshops", []):
        for i, row in enumerate(edition.workshops.matrix):
            row_place = Place(loaded, ("matrix", i))
            for key, kind in (("partners", "partner"), ("programs", "program"), ("tools", "tool")):
                for j, ref in enumerate(getattr(row, key)):
                    check_ref(ref, ids[kind], kind, row_place.at(key, j), problems, names[kind])
        for i, case in enumerate(edition.workshops.case_studies):
            if case.module:
                check_ref(
                    case.module, ids["module"], "module", Place(loaded, ("case_studies", i)).at("module"), problems
                )
    readable = ids["module"] | set(m.READABLE_PAGES)
    for noun in ("first-day step", "first-week step"):
        for step, place in where[noun]:
            at = place.at("read")
            # a base's step may name a module this edition removed: Start here leaves that step out
            if step.read and inside(at[0], edition.root):
                check_ref(step.read, readable, "module or page", at, problems)
    check_stale(edition, where, problems, today)
    check_cases(edition, ids["category"], problems)
    check_links(edition, problems)
    check_phones(edition, problems)
    check_invisible(edition, problems)
    check_programs(edition, problems)
    check_process(edition, problems)
    check_state_holidays(edition, problems)
    check_public_site(edition, problems)
    check_todo(edition, problems)
    check_pages(edition, problems)
