"""The entities of an edition, as pydantic models.

Keys are plain English for the staff who edit the YAML; see data/_README.md for a table of
every key. Every model forbids unknown keys, so a misspelt key is reported with a "did you mean".
Text fields marked `Prose` may use Markdown formatting; every other text is shown as written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .. import text
from ..text import parse_clock, visible

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
# What a field is decides how it is shown (handbook.prose): plain text is shown as written; prose may use
# a small Markdown subset (emphasis, lists, links); a URL becomes a link only with an allowed scheme.
Prose = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
Text = Annotated[str, Field(min_length=1, max_length=2000, json_schema_extra={"format": "text"})]
Line = Annotated[str, Field(max_length=2000, json_schema_extra={"format": "text"})]
Url = Annotated[str, Field(max_length=2000, json_schema_extra={"format": "uri-reference"})]


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)  # the dates a city's handbook can mean


def _one_address(value: str) -> str:
    """An e-mail address alone: nothing a mail program would read as a header, a second address or a line."""
    value = value.strip()
    if value and not EMAIL.fullmatch(value):
        bad = next((ch for ch in value if ch in "?&%,;<>\"'()[]\\" or ch.isspace() or not ch.isprintable()), "")
        why = (
            (f"it holds {visible(repr(bad))}, which would add mail headers, a second address or a line to a mail link")
            if bad
            else "it is not in the form name@example.org"
        )
        raise ValueError(
            f"'{visible(value[:80])}' is not one e-mail address ({why}); write the address alone, "
            "e.g. code.enforcement@example.gov"
        )
    return value


EMAIL = re.compile(
    r"[^\s?&%,;<>\"'()\[\]\\@]+@[A-Za-z0-9\u00a0-\uffff]([A-Za-z0-9\u00a0-\uffff.-]*[A-Za-z0-9\u00a0-\uffff])?"
)
Email = Annotated[str, Field(max_length=254), AfterValidator(_one_address)]  # "" allowed: no JSON Schema format


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    @field_validator("*", mode="after")
    @classmethod
    def _a_date_a_city_can_mean(cls, value):
        """Every date of the data is from FIRST_DAY to LAST_DAY (9999-12-31 would overflow the calendars)."""
        if (
            isinstance(value, dt.date)
            and not FIRST_DAY <= (value.date() if isinstance(value, dt.datetime) else value) <= LAST_DAY
        ):
            raise ValueError(
                f"{value.isoformat()} is not a date this handbook can use; write a date from "
                f"{FIRST_DAY.year} to {LAST_DAY.year}"
            )
        return value


# A field only staff may see: handbook.view.for_audience resets it in the public edition.
STAFF_ONLY = {"audience": "staff"}


# --------------------------------------------------------------------------- timing and agendas


class MinutesRange(Base):
    """A length in minutes, written `90` or `60-75`."""

    low: int = Field(ge=1, le=24 * 60)
    high: int = Field(ge=1, le=24 * 60)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value):
        if isinstance(value, bool):
            raise ValueError("write minutes as a number (90) or a range (60-75)")
        if isinstance(value, int):
            return {"low": value, "high": value}
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]|to)\s*(\d+)\s*", value) or re.fullmatch(r"\s*(\d+)\s*", value)
            if not match:
                raise ValueError(f"'{value}' is not a length; write minutes as a number (90) or a range (60-75)")
            low = int(match.group(1))
            high = int(match.group(match.lastindex))
            return {"low": low, "high": high}
        return value

    @model_validator(mode="after")
    def _ordered(self):
        if self.high < self.low:
            raise ValueError(f"the range {self.low}-{self.high} runs backwards; write the shorter length first")
        return self

    def words(self) -> str:
        return text.range_words(self.low, self.high)


class Session(Base):
    """One kind of session of a module: its length and, for repeats, how often."""

    minutes: MinutesRange
    days: int = Field(1, ge=1, le=10, description="over how many days the session is split")
    every_months: int | None = Field(
        None, ge=1, le=120, description="for repeats: 6 = twice a year, 12 = yearly, 24 = every two years"
    )
    note: Prose = ""

    def cadence_words(self) -> str:
        return text.cadence_words(self.every_months)

    def words(self) -> str:
        """'3–4 hours over 2 days': the one way a session's length is written, on the site and in print."""
        words = text.range_words(self.minutes.low, self.minutes.high)
        return words + (f" over {self.days} days" if self.days > 1 else "")


cadence_words = text.cadence_words  # kept here for templates that reach it through the models


