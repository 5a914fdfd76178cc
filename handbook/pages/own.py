"""A department's own pages (<edition>/pages/*.md), rendered in plain Python: the keeper's Markdown by
markdown-it-py (linear time) and cleaned against the page allowlist (handbook.prose.page_html), and, when
the page's own front matter says `render_macros: true`, its macro calls replaced by the handbook's text.

There is no template engine here. A macro call is read by a regular expression that admits exactly

    {{ name() }}    {{ name("id") }}    {{ name('id', "other-id") }}

a registered macro's name and text arguments in quotes. Anything else that starts with `{{` or `{%`
(an empty `{{ }}`, an attribute, a filter, an expression, a block, an unknown macro) is an error at its
line and column, and so is an id the page's audience does not have. `problems()` finds them all for
`handbook check` and the build (before anything is written); `markdown()` renders a page that has none.
"""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from dataclasses import dataclass

from .. import prose, text
from ..edition import Edition
from ..edition import models as m
from ..problems import BuildFailed, Problem
from ..view import for_audience
from .context import Context
from .macros import MACROS

EXAMPLE = '{{ partner_card("land-bank") }}'
_STRING = r"""(?:"[^"\n\\{}]*"|'[^'\n\\{}]*')"""
CALL = re.compile(
    rf"""\{{\{{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\([ \t]*((?:{_STRING}[ \t]*,[ \t]*)*{_STRING}[ \t]*,?)?"""
    r"""[ \t]*\)[ \t]*\}\}"""
)
_ARGUMENT = re.compile(_STRING)
_OPENING = re.compile(r"\{\{|\{%")
_NAME = re.compile(r"\{\{-?[ \t]*([A-Za-z_][A-Za-z0-9_]*)")


class PageError(BuildFailed):
    """A department page's macros could not run; the message has the page's path, line and column."""


@dataclass(frozen=True)
class Call:
    """One macro call in a page: the macro's name, its text arguments, where it is written."""

    name: str
    args: tuple[str, ...]
    line: int
    column: int


def _macro_list() -> str:
    return ", ".join(sorted(MACROS))


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(MACROS), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"'{text.visible(name[:40])}' is not one of the handbook's macros; {hint}a page may call only {_macro_list()}"
    )


def _not_a_call(source: str) -> str:
    """Why what follows a '{{' is not a macro call (without quoting more of the page than a name)."""
    inside = source[2 : source.find("}}")] if "}}" in source else None
    if inside is not None and not inside.strip(" \t-"):
        return (
            f"an empty '{{{{ }}}}'; write a macro call such as {EXAMPLE}, or set render_macros: false to show "
            "the braces as written"
        )
    named = _NAME.match(source)
    if named and named.group(1) not in MACROS:
        return _unknown(named.group(1))
    return (
        f"this '{{{{' does not hold a macro call; a page may only call a macro by its name with text arguments "
        f"in quotes, e.g. {EXAMPLE} (no attributes, filters, numbers or expressions), or set render_macros: false "
        "to show the braces as written"
    )


def parse(page: m.DepartmentPage) -> tuple[list[str | Call], list[Problem]]:
    """The page's body as pieces (its own Markdown, and macro calls when render_macros is on), and the problems
    of every '{{' or '{%' in it that is not a registered macro called with the right number of text arguments."""
    body = page.raw_body  # as written: its first line is the file's line body_line (`body` is stripped)
    if not page.render_macros:
        return [body], []
    pieces: list[str | Call] = []
    problems: list[Problem] = []
    position = 0
    for opening in _OPENING.finditer(body):
        start = opening.start()
        if start < position:
            continue
        line = page.body_line + body.count("\n", 0, start)
        column = start - (body.rfind("\n", 0, start) + 1) + 1
        call = CALL.match(body, start)
        if opening.group() == "{%":
            problems.append(
                Problem(
                    page.path,
                    line,
                    column,
                    "a page may not hold template blocks ('{%'); it may only "
                    f"call the handbook's macros, e.g. {EXAMPLE}; remove the block, or set "
                    "render_macros: false to show it as written",
                )
            )
        elif call is None:
            problems.append(
                Problem(page.path, line, column, _not_a_call(body[start : body.find("\n", start) % (len(body) + 1)]))
            )
        else:
            name = call.group(1)
            args = tuple(a[1:-1] for a in _ARGUMENT.findall(call.group(2) or ""))
            if name not in MACROS:
                problems.append(Problem(page.path, line, column, _unknown(name)))
            elif len(args) != len(MACROS[name].arguments):
                wanted = MACROS[name].arguments
                what = ", ".join(f"a {a.noun} id" for a in wanted) or "no argument"
                problems.append(
                    Problem(
                        page.path,
                        line,
                        column,
                        f"{name} takes {len(wanted)} argument"
                        f"{'s' if len(wanted) != 1 else ''} ({what}), not {len(args)}; "
                        f"{MACROS[name].description}",
                    )
                )
            else:
                pieces.append(body[position:start])
                pieces.append(Call(name, args, line, column))
                position = call.end()
    pieces.append(body[position:])
    return pieces, problems


