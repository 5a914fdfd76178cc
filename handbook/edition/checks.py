"""Every rule that needs more than one value: unique ids, references between files, agenda lengths
and clock times, stale dates. `handbook check` and every build run the same rules."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import pathlib
import re
import typing

from pydantic import BaseModel

from .. import prose, safeopen, text
from ..problems import Problem
from . import kinds, state_holidays
from . import models as m
from .edition import Edition, Place, places
from .files import edition_label
from .files import label as file_label

MIDNIGHT = 24 * 60


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
                problems.append(Problem(*place.at("id"), f"duplicate {kind} id '{item.id}' (already used at {label}:{line})"))
            else:
                seen[item.id] = place
    numbers: dict[int, Place] = {}
    for module, place in where["module"]:
        if module.number in numbers:
            label, line, _ = numbers[module.number].at("number")
            problems.append(Problem(*place.at("number"), f"module number {module.number} is already used at {label}:{line}"))
        numbers.setdefault(module.number, place)
        _check_part_ids(module, place, problems)
        _check_agenda(module, place, edition, problems)
        _check_clock(module, edition, problems)

    ids = {kind: {item.id for item, _ in items} | (known or {}).get(kind, set()) for kind, items in where.items()}
    names = {kind: {item.id: getattr(item, "name", None) or getattr(item, "title", "") for item, _ in items}
             for kind, items in where.items()}
    for program, place in where["program"]:
        _ref(program.provider, ids["partner"], "partner", place.at("provider"), problems, names["partner"])
        if program.on_sheet and not program.public:
            problems.append(Problem(*place.at("on_sheet"), f"program '{program.id}' has 'on_sheet: true' but is not "
                                    "public, and the sheet is handed to the public; add 'public: true' or remove on_sheet"))
    for loaded in edition.sources.get("workshops", []):
        for i, row in enumerate(edition.workshops.matrix):
            row_place = Place(loaded, ("matrix", i))
            for key, kind in (("partners", "partner"), ("programs", "program"), ("tools", "tool")):
                for j, ref in enumerate(getattr(row, key)):
                    _ref(ref, ids[kind], kind, row_place.at(key, j), problems, names[kind])
        for i, case in enumerate(edition.workshops.case_studies):
            if case.module:
                _ref(case.module, ids["module"], "module", Place(loaded, ("case_studies", i)).at("module"), problems)
    readable = ids["module"] | set(m.READABLE_PAGES)
    for noun in ("first-day step", "first-week step"):
        for step, place in where[noun]:
            at = place.at("read")
            # a base's step may name a module this edition removed: Start here leaves that step out
            if step.read and _inside(at[0], edition.root):
                _ref(step.read, readable, "module or page", at, problems)
    _check_stale(edition, where, problems, today)
    _check_cases(edition, ids["category"], problems)
    check_links(edition, problems)
    check_phones(edition, problems)
    check_invisible(edition, problems)
    check_programs(edition, problems)
    check_process(edition, problems)
    check_state_holidays(edition, problems)
    check_public_site(edition, problems)

def _words(value: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", value.lower()) if word]


def closest_id(value: str, known: set[str], names: dict[str, str] | None = None) -> str | None:
    """The id a keeper most likely meant by value, or None: the id the value is once spelt in the id's form
    ('Land Bank' for land-bank), the id of the item the value names ('Cuyahoga Land Bank'), an id that holds
    every word of the value ('land-bank' for cuyahoga-land-bank), and only then one spelt alike."""
    words = _words(value)
    slug = "-".join(words)
    if slug in known:
        return slug
    named = sorted(id_ for id_, name in (names or {}).items() if id_ in known and _words(name) == words and words)
    if named:
        return named[0]
    holding = sorted((len(_words(id_)), id_) for id_ in known
                     if words and all(word in _words(id_) for word in words))
    if holding:
        return holding[0][1]
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _ref(value: str, known: set[str], kind: str, at: tuple[str, int, int], problems: list[Problem],
         names: dict[str, str] | None = None) -> None:
    if value in known:
        return
    close = [found] if (found := closest_id(value, known, names)) else []
    hint = f"; did you mean '{close[0]}'?" if close else (f"; known {kind} ids: {', '.join(sorted(known))}" if known else f"; there are no {kind}s yet")
    problems.append(Problem(*at, f"no {kind} has the id '{value}'{hint}"))

def part_items(item, part: kinds.Part) -> list:
    """The entries of one of an item's inner lists ('steps.short_term' of a module)."""
    for key in part.key.split("."):
        item = getattr(item, key)
    return item


