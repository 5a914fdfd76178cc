"""Load an edition's data folder into validated models, reporting every problem with its place."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import pathlib
import types
import typing
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from . import models as m
from .errors import EditionError, Problem
from .yamlload import Loaded, load_yaml

DATA_ENV = "HANDBOOK_DATA"


def default_data_dir() -> pathlib.Path:
    """The data folder: $HANDBOOK_DATA, else data/ in the current folder."""
    return pathlib.Path(os.environ.get(DATA_ENV) or "data")


@dataclass
class Edition:
    """Everything one data folder says, validated."""

    root: pathlib.Path
    jurisdiction: m.Jurisdiction
    modules: list[m.Module]
    partners: list[m.Partner] = field(default_factory=list)
    programs: list[m.Program] = field(default_factory=list)
    process: m.Process = field(default_factory=m.Process)
    policies: list[m.Policy] = field(default_factory=list)
    workshops: m.Workshops = field(default_factory=m.Workshops)
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, Loaded] = field(default_factory=dict)

    def module(self, module_id: str) -> m.Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(f"no module with id '{module_id}'")

    def partner(self, partner_id: str) -> m.Partner:
        for partner in self.partners:
            if partner.id == partner_id:
                return partner
        raise KeyError(f"no partner with id '{partner_id}'")

    def policy(self, policy_id: str) -> m.Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(f"no policy with id '{policy_id}'")


# --------------------------------------------------------------------------- turning pydantic errors into problems

def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (if you meant the word, put it in quotes)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at loc inside model, if any."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = current.model_fields
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation):
    """Find the model class inside list[X], X | None, Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _message(error: dict, model: type[BaseModel]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = _keys_of(parent) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "string_type":
        return f"expected text here, found {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number here, found {_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number here, found {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false here, found {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- ') here, found {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines) here, found {_describe(value)}"
    if kind == "literal_error":
        return f"{_describe(value)} is not allowed here; use one of: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in str(ctx.get("pattern", "")):
            return f"'{value}' is not a valid id; use lowercase letters, digits and hyphens (e.g. 'land-bank')"
        return f"'{value}' is not in the expected form ({ctx.get('pattern')})"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"expected a date written YYYY-MM-DD, found {_describe(value)}"
    if kind == "too_short":
        return "needs at least one item"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, found {value}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, found {value}"
    if kind in ("value_error", "assertion_error"):
        return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return error["msg"]


def _problems(exc: ValidationError, loaded: Loaded, model: type[BaseModel], prefix: tuple = ()) -> list[Problem]:
    found = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            line, column = loaded.where_key(loc)
        else:
            line, column = loaded.where(loc)
        found.append(Problem(loaded.label, line, column, _message(error, model)))
    return found


def validate(loaded: Loaded, model: type[BaseModel], problems: list[Problem]):
    """Validate loaded.data against model; add problems and return None when it does not fit."""
    if not isinstance(loaded.data, dict):
        line, column = loaded.where(())
        problems.append(Problem(loaded.label, line, column,
                                f"expected a mapping of keys at the top of the file, found {_describe(loaded.data)}"))
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(_problems(exc, loaded, model))
        return None


# --------------------------------------------------------------------------- reading the folder

def _label(path: pathlib.Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_files(root: pathlib.Path, problems: list[Problem]) -> dict[str, list[Loaded]]:
    """Read every data file of the folder, grouped by kind; unreadable files become problems."""
    groups = {
        "jurisdiction": [root / "jurisdiction.yaml"],
        "modules": sorted((root / "modules").glob("*.yaml")),
        "partners": [root / "partners.yaml"],
        "programs": [root / "programs.yaml"],
        "process": [root / "process.yaml"],
        "policies": sorted((root / "policies").glob("*.yaml")),
        "workshops": [root / "workshops.yaml"],
    }
    result: dict[str, list[Loaded]] = {}
    for kind, paths in groups.items():
        result[kind] = []
        for path in paths:
            if path.name.startswith("_") or not path.exists():
                continue
            try:
                result[kind].append(load_yaml(path, _label(path)))
            except Problem as problem:
                problems.append(problem)
    return result


def load_edition(root: pathlib.Path | str | None = None, today: dt.date | None = None) -> Edition:
    """Load and check the edition in root; raise EditionError listing every error found."""
    root = pathlib.Path(root) if root is not None else default_data_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        raise EditionError([Problem(_label(root), 1, 1, "no such data folder")])
    if not (root / "jurisdiction.yaml").exists():
        raise EditionError([Problem(_label(root / "jurisdiction.yaml"), 1, 1,
                                    "an edition needs a jurisdiction.yaml (run 'handbook new' to start one)")])
    files = read_files(root, problems)
    edition = assemble(root, files, problems)
    if edition is None or any(p.severity == "error" for p in problems):
        raise EditionError([p for p in problems if p.severity == "error"])
    check(edition, problems, today or dt.date.today())
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise EditionError(errors)
    edition.warnings = sorted(p for p in problems if p.severity == "warning")
    return edition


def assemble(root: pathlib.Path, files: dict[str, list[Loaded]], problems: list[Problem]) -> Edition | None:
    """Validate each file against its model and put the edition together."""
    def one(kind, model, default=None):
        for loaded in files.get(kind, []):
            return validate(loaded, model, problems)
        return default

    jurisdiction = one("jurisdiction", m.Jurisdiction)
    modules = [validate(loaded, m.Module, problems) for loaded in files.get("modules", [])]
    partners = one("partners", m.PartnersFile, m.PartnersFile())
    programs = one("programs", m.ProgramsFile, m.ProgramsFile())
    process = one("process", m.Process, m.Process())
    policies = [validate(loaded, m.Policy, problems) for loaded in files.get("policies", [])]
    workshops = one("workshops", m.Workshops, m.Workshops())
    if jurisdiction is None or None in modules or None in policies or None in (partners, programs, process, workshops):
        return None
    if not modules:
        folder = _label(root / "modules")
        if not any(pathlib.Path(p.path).parent == pathlib.Path(folder) for p in problems):  # none failed to load
            problems.append(Problem(folder, 1, 1, "an edition needs at least one module file in modules/"))
        return None
    order = sorted(range(len(modules)), key=lambda i: modules[i].number)
    files["modules"] = [files["modules"][i] for i in order]
    return Edition(root=root, jurisdiction=jurisdiction, modules=[modules[i] for i in order],
                   partners=partners.partners, programs=programs.programs, process=process,
                   policies=policies, workshops=workshops,
                   files={loaded.label: loaded for group in files.values() for loaded in group})


# --------------------------------------------------------------------------- checks across files

@dataclass
class Place:
    """Where an item of a list was written: its file and its path inside the file."""

    loaded: Loaded
    loc: tuple

    def at(self, *more) -> tuple[str, int, int]:
        line, column = self.loaded.where(self.loc + more)
        return self.loaded.label, line, column


def places(edition: Edition) -> dict[str, list[tuple[object, Place]]]:
    """Every id-bearing item of the edition with the place it was written."""
    by_label = edition.files

    def of(kind_file: str, key: str, items: list):
        loaded = by_label.get(_label(edition.root / kind_file))
        return [(item, Place(loaded, (key, i))) for i, item in enumerate(items)] if loaded else []

    def each_file(folder: str, items: list):
        loadeds = sorted((l for label, l in by_label.items() if pathlib.Path(l.path).parent == edition.root / folder),
                         key=lambda l: str(l.path))
        found = {}
        for loaded in loadeds:
            found[loaded.data.get("id") if isinstance(loaded.data, dict) else None] = loaded
        return [(item, Place(found[item.id], ())) for item in items if item.id in found]

    return {
        "module": each_file("modules", edition.modules),
        "policy": each_file("policies", edition.policies),
        "partner": of("partners.yaml", "partners", edition.partners),
        "program": of("programs.yaml", "programs", edition.programs),
        "category": of("process.yaml", "categories", edition.process.categories),
        "service standard": of("process.yaml", "service_standards", edition.process.service_standards),
        "step": of("process.yaml", "steps", edition.process.steps),
        "case study": of("workshops.yaml", "case_studies", edition.workshops.case_studies),
        "tool": of("workshops.yaml", "tools", edition.workshops.tools),
        "worked example": of("workshops.yaml", "economics", edition.workshops.economics),
    }


def check(edition: Edition, problems: list[Problem], today: dt.date) -> None:
    """Checks that need more than one item: unique ids, references, agenda lengths, stale dates."""
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
        _check_agenda(module, place, problems)

    ids = {kind: {item.id for item, _ in items} for kind, items in where.items()}
    for program, place in where["program"]:
        _ref(program.provider, ids["partner"], "partner", place.at("provider"), problems)
    loaded = edition.files.get(_label(edition.root / "workshops.yaml"))
    if loaded:
        for i, row in enumerate(edition.workshops.matrix):
            row_place = Place(loaded, ("matrix", i))
            for key, kind in (("partners", "partner"), ("programs", "program"), ("tools", "tool")):
                for j, ref in enumerate(getattr(row, key)):
                    _ref(ref, ids[kind], kind, row_place.at(key, j), problems)
        for i, case in enumerate(edition.workshops.case_studies):
            if case.module:
                _ref(case.module, ids["module"], "module", Place(loaded, ("case_studies", i)).at("module"), problems)
    _check_stale(edition, where, problems, today)


def _ref(value: str, known: set[str], kind: str, at: tuple[str, int, int], problems: list[Problem]) -> None:
    if value in known:
        return
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else (f"; known {kind} ids: {', '.join(sorted(known))}" if known else f"; there are no {kind}s yet")
    problems.append(Problem(*at, f"no {kind} has the id '{value}'{hint}"))


def _check_agenda(module: m.Module, place: Place, problems: list[Problem]) -> None:
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
        if not session.minutes.low <= total <= session.minutes.high:
            problems.append(Problem(*place.at("agenda", session_name),
                                    f"the {session_name} agenda adds up to {total} minutes, but the session is "
                                    f"{session.minutes.words()} (timing.{session_name}.minutes)"))
        days = max(s.day for s in segments)
        if days > session.days:
            problems.append(Problem(*place.at("agenda", session_name),
                                    f"the {session_name} agenda uses day {days}, but the session runs over "
                                    f"{session.days} day(s) (timing.{session_name}.days)"))


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


# --------------------------------------------------------------------------- one load per change

_CACHE: dict[str, tuple[tuple, Edition]] = {}


def _stamp(root: pathlib.Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*.yaml")))


def load_edition_cached(root: pathlib.Path | str | None = None) -> Edition:
    """load_edition, reused while no data file changed (MkDocs hooks and macros share one load)."""
    root = pathlib.Path(root) if root is not None else default_data_dir()
    key = str(root.resolve())
    stamp = _stamp(root) if root.is_dir() else ()
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    edition = load_edition(root)
    _CACHE[key] = (stamp, edition)
    return edition
