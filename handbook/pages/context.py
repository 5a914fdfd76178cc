"""What a page is rendered for: the audience's edition, the page itself, and what the build makes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..edition import Edition
from .links import src as page_src


@dataclass(frozen=True)
class Context:
    """The one argument of every page's render function."""

    edition: Edition  # the audience's edition (handbook.view.for_audience)
    audience: str  # "staff" or "public"
    src: str = page_src("home")  # the page's source path, e.g. "training/purpose.md"
    downloads: bool = False  # whether this build writes the PDFs, so pages may link to them
    guide: list = field(default_factory=list)  # the home page's map: {title, link, text} per page
    printed: bool = False  # rendered as a chapter of handbook.pdf rather than a page of the site

    @property
    def url(self) -> str:
        """'training/purpose.md' -> 'training/purpose/'; 'index.md' -> '' (as MkDocs gives page.url)."""
        path = self.src.removesuffix(".md").removesuffix("index").rstrip("/")
        return path + "/" if path else ""

    @property
    def root(self) -> str:
        """'training/purpose/' -> '../../': the relative way from the page's URL to the site root."""
        return "../" * self.url.count("/")