def _check_part_ids(module: m.Module, place: Place, problems: list[Problem]) -> None:
    """Within one list of a module (its components, its onboarding agenda...) each id is used once."""
    for part in kinds.kind("modules").collections[0].parts:
        loc, seen = tuple(part.key.split(".")), {}
        for i, entry in enumerate(part_items(module, part)):
            if entry.id is None:
                continue
            if entry.id in seen:
                label, line, _ = place.at(*loc, seen[entry.id], "id")
                problems.append(Problem(*place.at(*loc, i, "id"), f"duplicate {part.noun} id '{entry.id}' "
                                        f"(already used at {label}:{line}); give each item of the list its own id"))
            seen.setdefault(entry.id, i)


def _inside(label: str, root) -> bool:
    return pathlib.Path(label).resolve().is_relative_to(pathlib.Path(root).resolve())


def _check_agenda(module: m.Module, place: Place, edition: Edition, problems: list[Problem]) -> None:
    for session_name in ("onboarding", "refresher"):
        segments = getattr(module.agenda, session_name)
        session = getattr(module.timing, session_name)
        if not segments:
            continue
        if session is None:
            problems.append(Problem(*place.at("agenda", session_name),
                                    f"there is an agenda for the {session_name} session, but timing has no {session_name}"))
            continue
        total = sum(s.minutes for s in segments if not s.is_break)
        breaks = sum(s.minutes for s in segments if s.is_break)
        counted = (f"{total} minutes, not counting its {breaks} minutes of breaks" if breaks
                   else f"{total} minutes (breaks are not counted; it has none)")
        if not session.minutes.low <= total <= session.minutes.high:
            agenda_at = place.at("agenda", session_name)
            minutes_at = place.at("timing", session_name, "minutes")
            if agenda_at[0] != minutes_at[0] and _inside(minutes_at[0], edition.root) \
                    and not _inside(agenda_at[0], edition.root):
                # the keeper changed the length but inherits the agenda: say so where they wrote the length
                problems.append(Problem(*minutes_at, (
                    f"the {session_name} session is {session.minutes.words()} here, but the {session_name} agenda "
                    f"this module inherits from {edition_label(agenda_at[0], edition.root)} adds up to {counted}; "
                    f"give this module its own agenda: under 'agenda:' in this file, list the {session_name} "
                    f"segments with minutes that add up to {session.minutes.words()}")))
                continue
            problems.append(Problem(*agenda_at,
                                    f"the {session_name} agenda adds up to {counted}, but the session is "
                                    f"{session.minutes.words()} (timing.{session_name}.minutes)"))
        days = max(s.day for s in segments)
        if days > session.days:
            problems.append(Problem(*place.at("agenda", session_name),
                                    f"the {session_name} agenda uses day {days}, but the session runs over "
                                    f"{session.days} day(s) (timing.{session_name}.days)"))

def _check_clock(module: m.Module, edition: Edition, problems: list[Problem]) -> None:
    """No day of a session may run past midnight when it starts at the jurisdiction's training_start;
    reported at training_start, the value a department sets."""
    start = text.parse_clock(edition.jurisdiction.training_start)
    jurisdiction = (edition.sources.get("jurisdiction") or [None])[0]
    for session_name in ("onboarding", "refresher"):
        for day, minutes in m.day_lengths(getattr(module.agenda, session_name)).items():
            if start + minutes > MIDNIGHT and jurisdiction is not None:
                problems.append(Problem(*jurisdiction.locate(("training_start",)),
                                        f"training_start {edition.jurisdiction.training_start} is too late: day {day} of module "
                                        f"{module.number}'s {session_name} session lasts "
                                        f"{text.minutes_words(minutes)} (breaks included) and would run past "
                                        "midnight; set an earlier training_start"))
                return


