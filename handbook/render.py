"""Pages as Markdown: pure functions of a loaded edition, testable without MkDocs.

Each function takes the Edition (and, where it matters, the audience) and returns Markdown.
Markup lives in templates/pages/*.md.j2; data text passes through the `plain`, `prose` and
`cell` filters, so it is shown as written and never run as a template.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import pathlib
import urllib.parse

import jinja2

from . import models as m
from . import text
from .edition import Edition, months_between

TEMPLATES = pathlib.Path(__file__).parent / "templates"


def safe_url(url: str) -> str:
    """A link target from data: only web, mail and phone links; characters Markdown reads are quoted."""
    url = str(url).strip()
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https", "mailto", "tel"):
        return "#"
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%-._~")


def attr_text(value: object) -> str:
    """Text inside a quoted Markdown attribute (an admonition title)."""
    return html.escape(" ".join(str(value).split()), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def date_words(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; every data value goes through plain/prose/cell
    )
    env.filters.update(plain=text.plain, prose=text.prose, cell=text.cell, indent=text.indent, or_todo=text.contact_or_todo,
                       url=safe_url, attr_text=attr_text, date_words=date_words,
                       first_upper=text.first_upper)
    env.globals.update(session_words=session_words)
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values).strip() + "\n"


def session_words(session: m.Session) -> str:
    words = text.range_words(session.minutes.low, session.minutes.high)
    if session.days > 1:
        words += f" over {session.days} days"
    return words


# --------------------------------------------------------------------------- pages

def module_page(edition: Edition, module_id: str, partners_block: str = "", downloads: str = "") -> str:
    """One training module: overview table, components, spotlights, resources, steps."""
    return render("pages/module.md.j2", m=edition.module(module_id), partners_block=partners_block,
                  downloads=downloads)


def curriculum_page(edition: Edition) -> str:
    """All modules with their session lengths, and the total time a new inspector spends."""
    modules = edition.modules
    low = sum(x.timing.onboarding.minutes.low for x in modules)
    high = sum(x.timing.onboarding.minutes.high for x in modules)
    split = [f"Module {x.number} runs over {x.timing.onboarding.days} days" for x in modules if x.timing.onboarding.days > 1]
    per_year_low = per_year_high = 0.0
    for x in modules:
        r = x.timing.refresher
        if r:
            per_year_low += r.minutes.low * 12 / r.every_months
            per_year_high += r.minutes.high * 12 / r.every_months
    recurring = [{"module": x.label, "title": r.title, "length": session_words(r), "cadence": r.cadence_words()}
                 for x in modules for r in x.timing.recurring]
    return render("pages/curriculum.md.j2", modules=modules,
                  total_onboarding=text.range_words(low, high),
                  multi_day="; ".join(split),
                  yearly=text.range_words(round(per_year_low), round(per_year_high)) if per_year_high else "",
                  recurring=recurring)


def home_page(edition: Edition, guide: list[dict], audience: str = "staff") -> str:
    """The front page: who we are, mission, vision, goals, and a map of the audience's pages."""
    j = edition.jurisdiction
    c = j.public_contact
    lines = []
    if c.phone:
        lines.append(f"Phone: [{text.plain(c.phone)}]({safe_url('tel:' + ''.join(ch for ch in c.phone if ch.isdigit() or ch == '+'))})")
    if c.email:
        lines.append(f"E-mail: [{text.plain(c.email)}]({safe_url('mailto:' + c.email)})")
    if c.address:
        lines.append(f"Office: {text.plain(c.address)}")
    if c.hours:
        lines.append(f"Hours: {text.plain(c.hours)}")
    if c.url:
        lines.append(f"Web: [{text.plain(c.url)}]({safe_url(c.url)})")
    return render("pages/home.md.j2", j=j, guide=guide, contact_lines=lines, audience=audience)


def data_page(edition: Edition, today: dt.date | None = None) -> str:
    """What the edition holds and when each part was last verified."""
    today = today or dt.date.today()
    limit = edition.jurisdiction.stale_after_months
    counts = [("Training modules", len(edition.modules)),
              ("Partners (inside government)", sum(p.kind == "internal" for p in edition.partners)),
              ("Partners (community and other agencies)", sum(p.kind == "external" for p in edition.partners)),
              ("Programs for owners", len(edition.programs)),
              ("Case categories", len(edition.process.categories)),
              ("Policies", len(edition.policies)),
              ("Case studies", len(edition.workshops.case_studies))]
    dated = []
    items = ([("Jurisdiction", edition.jurisdiction.name, edition.jurisdiction.last_verified)]
             + [("Module", x.title, x.last_verified) for x in edition.modules]
             + [("Partner", x.name, x.last_verified) for x in edition.partners]
             + [("Program", x.name, x.last_verified) for x in edition.programs]
             + [("Process guide", "Case process and targets", edition.process.last_verified)]
             + [("Policy", x.title, x.last_verified) for x in edition.policies])
    for kind, name, date in items:
        if date is None:
            status = "Check and record a date"
        elif months_between(date, today) >= limit:
            status = "⚠ Due for a check"
        else:
            status = "Current"
        dated.append({"kind": kind, "name": name, "date": date, "status": status})
    dated.sort(key=lambda row: (row["date"] or dt.date.min, row["name"]))
    files = sorted(str(pathlib.Path(loaded.path).relative_to(edition.root)) for loaded in edition.files.values()
                   if pathlib.Path(loaded.path).exists())  # not the files inherited from a base edition
    return render("pages/data.md.j2", limit=limit, counts=[c for c in counts if c[1]], dated=dated,
                  warnings=edition.warnings, files=files)