def argument_problem(call: Call, edition: Edition, audience: str, everything: Edition | None = None) -> str:
    """Why a call's arguments name nothing in the audience's edition ('' when they all exist)."""
    for value, argument in zip(call.args, MACROS[call.name].arguments):
        known = argument.ids(edition)
        if value in known:
            continue
        shown = text.visible(value[:60])
        if audience == "public" and everything is not None and value in argument.ids(everything):
            return (
                f"{call.name}: the {argument.noun} '{shown}' is not on the public site, and this page is public; "
                f"mark the {argument.noun} public: true, or make this page staff-only (public: false)"
            )
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else (f"the ids are: {', '.join(known[:12])}" if known else f"this site has no {argument.noun}")
        )
        return f"{call.name}: there is no {argument.noun} with the id '{shown}'; {hint}"
    return ""


def problems(edition: Edition) -> list[Problem]:
    """Every problem of the department pages' macro calls, for each audience a page is published to."""
    found: list[Problem] = []
    views = {"staff": edition}
    for page in edition.pages:
        pieces, trouble = parse(page)
        found += trouble
        audiences = ("staff", "public") if page.public else ("staff",)
        for call in (piece for piece in pieces if isinstance(piece, Call)):
            for audience in audiences:
                if audience not in views:
                    views[audience] = for_audience(edition, audience)
                why = argument_problem(call, views[audience], audience, edition)
                if why:
                    found.append(Problem(page.path, call.line, call.column, why))
                    break
    return found


def site_links(page_html: str, src: str) -> str:
    """Relative links of a page's own HTML made relative to its address, as MkDocs does for Markdown it renders:
    'other.md#a' to '../other/#a', '../downloads/x.pdf' to '../../downloads/x.pdf' (pages/x.md is at pages/x/)."""

    def address(source: str) -> str:
        stem = source.removesuffix(".md") if source.endswith(".md") else source
        if posixpath.basename(stem) == "index":
            stem = posixpath.dirname(stem)
        return stem

    here = address(src)

    def swap(match: re.Match) -> str:
        target = match.group(2)
        if not target or target.startswith(("#", "/")) or prose.has_scheme(target):
            return match.group(0)
        path, hash_, anchor = target.partition("#")
        if not path:
            return match.group(0)
        goal = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        relative = posixpath.relpath(address(goal) or ".", here or ".")
        if path.endswith(".md"):
            relative = "./" if relative == "." else relative + "/"
        return f'{match.group(1)}{relative}{hash_}{anchor}"'

    return re.sub(r'(<a [^>]*href=")([^"]*)"', swap, page_html)


def markdown(ctx: Context, page: m.DepartmentPage) -> str:
    """The page's Markdown for ctx: our front matter (its title as text), its own words as clean HTML kept away
    from Python-Markdown (a stash block), each macro call replaced by the macro's Markdown."""
    pieces, trouble = parse(page)
    if trouble:
        raise PageError(str(trouble[0]))
    parts = [f"---\ntitle: {json.dumps(text.theme_text(page.title))}\n---\n"]
    for piece in pieces:
        if isinstance(piece, Call):
            why = argument_problem(piece, ctx.edition, ctx.audience)
            if why:
                raise PageError(str(Problem(page.path, piece.line, piece.column, why)))
            parts.append(MACROS[piece.name].function(ctx, *piece.args).strip("\n"))
        elif piece.strip():
            parts.append(prose.clean_block(site_links(prose.page_html(piece), ctx.src)))
    return "\n\n".join(parts) + "\n"