def check_programs(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at programs.yaml, when it is there but feeds no handout: what it would make is left out."""
    group = edition.sources.get("programs") or []
    if not group:
        return                                    # no programs.yaml at all: the edition has chosen none
    at = group[0].locate_key(("programs",))
    if not edition.programs:
        problems.append(Problem(*at, "programs.yaml lists no programs, so the one-page repair sheet for owners "
                                "(repair-resources.pdf) and the staff page 'Repair and assistance programs' are "
                                "left out of the sites; add the repair programs owners can apply to (with "
                                "public: true on those residents may see)", "warning"))
    elif not any(p.public and p.status != "closed" for p in edition.programs):   # as pages.downloads prints them
        problems.append(Problem(*at, "no program in programs.yaml is both public: true and open (or on a "
                                "waitlist), so the one-page repair sheet for owners (repair-resources.pdf) is left "
                                "out of both sites and the public site lists no programs; add public: true to the "
                                "programs residents may see", "warning"))
def check_process(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at process.yaml, when it is there but says nothing the sites can show: the complaint guide
    and the response targets would disappear from the public site without a word."""
    group = edition.sources.get("process") or []
    p = edition.process
    if group and not (p.categories or p.steps or p.summary or p.escalation or p.appeal or p.timing_not_published):
        problems.append(Problem(group[0].source(()).label, *group[0].where_key(("categories",)), (
            "process.yaml says nothing the sites can show (no categories, steps or summary), so the page 'How we "
            "handle a complaint' and the response targets are left out of the public site; write the categories "
            "you sort complaints into, with their response times (handbook new writes an example), or delete the "
            "file if the edition has no complaint process to publish"), "warning"))


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
            found.append(Problem(str(edition.root / f"{name}.yaml"), 1, 1, (
                f"there is no {name}.yaml, so the sites have {what}; to add them, write {name}.yaml in this "
                f"folder (handbook new writes one to start from; the Data reference lists its keys)"), "note"))
    return found


def check_state_holidays(edition: Edition, problems: list[Problem]) -> None:
    """jurisdiction.yaml: the state is one the holidays package knows, and each of works_on_state_holidays is
    one of that state's holidays that is no federal holiday (by the package's name)."""
    jurisdiction = edition.jurisdiction
    loaded = (edition.sources.get("jurisdiction") or [None])[0]
    if loaded is None:
        return
    if jurisdiction.state and not state_holidays.known_state(jurisdiction.state):
        problems.append(Problem(*loaded.locate(("state",)), f"there is no state '{jurisdiction.state}' in the "
                                "holidays calendar; write the state's two-letter postal code, e.g. TX"))
        return
    if jurisdiction.works_on_state_holidays and not jurisdiction.state:
        problems.append(Problem(*loaded.locate_key(("works_on_state_holidays",)), "works_on_state_holidays names "
                                "holidays of the state, but 'state' is not set; write the state's two-letter code "
                                "as state: (e.g. TX)"))
        return
    if not jurisdiction.works_on_state_holidays:
        return
    names = state_holidays.state_only(jurisdiction.state, *state_holidays.NAME_YEARS)
    federal = state_holidays.federal_names(jurisdiction.state, *state_holidays.NAME_YEARS)
    known = {name.casefold() for name in names}
    for i, name in enumerate(jurisdiction.works_on_state_holidays):
        if name.casefold() in known:
            continue
        at = loaded.locate(("works_on_state_holidays", i))
        if name.casefold() in {f.casefold() for f in federal}:
            problems.append(Problem(*at, f"'{name}' is a federal holiday, which business days always skip; only "
                                    f"{jurisdiction.state}'s own holidays can be worked: remove it"))
            continue
        close = state_holidays.closest_name(name, names)
        hint = (f"did you mean '{close}'?" if close else
                f"{jurisdiction.state}'s own holidays are: {', '.join(names)}" if names else
                f"{jurisdiction.state} has no holiday of its own that falls on a working day: remove the key")
        problems.append(Problem(*at, f"'{name}' is not one of {jurisdiction.state}'s own holidays (those that are "
                                f"no federal holiday, as the holidays package names them); {hint}"))


def state_holiday_note(edition: Edition, today: dt.date) -> Problem | None:
    """A note for `handbook check` when the state has holidays of its own (on no federal holiday): which of them
    business days skip this year and the next two, which the city works, and how to list one it works."""
    jurisdiction = edition.jurisdiction
    loaded = (edition.sources.get("jurisdiction") or [None])[0]
    if loaded is None or not jurisdiction.state or not state_holidays.known_state(jurisdiction.state):
        return None
    names = state_holidays.state_only(jurisdiction.state, today.year, today.year + 2)
    if not names:
        return None
    worked = {name.casefold() for name in jurisdiction.works_on_state_holidays}
    skipped = [name for name in names if name.casefold() not in worked]
    works = [name for name in names if name.casefold() in worked]
    said = [f"business days skip {jurisdiction.state}'s own holidays (on no federal holiday): "
            f"{', '.join(skipped)}" if skipped else
            f"business days count every one of {jurisdiction.state}'s own holidays as a working day"]
    if works:
        said.append(f"the city works {', '.join(works)} (works_on_state_holidays)")
    if skipped:
        example = ", ".join(skipped[:2])
        said.append(f"to count one the city works as a business day, list it in jurisdiction.yaml as "
                    f"works_on_state_holidays: [{example}]")
    return Problem(*loaded.locate_key(("state",)), "; ".join(said), "note")


EXPORT_SUFFIXES = (".csv", ".xlsx", ".parquet")


def export_path(loaded, index: int) -> pathlib.Path:
    """The export file named by files[index] of cases.yaml: relative to the cases.yaml that wrote it."""
    written = loaded.source(("files", index))
    return pathlib.Path(os.path.abspath(written.path.parent / str(loaded.data["files"][index])))


def _check_cases(edition: Edition, categories: set[str], problems: list[Problem]) -> None:
    """cases.yaml: each export file exists inside its edition folder; each mapped category exists."""
    for loaded in edition.sources.get("cases", []):
        edition.cases.found_at([export_path(loaded, i) for i in range(len(edition.cases.files))],
                               [loaded.source(("files", i)).path.parent for i in range(len(edition.cases.files))])
        for i, name in enumerate(edition.cases.files):
            at = loaded.locate(("files", i))
            folder = loaded.source(("files", i)).path.parent
            path = export_path(loaded, i)
            if pathlib.PurePath(name).is_absolute() or not path.is_relative_to(os.path.abspath(folder)):
                problems.append(Problem(*at, f"'{name}' is outside the edition's folder; put the export in the "
                                             "edition's folder (e.g. exports/) and write its path from cases.yaml"))
            elif path.suffix.lower() not in EXPORT_SUFFIXES:
                problems.append(Problem(*at, f"'{name}' is not a CSV, XLSX or Parquet file; export the cases as CSV "
                                             "or XLSX"))
            elif not os.path.lexists(path):
                problems.append(Problem(*at, f"there is no file '{name}' next to cases.yaml; check the name, or "
                                             "export the cases again"))
            else:
                try:                  # a link, a FIFO or a device on the way: an error at its own path
                    os.close(safeopen.open_file(path, folder, file_label(path), "case export"))
                except Problem as problem:
                    problems.append(problem)
        for name, category in edition.cases.categories.items():
            if category != m.SKIP:
                _ref(category, categories, "category", loaded.locate(("categories", name)), problems)


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)