class RecurringSession(Session):
    """A further series, e.g. a neighborhood partner session every two months."""

    id: Slug
    title: Text
    every_months: int = Field(ge=1, le=120)


class Timing(Base):
    onboarding: Session
    refresher: Session | None = None
    recurring: list[RecurringSession] = []
    updates: Prose = Field("", description="when extra sessions happen, e.g. after a change in the code")

    @field_validator("refresher")
    @classmethod
    def _refresher_cadence(cls, value):
        if value is not None and value.every_months is None:
            raise ValueError("a refresher needs 'every_months' (6 = twice a year, 12 = yearly, 24 = every two years)")
        return value


# An item of a module's lists (components, spotlights, resources, steps, agenda segments) may carry an
# id: an edition that extends a base then changes, adds or drops (`remove: true`) that one item by its id.
ItemId = Annotated[
    Slug | None,
    Field(
        None,
        description=(
            "a short name for the item, unique in its list; an overlay uses it to change or remove this one item"
        ),
    ),
]


class Segment(Base):
    id: ItemId = None
    minutes: int = Field(ge=1, le=600)
    activity: Text
    method: str = ""
    lead: str = ""
    materials: list[str] = []
    day: int = Field(1, ge=1, le=10)
    is_break: bool = Field(False, alias="break")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Agenda(Base):
    onboarding: list[Segment] = []
    refresher: list[Segment] = []


def day_lengths(segments: list[Segment]) -> dict[int, int]:
    """Minutes in the room on each day of a session, breaks included: {day: minutes}."""
    lengths: dict[int, int] = {}
    for segment in segments:
        lengths[segment.day] = lengths.get(segment.day, 0) + segment.minutes
    return dict(sorted(lengths.items()))


# --------------------------------------------------------------------------- modules


class Component(Base):
    id: ItemId = None
    title: Text
    body: Prose = ""
    points: list[Prose] = []


class Spotlight(Base):
    id: ItemId = None
    place: Text
    title: str = ""
    body: Prose


class Resource(Base):
    id: ItemId = None
    title: Text
    kind: Literal["webinar", "report", "program", "conference", "training", "guide", "video", "tool", "example"]
    publisher: Text
    url: Url | None = Field(None, description="its public address, on the publisher's own site")
    ask: Text | None = Field(
        None,
        description=(
            "where to ask for it: shown instead of a link when it has no public address (its publisher by default), "
            "and after the link when it has one"
        ),
    )


class Step(Base):
    """One implementation step: `- id: ...` with `text: ...`, or just the text (then it has no id)."""

    id: ItemId = None
    text: Prose

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value):
        return {"text": value} if isinstance(value, str) else value


class Steps(Base):
    short_term: list[Step] = []
    long_term: list[Step] = []


class Module(Base):
    id: Slug
    number: int = Field(ge=1, le=99)
    title: Text
    short_title: str = ""
    summary: Prose
    why: Prose = ""
    goal: Prose
    audience: Text
    training_staff: Text
    trainer_note: Prose = ""
    timing: Timing
    topics: list[Text] = Field(min_length=1)
    materials: list[Text] = Field(min_length=1)
    components: list[Component] = []
    spotlights: list[Spotlight] = []
    resources: list[Resource] = []
    steps: Steps = Steps()
    agenda: Agenda = Agenda()
    shows_partners: Literal["internal", "external"] | None = None
    last_verified: dt.date | None = None

    @property
    def label(self) -> str:
        return self.short_title or self.title


# --------------------------------------------------------------------------- jurisdiction


class PublicContact(Base):
    phone: str = Field(
        "",
        description=(
            "the number residents call to report a problem; several numbers with words between them, e.g. "
            "'311, or 216-664-2000 from outside the city'"
        ),
    )
    email: Email = ""
    report_url: Url = Field("", description="the web form (or app page) where residents report a problem")
    address: str = ""
    hours: str = ""
    url: Url = ""


class Holiday(Base):
    date: dt.date
    name: Text


