"""A department's own pages (<edition>/pages/*.md): their Markdown as written, or, when the page's own
front matter says `render_macros: true`, rendered in a sandbox that may call only the handbook's macros.

The sandbox is jinja2's SandboxedEnvironment with every default global removed: a page sees the
functions of pages/macros.py (bound to its audience) and nothing else, so it cannot reach Python's
internals, the file system or the MkDocs configuration. Raw HTML in a page is cleaned by the same
allowlist as the rest of the site when MkDocs has made the page (handbook.prose.clean_page).
"""
from __future__ import annotations

import functools
import json
import traceback

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..edition import models as m
from ..problems import BuildFailed
from .context import Context
from .macros import MACROS


class PageError(BuildFailed):
    """A department page's macros could not run; the message has the page's path and line."""


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    return env


def _line(exc: BaseException) -> int:
    """The line of the page's body where a template error happened (1 when unknown)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else 1


def markdown(ctx: Context, page: m.DepartmentPage) -> str:
    """The page's Markdown for ctx: the body as written, or its macros run in the sandbox.

    Our own front matter goes first, so a second front matter block in the body is only text."""
    body = page.body
    if page.render_macros:
        env = _environment()
        env.globals.update({name: functools.partial(fn, ctx) for name, fn in MACROS.items()})
        try:
            body = env.from_string(page.body).render()
        except Exception as exc:  # noqa: BLE001 - any failure of the page's template is the page's problem
            line = page.body_line + _line(exc) - 1
            reason = (str(exc).splitlines()[0] if str(exc) else type(exc).__name__).rstrip(".")
            if isinstance(exc, jinja2.exceptions.SecurityError):
                reason = f"{reason}; a page may only call the handbook's macros ({', '.join(sorted(MACROS))})"
            raise PageError(f"{page.path}:{line}: this page's macros could not run: {reason}") from None
    return f"---\ntitle: {json.dumps(page.title)}\n---\n\n{body}"
