"""The template environment every page is written with: Jinja templates that produce Markdown.

Markup lives in templates/pages/*.md.j2; data text passes through the `plain`, `prose` and
`cell` filters, so it is shown as written and never run as a template.
"""
from __future__ import annotations

import functools
import html
import urllib.parse

import jinja2

from .. import text
from ..edition import models as m
from ..paths import TEMPLATES


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
                       url=safe_url, attr_text=attr_text, date_words=text.date_words,
                       first_upper=text.first_upper)
    env.globals.update(session_words=session_words)
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values).strip() + "\n"


def session_words(session: m.Session) -> str:
    return session.words()