class Jurisdiction(Base):
    name: Text
    department: Text
    division: str = ""
    state: str = Field("", pattern=r"^([A-Z]{2})?$", description="two-letter state code, e.g. OH")
    extends: str | None = Field(
        None, description=("the base edition this one builds on: 'national', or a folder path relative to this edition")
    )
    language: str = Field("en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    site_url: Url = ""
    mission: Prose
    vision: Prose = ""
    goals: list[Prose] = []
    commitments: list[Prose] = []
    about: Prose = ""
    public_contact: PublicContact = PublicContact()
    stale_after_months: int = Field(12, ge=1, le=120)
    reading_grade_max: float = Field(8, ge=1, le=20)
    holidays: list[Holiday] = []
    works_on_state_holidays: list[Text] = Field(
        [],
        description=(
            "the state's own holidays (on no federal holiday) the city stays open, by the names `handbook check` "
            "lists, e.g. San Jacinto Day; business days skip every other holiday of the state"
        ),
        examples=[["San Jacinto Day", "Lyndon Baines Johnson Day"]],
    )
    training_start: str = Field(
        "09:00", description="when training sessions start, HH:MM (agendas and the training plan)"
    )
    clock: Literal["12-hour", "24-hour"] = Field(
        "12-hour",
        description=(
            "how times are written on agendas, the training plan and the site: '12-hour' (1:00 PM, as in the "
            "United States) or '24-hour' (13:00)"
        ),
    )
    plan_sample_start: dt.date | None = Field(
        None, description="start date of the sample plan on the training plan page"
    )
    last_verified: dt.date | None = None

    @field_validator("training_start")
    @classmethod
    def _clock(cls, value):
        parse_clock(value)
        return value


# --------------------------------------------------------------------------- partners and programs

Who = Literal["any inspector", "senior inspector", "leadership"]


class Contact(Base):
    name: Text
    title: str = ""
    phone: str = ""
    email: Email = ""
    public: bool = False


class Partner(Base):
    id: Slug
    name: Text
    kind: Literal["internal", "external"]
    category: Text
    what_they_do: Prose
    when_to_contact: list[Text] = Field([], json_schema_extra=STAFF_ONLY)
    situations: list[Text] = Field([], description="short topics an inspector looks up, e.g. 'vacant building'")
    who_may_contact: Who | None = Field(
        None,
        json_schema_extra=STAFF_ONLY,
        description=("who on the team may call them; left out, staff pages say it is not set yet"),
    )
    contacts: list[Contact] = []
    languages: list[str] = []
    service_area: str = ""
    url: Url = ""
    public: bool = False
    last_verified: dt.date | None = None


class Program(Base):
    id: Slug
    name: Text
    provider: Slug
    helps_with: list[Text] = Field(min_length=1)
    who_qualifies: Text
    cost_to_owner: Text
    how_to_apply: Text
    phone: str = ""
    url: Url = ""
    languages: list[str] = []
    status: Literal["open", "waitlist", "closed"] = "open"
    public: bool = False
    on_sheet: bool | None = Field(
        None,
        description=(
            "printed on the one-page repair sheet? default: yes when public; false keeps a public program on the "
            "website only"
        ),
    )
    last_verified: dt.date | None = None


def sheet_programs(programs: list[Program]) -> list[Program]:
    """The programs the repair resource sheet prints: public ones that are not closed, unless `on_sheet: false`."""
    return [p for p in programs if p.public and p.on_sheet is not False and p.status != "closed"]


class PartnersFile(Base):
    partners: list[Partner] = []


class ProgramsFile(Base):
    programs: list[Program] = []


# --------------------------------------------------------------------------- process


class Target(Base):
    """A time limit, written `24 hours`, `1 business day` or `10 calendar days`."""

    amount: int = Field(ge=0, le=3650)
    unit: Literal["hours", "business_days", "calendar_days"]

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value):
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+)\s+(hours?|business[ _]days?|calendar[ _]days?)\s*", value, re.I)
            if not match:
                raise ValueError(
                    f"'{value}' is not a time limit; write e.g. '24 hours', '1 business day' or '10 calendar days'"
                )
            unit = match.group(2).lower().replace(" ", "_")
            unit = unit if unit.endswith("s") else unit + "s"
            return {"amount": int(match.group(1)), "unit": unit}
        return value

    def words(self) -> str:
        names = {
            "hours": ("hour", "hours"),
            "business_days": ("business day", "business days"),
            "calendar_days": ("calendar day", "calendar days"),
        }
        one, many = names[self.unit]
        return f"within {self.amount} {one if self.amount == 1 else many}"


class Category(Base):
    id: Slug
    name: Text
    summary: Prose = ""
    examples: list[Text] = []
    initial_response: Target
    resolution_target: Target | None = Field(
        None, description="left out when the source gives none: pages say no time is set yet"
    )
    updates: str = Field("", json_schema_extra=STAFF_ONLY)
    public: bool = False


class ServiceStandard(Base):
    id: Slug
    commitment: Text
    target: Target | None = None
    measure: str = ""
    public: bool = False