def _check_stale(edition: Edition, where: dict, problems: list[Problem], today: dt.date) -> None:
    limit = edition.jurisdiction.stale_after_months
    dated: list[tuple[str, object, Place]] = []
    for kind in ("module", "partner", "program", "policy"):
        dated += [(kind, item, place) for item, place in where[kind]]
    for kind, item, place in dated:
        if item.last_verified is None:
            continue
        if item.last_verified > today:
            problems.append(Problem(*place.at("last_verified"),
                                    f"last_verified {item.last_verified} is in the future", "warning"))
        elif months_between(item.last_verified, today) >= limit:
            problems.append(Problem(*place.at("last_verified"),
                                    f"{kind} '{item.id}' was last verified on {item.last_verified}, more than "
                                    f"{limit} months ago; check it and update last_verified", "warning"))


# --------------------------------------------------------------------------- links and addresses

def field_format(info) -> str:
    """'markdown' (prose), 'uri-reference' (a URL), 'text' or '' for a model field, lists included."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("format"):
        return extra["format"]
    for arg in typing.get_args(info.annotation):         # list[Prose], Url | None
        for meta in getattr(arg, "__metadata__", ()):
            inner = getattr(meta, "json_schema_extra", None)
            if isinstance(inner, dict) and inner.get("format"):
                return inner["format"]
    return ""


def _walk(value, loc: tuple, public: bool = False):
    """(value, loc, format) for every string value of a model, with its path in the file.

    public: only what the public edition keeps (handbook.view): items that say public: true, and no field
    marked STAFF_ONLY."""
    if isinstance(value, BaseModel):
        if public and getattr(value, "public", True) is False:
            return
        for name, info in type(value).model_fields.items():
            if public and (info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}) \
                    .get("audience") == "staff":
                continue
            child, key = getattr(value, name), info.alias or name
            fmt = field_format(info)
            if isinstance(child, str):
                yield child, loc + (key,), fmt
            elif isinstance(child, list):
                for i, item in enumerate(child):
                    if isinstance(item, str):
                        yield item, loc + (key, i), fmt
                    else:
                        yield from _walk(item, loc + (key, i), public)
            else:
                yield from _walk(child, loc + (key,), public)


def roots(edition: Edition, names: tuple[str, ...] | None = None):
    """(model or item, its file, its path in the file) for everything the edition's files hold (of the
    kinds named, when names are given)."""
    for kind in kinds.KINDS:
        if names is not None and kind.name not in names:
            continue
        group = edition.sources.get(kind.name) or []
        part = edition.part(kind.name)
        if kind.one_per_file:
            yield from ((item, loaded, ()) for item, loaded in zip(part or [], group))
        elif kind.unwrap and group:
            yield from ((item, group[0], (kind.unwrap, i)) for i, item in enumerate(part or []))
        elif group:
            yield part, group[0], ()


def check_invisible(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for every text value that holds a bidirectional control or a zero-width character:
    it makes the text read differently from what it is (or hides a difference between two ids)."""
    for root, loaded, base in roots(edition):
        for value, loc, _ in _walk(root, base):
            found = text.invisible_characters(value)
            if found:
                offset, name = found[0]
                problems.append(Problem(*loaded.locate(loc), f"an invisible character ({name}, "
                                        f"U+{ord(value[offset]):04X}) is in this text; it changes how the text reads "
                                        "without being seen; delete it", "warning"))


