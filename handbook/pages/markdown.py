"""The template environment every page is written with: Jinja templates that produce Markdown.

Markup lives in templates/pages/*.md.j2; data text passes through the `plain`, `prose` and
`cell` filters, so it is shown as written and never run as a template.
"""

from __future__ import annotations

import functools
import urllib.parse

import jinja2

from .. import prose, text
from ..edition import models as m
from ..paths import TEMPLATES


def safe_url(url: str) -> str:
    """A link target from data, quoted for Markdown; '' when it may not be a link (shown as text then)."""
    url = str(url).strip()
    if not prose.link_allowed(url) or not prose.has_scheme(url):  # an address field is never a relative link
        return ""
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%-._~")


def link(label: str, url: object) -> str:
    """A Markdown link with label (already Markdown) to a URL from the data, or the label alone when the
    URL may not be a link."""
    target = safe_url(str(url or ""))
    return f"[{label}]({target})" if target else label


def phone(value: object) -> str:
    """A phone field as written, each number in it a link a phone can call (tel: with that number's digits
    and nothing else): '311, or 216-664-2000 from outside the city' gives two links, never one of all the
    digits. Words between the numbers stay text."""
    parts = text.phone_parts(" ".join(str(value or "").split()))
    return "".join(link(text.plain(piece), "tel:" + digits) if digits else _words(piece) for piece, digits in parts)


def _words(piece: str) -> str:
    """Words between two numbers, shown as written, with the spaces around them kept."""
    return (
        (" " if piece[:1].isspace() else "")
        + text.plain(piece)
        + (" " if piece[-1:].isspace() and piece.strip() else "")
    )


def email(value: object) -> str:
    """An e-mail address as written, as a mailto: link."""
    address = str(value or "").strip()
    return link(text.plain(address), "mailto:" + address) if "@" in address else text.plain(address)


def report_lines(contact: m.PublicContact) -> list[str]:
    """How a resident reports a problem, one line each (Markdown): the number to call, the web form."""
    found = [f"Call **{phone(contact.phone)}**"] if contact.phone else []
    if contact.report_url and safe_url(contact.report_url):
        found.append(link("Report it online", contact.report_url))
    return found


def whom_to_ask(j: m.Jurisdiction) -> str:
    """A sentence (Markdown) telling a resident whom to ask about what this guide does not yet say."""
    c = j.public_contact
    if c.phone:
        return f"To find out, call **{phone(c.phone)}**."
    if c.email:
        return f"To find out, e-mail {email(c.email)}."
    if c.address:
        return f"To find out, ask at our office: {text.plain(c.address)}."
    return f"To find out, ask {text.plain(j.department)} at the {text.plain(j.name)}."


def attr_text(value: object) -> str:
    """Text inside a quoted Markdown attribute (an admonition title), shown as written."""
    return text.plain(value).replace('"', "&quot;").replace("\\{", "&#123;").replace("\\}", "&#125;")


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
    env.filters.update(
        plain=text.plain,
        prose=prose.block,
        cell=prose.inline,
        indent=text.indent,
        or_todo=text.contact_or_todo,
        html_text=text.theme_text,
        url=safe_url,
        link=link,
        attr_text=attr_text,
        phone=phone,
        email=email,
        date_words=text.date_words,
        first_upper=text.first_upper,
    )
    env.globals.update(session_words=session_words, whom_to_ask=whom_to_ask, report_lines=report_lines)
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values).strip() + "\n"


def session_words(session: m.Session) -> str:
    return session.words()