class ProcessStep(Base):
    id: Slug
    title: Text
    who: Text
    what_happens: Prose
    owner_is_told: Prose = ""
    complainant_is_told: Prose = ""
    staff_notes: Prose = Field("", json_schema_extra=STAFF_ONLY)
    public: bool = False


class StaffExpectation(Base):
    id: Slug
    title: Text
    body: Prose
    cadence: str = ""


class Process(Base):
    summary: Prose = ""
    case_system: str = Field("", json_schema_extra=STAFF_ONLY)
    categories: list[Category] = []
    service_standards: list[ServiceStandard] = []
    steps: list[ProcessStep] = []
    escalation: Prose = Field(
        "",
        json_schema_extra=STAFF_ONLY,
        description=(
            "for staff: what the inspector does when an owner or the person who reported reads the code differently"
        ),
    )
    appeal: Prose = Field(
        "",
        description=(
            "for residents: what an owner or the person who reported can do if they disagree with a decision, "
            "whom to ask and by when (the appeal route)"
        ),
    )
    timing_not_published: Prose = Field(
        "",
        description=(
            "for residents, when the city publishes no time for a first response: say so and whom to ask how "
            "long a report takes (shown where the response times would be)"
        ),
        examples=["We do not publish a time for a first visit. To ask where your report stands, call 311."],
    )
    staff_expectations: list[StaffExpectation] = Field([], json_schema_extra=STAFF_ONLY)
    last_verified: dt.date | None = None


# --------------------------------------------------------------------------- policies


class Objective(Base):
    title: Text
    body: Prose = ""


class Commitment(Base):
    id: Slug
    text: Prose
    measure: str = ""
    target: Target | None = None


class Reporting(Base):
    every_months: int = Field(12, ge=1, le=60)
    to: Text
    contains: list[Text] = []


class Policy(Base):
    id: Slug
    title: Text
    adopted_by: Text
    adopted_on: dt.date | None = None
    summary: Prose = ""
    scope: Prose = ""
    objectives: list[Objective] = []
    commitments: list[Commitment] = Field(min_length=1)
    considerations: list[Prose] = []
    reporting: Reporting | None = None
    public: bool = False
    last_verified: dt.date | None = None


# --------------------------------------------------------------------------- case-system exports

SKIP = "skip"
# A file path or an export's column header: never shown to a reader, only used to find a file or a column.
FileName = Annotated[str, Field(min_length=1, max_length=500, json_schema_extra={"format": "path"})]
Column = Annotated[str, Field(max_length=200, json_schema_extra={"format": "column"})]
# a category mapped to this word is left out of the figures on purpose (and counted as such)


class CaseColumns(Base):
    """Which column of the export holds what: our name on the left, the export's column header on the right."""

    id: Column = Field(min_length=1, description="the case number")
    category: Column = Field(min_length=1, description="the case type, mapped to our category ids under 'categories'")
    opened: Column = Field(min_length=1, description="when the case was opened: a date, or a date and time")
    first_response: Column = Field(
        min_length=1, description="the first inspection or contact: a date, or a date and time"
    )
    closed: Column = Field(min_length=1, description="when the case was closed (empty while it is open)")
    source: Column = Field("", description="optional: where the case came from (a complaint, or found on patrol)")
    district: Column = Field("", json_schema_extra=STAFF_ONLY, description="optional: council district or neighborhood")


class EducationEvent(Base):
    """An outreach or education event the case system does not hold."""

    date: dt.date
    audience: Text
    people: int = Field(ge=0, le=1_000_000, description="how many people it reached")
    title: Line = ""


class LicenseYear(Base):
    """How many business licenses were active in a year, for the policies that report on them."""

    year: int = Field(ge=1900, le=2200)
    count: int = Field(ge=0, le=10_000_000)