def check_links(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for every link or address that will be shown as text instead of a link."""
    for root, loaded, base in roots(edition):
        for value, loc, fmt in _walk(root, base):
            if fmt == "uri-reference" and value:
                why = prose.url_problem(value)
                if why:
                    problems.append(Problem(*loaded.locate(loc), why, "warning"))
            elif fmt == "markdown" and ("](" in value or "]:" in value):
                for what, target in prose.links(value):
                    if what == "image":
                        problems.append(Problem(*loaded.locate(loc), f"images are not shown in the handbook "
                                                f"('{target[:60]}'); link to the picture instead", "warning"))
                    elif prose.url_problem(target):
                        problems.append(Problem(*loaded.locate(loc), prose.url_problem(target), "warning"))


def check_phones(edition: Edition, problems: list[Problem]) -> None:
    """A warning, at its place, for a phone field a phone could not call: how to write it."""
    for root, loaded, base in roots(edition):
        for value, loc, _ in _walk(root, base):
            if loc and loc[-1] == "phone" and text.phone_problem(value):
                problems.append(Problem(*loaded.locate(loc), text.phone_problem(value), "warning"))


# --------------------------------------------------------------------------- a public site that can help

# The parts of an edition whose items can reach a public page (as handbook.view.PUBLIC_PARTS keeps them).
PUBLIC_KINDS = ("jurisdiction", "partners", "programs", "process", "policies")
# Text that holds a place for a value not yet known. FIXME is reported by itself (scaffold.todo_warnings).
PLACEHOLDER = re.compile(r"\bto be (?:decided|confirmed|determined|announced|completed|filled in|added)\b"
                         r"|\b(?:TBD|TBC|TBA|TODO|XXX+)\b|\?\?\?", re.I)
NOT_READY = "the public site cannot help a resident yet"


def tells_how_long(process: m.Process) -> bool:
    """Whether the public site can tell a resident how long a report takes: a public case category, a public
    service standard with a target, or the city's statement that it publishes no time and whom to ask."""
    return (any(category.public for category in process.categories)
            or any(standard.public and standard.target for standard in process.service_standards)
            or bool(process.timing_not_published))


def check_public_site(edition: Edition, problems: list[Problem]) -> None:
    """Warnings (errors under --strict) for a public site that cannot tell a resident how to report a
    problem, whom to contact and how long it takes, or that shows placeholder text: each at the key to fill in."""
    jurisdiction = (edition.sources.get("jurisdiction") or [None])[0]
    if jurisdiction is None:
        return
    contact = edition.jurisdiction.public_contact
    if not contact.phone and not contact.report_url:
        problems.append(Problem(*jurisdiction.locate_key(("public_contact", "phone")), (
            f"{NOT_READY}: it gives no way to report a problem; write the number residents call in "
            "public_contact.phone (e.g. '311, or 216-664-2000 from outside the city') or the address of the "
            "city's report form in public_contact.report_url"), "warning"))
    if not contact.phone and not contact.email:
        problems.append(Problem(*jurisdiction.locate_key(("public_contact", "email")), (
            f"{NOT_READY}: it names no one to contact; write the department's public_contact.phone or "
            "public_contact.email"), "warning"))
    process = (edition.sources.get("process") or [None])[0]
    # How long it takes: a public category (each has its initial_response; a resolution_target a city does not
    # publish is left out, and the pages say no time is set yet), a public service standard with a target, or
    # the city's own word that it publishes no time and whom to ask instead. Nothing is invented.
    if not tells_how_long(edition.process):
        at = process.locate_key(("categories",)) if process is not None else jurisdiction.locate(())
        where = "process.yaml" if process is not None else "a process.yaml beside jurisdiction.yaml"
        problems.append(Problem(*at, (
            f"{NOT_READY}: it does not say how fast you respond to a report; in {where}, either list the case "
            "categories under 'categories:', each with initial_response and public: true, or give a public "
            "service standard its target under 'service_standards:' (e.g. 'target: 1 business day'), or, when "
            "the city publishes no time, say so and whom to ask under 'timing_not_published:'"),
            "warning"))
    for root, loaded, base in roots(edition, PUBLIC_KINDS):
        for value, loc, _ in _walk(root, base, public=True):
            found = PLACEHOLDER.search(value)
            if found:
                key = ".".join(str(part) for part in loc)
                problems.append(Problem(*loaded.locate(loc), (
                    f"{NOT_READY}: {key} says '{found.group(0)}', which residents would read on a public page; "
                    "write the real value, or leave the key out (the page then says whom to ask)"), "warning"))
    for page in edition.pages:
        if not page.public:
            continue
        for n, line in enumerate(page.body.splitlines()):
            found = PLACEHOLDER.search(line)
            if found:
                problems.append(Problem(page.path, page.body_line + n, found.start() + 1, (
                    f"{NOT_READY}: this public page says '{found.group(0)}'; write the real text, or leave "
                    "the sentence out"), "warning"))

