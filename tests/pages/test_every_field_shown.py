"""Every field an edition can write is shown to a reader somewhere on the staff site.

The test walks the models of every kind of data file (handbook/edition/kinds.py), writes the sample
edition out whole (its national base included) with a unique marker in every text field, filling the
empty ones too, builds the staff site and looks for each marker in the pages a reader reads (not the
keeper's pages, which list the data as it is written). A field that is never shown is data silently
dropped: show it, or make `handbook check` warn about it and list it in NOT_SHOWN with the reason."""

from __future__ import annotations

import html
import pathlib
import types
import typing

import pydantic
import pytest
import yaml

from handbook.build import build
from handbook.edition import kinds, load_edition
from helpers import DATA, ROOT

EDITIONS = {"data": DATA, **{p.name: p for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()}}
KEEPER_PAGES = ("about-data", "about-sources", "reference")
# Settings a keeper writes that are not text for a reader: they steer the build.
SETTINGS = {
    ("Jurisdiction", "extends"),
    ("Jurisdiction", "language"),
    ("Jurisdiction", "state"),
    ("Jurisdiction", "training_start"),
    # the state's own holidays the city works: names the holidays package must know, steering the calendar
    ("Jurisdiction", "works_on_state_holidays"),
}
# Fields that no page shows, each with the reason (and a `handbook check` warning where it matters).
NOT_SHOWN: dict[tuple[str, str], str] = {}  # none today
# Kinds whose values steer a computation instead of being shown: cases.yaml names export files and
# their column headers; only the aggregates it yields reach a page (tests/cases/ checks those).
NOT_READER_KINDS = {"cases"}


def text_field(info: pydantic.fields.FieldInfo) -> bool:
    """A field of reader text: a string with no pattern (ids, dates and codes have one), not an address."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("format") == "uri-reference":
        return False
    return not any(getattr(meta, "pattern", None) for meta in info.metadata)


def item_type(annotation):
    """For list[X] (or X | None): X and whether it is a list; the Annotated wrapper kept."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin = typing.get_origin(annotation)
    if origin is list:
        return typing.get_args(annotation)[0], True
    return annotation, False


def plain(annotation):
    """The type under an Annotated, and the FieldInfo the Annotated holds (or an empty one)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metas = typing.get_args(annotation)
        info = next((m for m in metas if isinstance(m, pydantic.fields.FieldInfo)), pydantic.fields.FieldInfo())
        return base, info
    return annotation, pydantic.fields.FieldInfo()


class Planter:
    """Writes a marker into every text field of a dumped model, and remembers which field has which."""

    def __init__(self):
        self.markers: dict[str, tuple[str, str]] = {}
        self.fields: set[tuple[str, str]] = set()

    def marker(self, model: str, name: str) -> str:
        n = len(self.markers) + 1
        value = f"555-9{n:03d}" if name == "phone" else f"zq{n:04d}@example.org" if name == "email" else f"Zqx{n:04d}q"
        self.markers[value] = (model, name)
        return value

    def plant(self, model: type[pydantic.BaseModel], data: dict) -> dict:
        for name, info in model.model_fields.items():
            key = info.alias or name
            inner, many = item_type(info.annotation)
            base, inner_info = plain(inner)
            where = (model.__name__, name)
            if isinstance(base, type) and issubclass(base, pydantic.BaseModel):
                value = data.get(key)
                if many:
                    for item in value or []:
                        self.plant(base, item)
                elif isinstance(value, dict):
                    self.plant(base, value)
                elif info.default is not None and not info.is_required():
                    data[key] = self.plant(base, {})
                continue
            if base is not str or where in SETTINGS or not text_field(info) or not text_field(inner_info):
                continue
            self.fields.add(where)
            if many:
                data[key] = [self.marker(*where), *(data.get(key) or [])]
            else:
                data[key] = self.marker(*where)
        return data


def every_text_field(model: type[pydantic.BaseModel], seen=None) -> set[tuple[str, str]]:
    """Every (model, field) of reader text reachable from model."""
    seen = set() if seen is None else seen
    found = set()
    if model in seen:
        return found
    seen.add(model)
    for name, info in model.model_fields.items():
        inner, many = item_type(info.annotation)
        base, inner_info = plain(inner)
        if isinstance(base, type) and issubclass(base, pydantic.BaseModel):
            found |= every_text_field(base, seen)
        elif base is str and (model.__name__, name) not in SETTINGS and text_field(info) and text_field(inner_info):
            found.add((model.__name__, name))
    for sub in model.__subclasses__():  # a session may be a recurring session
        found |= every_text_field(sub, seen)
    return found


def dump(item: pydantic.BaseModel) -> dict:
    return item.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def write_marked_edition(source: pathlib.Path, folder: pathlib.Path) -> Planter:
    """An edition with its national base, each kind written out whole with markers planted."""
    edition = load_edition(source)
    planter = Planter()
    for kind in kinds.KINDS:
        if kind.name in NOT_READER_KINDS:
            continue
        part = edition.part(kind.name)
        if kind.unwrap:  # partners.yaml: one file holding the list
            files = [(kind.pattern, {kind.unwrap: [dump(x) for x in part]})]
        elif kind.one_per_file:  # modules/, policies/: one file per item
            files = [(kind.pattern.replace("*", f"{i + 1:02d}-{x.id}"), dump(x)) for i, x in enumerate(part)]
        else:
            files = [(kind.pattern, dump(part))]
        for name, data in files:
            data = planter.plant(kind.model, data)
            data.pop("extends", None)
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return planter


@pytest.fixture(scope="module", params=list(EDITIONS))
def marked(request, tmp_path_factory):
    """The sample and each real city, marked (each city's data is shaped differently: Carlsbad's process
    has a summary and an escalation rule but no steps), and their staff sites."""
    work = tmp_path_factory.mktemp("marked")
    planter = write_marked_edition(EDITIONS[request.param], work / "edition")
    build(work / "edition", work / "site", ["staff"], pdf=False)
    pages = []
    for path in sorted((work / "site" / "staff").resolve().rglob("index.html")):
        if not any(part in KEEPER_PAGES for part in path.parent.parts):
            pages.append(html.unescape(path.read_text(encoding="utf-8")))
    return planter, "\n".join(pages)


def test_the_walk_reaches_every_text_field_of_every_kind(tmp_path):
    planter = write_marked_edition(DATA, tmp_path)
    every = set().union(*(every_text_field(kind.model) for kind in kinds.KINDS if kind.name not in NOT_READER_KINDS))
    assert sorted(every - planter.fields) == []


def test_every_field_an_edition_can_write_is_shown_on_the_staff_site(marked):
    planter, text = marked
    missing = {}
    for value, where in planter.markers.items():
        if value not in text and where not in NOT_SHOWN:
            missing.setdefault(where, value)
    assert sorted(missing.items()) == []