class Cases(Base):
    """Which case-system exports to measure against the categories' targets, and how to read them."""

    files: list[FileName] = Field([], description="the export files (CSV, XLSX or Parquet), relative to this file")
    columns: CaseColumns | None = None
    categories: dict[str, Slug] = Field(
        {}, description=(f"the export's category names -> our category ids; '{SKIP}' leaves a category out on purpose")
    )
    sources: dict[str, Literal["complaint", "proactive"]] = Field(
        {}, description=("the export's source values -> complaint or proactive")
    )
    as_of: dt.date | None = Field(None, description="the day the export was made (default: its latest date)")
    synthetic: bool = Field(False, description="true when the figures are made up (a sample): every page says so")
    education: list[EducationEvent] = []
    business_licenses: list[LicenseYear] = []

    _paths: list = PrivateAttr(default_factory=list)  # the files as found on disk (edition/reader.py)
    _roots: list = PrivateAttr(default_factory=list)  # the edition folder of each (no link is followed below it)

    @property
    def paths(self) -> list:
        """The export files, each relative to the cases.yaml that named it (set when the edition is loaded)."""
        return list(self._paths)

    @property
    def roots(self) -> list:
        """The folder of the cases.yaml that named each export file (handbook.safeopen opens it from there)."""
        return list(self._roots) or [path.parent for path in self._paths]

    def found_at(self, paths: list, roots: list | None = None) -> None:
        self._paths = list(paths)
        self._roots = list(roots or [])

    @model_validator(mode="after")
    def _columns(self):
        if self.files and self.columns is None:
            raise ValueError(
                "'files' needs 'columns': which column of the export holds the case number, "
                "category, opened, first_response and closed"
            )
        return self


# --------------------------------------------------------------------------- a department's own pages


class PageFrontMatter(Base):
    """The front matter of a page in <edition>/pages/*.md."""

    title: str = ""
    section: Text = "More"
    public: bool = False
    render_macros: bool = Field(
        False,
        description="replace the page's calls of the handbook's macros with their text "
        "(only for pages that call macros)",
    )


class DepartmentPage(PageFrontMatter):
    """A Markdown page a department adds to its edition."""

    id: Slug
    body: str
    path: str = ""  # the file, as the keeper would type it (for messages)
    body_line: int = 1  # the file's line the body starts on

    _source: str = PrivateAttr(default="")  # the file's text as read (never stripped): the checks' places are in it
    _body_at: int = PrivateAttr(default=0)  # where the body starts in it

    def read_from(self, source: str, body_at: int) -> DepartmentPage:
        """Keep the file's text as read, and where its body starts (edition/own_pages.py)."""
        self._source, self._body_at = source, body_at
        return self

    @property
    def source(self) -> str:
        """The page's file as read, front matter included."""
        return self._source

    @property
    def raw_body(self) -> str:
        """The body as written (`body` is stripped), its first line the file's line body_line (`body` for a page
        made in code, not read from a file)."""
        return self._source[self._body_at :] if self._source else self.body


class CaseStudy(Base):
    id: Slug
    module: Slug | None = None
    property_type: Text
    title: Text
    situation: Prose
    question: Prose
    what_if: list[Prose] = []


class Tool(Base):
    id: Slug
    title: Text
    body: Prose = ""


class MatrixRow(Base):
    property_type: Text
    occupancy: Text
    owner_situation: Text
    severity: Literal["low", "moderate", "high", "immediate danger"]
    approaches: list[Text] = Field(min_length=1)
    tools: list[Slug] = []
    partners: list[Slug] = []
    programs: list[Slug] = []


class Figure(Base):
    label: Text
    amount: int


class EconomicsExample(Base):
    id: Slug
    title: Text
    value: Figure
    owed: list[Figure] = []
    repairs: list[Figure] = []
    explanation: Prose = ""

    @property
    def share(self) -> int:
        """The owner's share of the value before repairs: the value less what is owed."""
        return self.value.amount - sum(f.amount for f in self.owed)

    @property
    def equity(self) -> int:
        """What the owner would be left with after paying debts and repairs: computed, never typed in."""
        return self.share - sum(f.amount for f in self.repairs)


# --------------------------------------------------------------------------- a new inspector's first week

# Pages of the handbook a first-week step may ask to read besides the modules (whose ids it names): the key
# written in orientation.yaml, which is the page's key in handbook.pages.links (where its path is).
READABLE_PAGES = (
    "case-studies",
    "decision-matrix",
    "complaints",
    "standards",
    "staff-expectations",
    "situations",
    "programs",
    "curriculum",
)


class OrientationStep(Base):
    """One thing a new inspector does on the first day or in the first week."""

    id: Slug
    text: Prose = Field(description="what to do, in a sentence or two")
    read: Slug | None = Field(
        None,
        description=(
            "a page to read, shown as a link with its reading time: a module's id, or one of "
            + ", ".join(sorted(READABLE_PAGES))
        ),
    )


class Orientation(Base):
    """Start here: a new inspector's first day and first week."""

    first_day: list[OrientationStep] = []
    first_week: list[OrientationStep] = []


class Workshops(Base):
    case_studies: list[CaseStudy] = []
    tools: list[Tool] = []
    matrix: list[MatrixRow] = []
    economics: list[EconomicsExample] = []
