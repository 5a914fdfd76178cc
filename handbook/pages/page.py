"""A page of the handbook: its path, title, navigation section, audiences, render function and PDF part."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from .. import prose
from ..edition import Edition
from ..view import STAFF
from .context import Context


@dataclass(frozen=True)
class Page:
    src: str  # the page's path in the site, e.g. "training/purpose.md"
    title: str  # the title in the navigation (never rendered as a template)
    section: str | None = None  # navigation section, None for top level
    audiences: frozenset = STAFF
    summary: str = ""  # one line for the home page's map of the handbook
    render: Callable[[Context], str] | None = None  # the page's Markdown, heading included
    part: str | None = None  # the part of handbook.pdf it is a chapter of (None: not in the PDF)
    own: bool = False  # a department's own page (cleaned whole against the page allowlist in the Markdown step)

    def markdown(self, ctx: Context) -> str:
        """The page's Markdown for ctx; prose in it is a token while a stash is collecting."""
        return self.render(ctx)

    def rendered(self, ctx: Context) -> tuple[str, prose.Stash]:
        """The page's Markdown with its prose stashed away from Python-Markdown, and the stash."""
        with prose.collecting() as stash:
            markdown_text = self.render(ctx)
            if self.own:  # an empty block marks the page, so the Markdown step cleans it whole as a department's
                stash.own = True
                markdown_text += "\n\n" + stash.put("", True, prose.OWN) + "\n"
            return markdown_text, stash


def of_edition(function: Callable[[Edition], str]) -> Callable[[Context], str]:
    """A render function of the edition alone, as a render function of a context."""

    @functools.wraps(function)
    def render(ctx: Context) -> str:
        return function(ctx.edition)

    return render
