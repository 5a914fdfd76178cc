"""The kinds of data file an edition may hold: ONE table, read by every part that needs the list.

The reader finds the files by `pattern`, the validator checks each against `model`, the overlay
merges the one-per-file kinds by id and the others file by file, the checks find duplicate ids
in every `Collection`, the JSON Schemas and the Data reference (with the kind's `example`) are
made per kind, the provenance page names and groups items by their collection, the public
edition (handbook.view) keeps the `public` kinds only, and `handbook import`/`export` take the
kinds with a `sheet` model. Adding a kind of data file is one row here (and its model in
models.py); nothing else keeps a list of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from . import models as m


def item_name(item) -> str:
    """How an item of a module's list is named on the provenance page: its title, place, activity or
    the start of its text."""
    for key in ("title", "place", "activity", "text"):
        value = item if isinstance(item, str) else item.get(key) if isinstance(item, dict) else getattr(item, key, None)
        if isinstance(value, str) and value:
            return value if len(value) <= 70 else value[:67].rstrip() + "..."
    return ""


@dataclass(frozen=True)
class Part:
    """A list of items inside each item of a collection (a module's components), merged by `id`."""

    key: str  # its path in the item, dots between keys: "steps.short_term"
    noun: str  # one item, in messages: "component", "short-term step"
    heading: str  # its heading under the item on the provenance page


@dataclass(frozen=True)
class Collection:
    """A list of items with ids inside a kind of file (or the file itself, for one-per-file kinds)."""

    key: str  # the list's key in the file; "" when each file is one item
    noun: str  # one item, in messages: "partner", "step"
    heading: str  # the group's heading on the provenance page
    name: Callable[[object], str] = lambda item: getattr(item, "title", getattr(item, "name", ""))
    parts: tuple[Part, ...] = ()  # lists inside each item whose entries have ids of their own


@dataclass(frozen=True)
class Kind:
    """One kind of data file."""

    name: str  # the key used throughout: "partners"
    pattern: str  # where it lives in an edition: "partners.yaml", "modules/*.yaml"
    model: type[BaseModel]  # the model one file validates against
    schema: str  # the JSON Schema's name: schemas/<schema>.schema.json
    purpose: str  # what the file is for, in a keeper's words
    unwrap: str | None = None  # the Edition holds this attribute of the file's model (partners: its list)
    collections: tuple[Collection, ...] = field(default_factory=tuple)
    public: bool = False  # its items can reach the public site (handbook.view keeps those that say
    # public: true, without their STAFF_ONLY fields); otherwise staff-only as a whole
    example: str = ""  # a short example of the file, shown by the Data reference
    sheet: type[BaseModel] | None = None  # one row's model: `handbook import`/`export` read and write the
    # items of `unwrap` as a spreadsheet, a row each

    @property
    def one_per_file(self) -> bool:
        """modules/ and policies/: a folder of files, each one item matched by its id."""
        return "*" in self.pattern

    @property
    def folder(self) -> str:
        return self.pattern.split("/")[0] if self.one_per_file else ""

    @property
    def reference_name(self) -> str:
        """How the Data reference names the file: 'modules/NN-id.yaml', 'partners.yaml'."""
        return self.pattern.replace("*", "NN-id" if self.name == "modules" else "id")


# A short example of each file for the Data reference (Kind.example), in the words of an imaginary city.

EXAMPLE_JURISDICTION = """\
extends: national
name: City of Riverton
department: Department of Neighborhood Services
mission: Every home in Riverton is safe to live in.
public_contact:
  phone: 555-0100
  email: codes@riverton.example"""

EXAMPLE_MODULES = """\
id: external-partners          # the same id as the national module: only what you write changes
timing:
  onboarding:
    minutes: 75
agenda:
  onboarding:
    - id: questions-wrap-up    # an item of the national agenda, by its id
      minutes: 20
spotlights:
  - id: riverton-tenant-union  # a new id: added after the national spotlights
    place: Riverton
    body: The tenant union meets inspectors each month.
steps:
  long_term:
    - id: hold-training-every-two
      remove: true             # drops this national step"""

EXAMPLE_PARTNERS = """\
partners:
  - id: land-bank
    name: Riverton Land Bank
    kind: external
    category: land bank
    what_they_do: Takes in vacant houses and finds them new owners.
    public: true
    contacts:
      - name: Dana Reyes
        phone: 555-0142
        public: true"""

EXAMPLE_PROGRAMS = """\
programs:
  - id: roof-repair-grant
    name: Roof Repair Grant
    provider: land-bank        # the id of a partner
    helps_with: [roof]
    who_qualifies: Owners who live in the house, below the income limit
    cost_to_owner: A grant, nothing to pay back
    how_to_apply: Call the land bank.
    public: true"""

EXAMPLE_PROCESS = """\
summary: How a report becomes a case, and how fast we act.
categories:
  - id: emergency
    name: Emergency
    initial_response: 24 hours
    resolution_target: 10 calendar days
    public: true
steps:
  - id: intake
    title: We take the report
    who: Intake clerk
    what_happens: The report is logged and given a case number.
    public: true
appeal: If you disagree with a notice, you can ask for a hearing within 10 calendar days."""

EXAMPLE_POLICIES = """\
id: proactive-enforcement
title: Proactive Enforcement Policy
adopted_by: City Council
commitments:
  - id: street-review
    text: Every property is looked at from the street once a year.
public: true"""

EXAMPLE_WORKSHOPS = """\
case_studies:
  - id: widow-fixed-income     # a national case study, by its id
    remove: true
matrix:                        # a list without ids: yours replaces the national one
  - property_type: single-family house
    occupancy: owner lives there
    owner_situation: cannot afford repairs
    severity: moderate
    approaches: [Point the owner to a repair grant]
    programs: [roof-repair-grant]"""


KINDS: tuple[Kind, ...] = (
    Kind(
        "jurisdiction",
        "jurisdiction.yaml",
        m.Jurisdiction,
        "jurisdiction",
        "Who we are: name, department, mission, public contact, settings.",
        public=True,
        example=EXAMPLE_JURISDICTION,
    ),
    Kind(
        "modules",
        "modules/*.yaml",
        m.Module,
        "module",
        "One training module per file.",
        collections=(
            Collection(
                "",
                "module",
                "Training modules",
                lambda x: f"{x.number}. {x.title}",
                parts=(
                    Part("components", "component", "Key training components"),
                    Part("spotlights", "spotlight", "Field spotlights"),
                    Part("resources", "resource", "Further resources"),
                    Part("steps.short_term", "short-term step", "Steps, short term"),
                    Part("steps.long_term", "long-term step", "Steps, long term"),
                    Part("agenda.onboarding", "onboarding agenda segment", "Onboarding agenda"),
                    Part("agenda.refresher", "refresher agenda segment", "Refresher agenda"),
                ),
            ),
        ),
        example=EXAMPLE_MODULES,
    ),
    Kind(
        "partners",
        "partners.yaml",
        m.PartnersFile,
        "partners",
        "Departments and organizations inspectors work with.",
        unwrap="partners",
        collections=(Collection("partners", "partner", "Partners", lambda x: x.name),),
        public=True,
        example=EXAMPLE_PARTNERS,
        sheet=m.Partner,
    ),
    Kind(
        "programs",
        "programs.yaml",
        m.ProgramsFile,
        "programs",
        "Repair and assistance programs an owner can be pointed to.",
        unwrap="programs",
        collections=(Collection("programs", "program", "Programs", lambda x: x.name),),
        public=True,
        example=EXAMPLE_PROGRAMS,
        sheet=m.Program,
    ),
    Kind(
        "process",
        "process.yaml",
        m.Process,
        "process",
        "Case categories and targets, service standards, the steps of a case.",
        collections=(
            Collection("categories", "category", "Case categories", lambda x: x.name),
            Collection("service_standards", "service standard", "Service standards", lambda x: x.commitment),
            Collection("steps", "step", "Process steps"),
            Collection("staff_expectations", "staff expectation", "Staff expectations"),
        ),
        public=True,
        example=EXAMPLE_PROCESS,
    ),
    Kind(
        "policies",
        "policies/*.yaml",
        m.Policy,
        "policy",
        "One adopted policy per file.",
        collections=(Collection("", "policy", "Policies"),),
        public=True,
        example=EXAMPLE_POLICIES,
    ),
    Kind(
        "workshops",
        "workshops.yaml",
        m.Workshops,
        "workshops",
        "Case studies, tools, the decision matrix, worked examples.",
        collections=(
            Collection("case_studies", "case study", "Case studies"),
            Collection("tools", "tool", "Enforcement tools"),
            Collection("economics", "worked example", "Worked examples"),
        ),
        example=EXAMPLE_WORKSHOPS,
    ),
    Kind(
        "orientation",
        "orientation.yaml",
        m.Orientation,
        "orientation",
        "A new inspector's first day and first week: people to meet, the ride-along, what to read, the case system.",
        collections=(
            Collection("first_day", "first-day step", "First day", item_name),
            Collection("first_week", "first-week step", "First week", item_name),
        ),
    ),
    Kind(
        "cases",
        "cases.yaml",
        m.Cases,
        "cases",
        "Optional: the case-system exports measured against the targets, how their columns map, "
        "education events and business license counts.",
        public=True,
    ),
)


def kind(name: str) -> Kind:
    """The kind called name ('partners'). Read through the module, so a test can add a kind to KINDS."""
    return next(k for k in KINDS if k.name == name)


def public() -> tuple[str, ...]:
    """The kinds whose items can reach the public site (read through the module, as `kind` is)."""
    return tuple(k.name for k in KINDS if k.public)


def sheets() -> dict[str, Kind]:
    """The kinds `handbook import` and `export` take as a spreadsheet, by name."""
    return {k.name: k for k in KINDS if k.sheet is not None}


def collections() -> dict[str, Collection]:
    """Every collection of every kind, by noun ('partner')."""
    return {collection.noun: collection for k in KINDS for collection in k.collections}
