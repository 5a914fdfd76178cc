"""The one-page repair resource sheet: its cards balanced in two columns, and when it does not fit, how many
programs would and which card pushed it over (the build's error, and `handbook check`'s through sheet_problem).

write_pdf() lays out and writes any single document; a one-page one gets the sheet's fit.
"""

from __future__ import annotations

import contextlib
import pathlib
import re

from ..edition import Edition, places
from ..pages import downloads
from ..problems import Problem
from .documents import sheet_html
from .engine import STYLESHEET, cache_key, layout, save


class SheetTooLong(Exception):
    """A one-page document needed more pages: SheetTooLong(pages, inches beyond the first page)."""


# The repair sheet's cards, as its template marks them: data text is escaped, so no data can write these.
CARD, CARD_END = "<!--card-->", "<!--/card-->"
COLUMN_BREAK = '</div>\n  <div class="program-column">'
PX_PER_INCH = 96  # WeasyPrint's unit


def card_heights(document) -> list[float]:
    """The height of each card (margins included, every page's piece of it), in the order laid out."""
    heights: dict[object, float] = {}
    for page in document.pages:
        seen = set()
        for box in page._page_box.descendants():  # WeasyPrint's box tree: outer boxes come first
            if (
                box.element_tag == "article"
                and box.element not in seen
                and "program" in (box.element.get("class") or "").split()
            ):
                seen.add(box.element)
                heights[box.element] = heights.get(box.element, 0.0) + box.margin_height()
    return list(heights.values())


def split_point(heights: list[float]) -> int:
    """Where to split the cards into two columns (the first k in the first) so the taller column is as
    short as it can be; on a tie, more cards in the first column. More cards never give a shorter column,
    so whether a sheet fits can only get worse as programs are added."""
    prefix = [0.0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    best, best_k = float("inf"), len(heights)
    for k in range(len(heights), -1, -1):  # from the most cards in the first column down
        taller = max(prefix[k], prefix[-1] - prefix[k])
        if taller < best - 0.01:
            best, best_k = taller, k
    return best_k


def two_columns(html: str, k: int) -> str:
    """The sheet's HTML with its cards from the k-th on moved into a second column."""
    starts = [match.start() for match in re.finditer(re.escape(CARD), html)]
    if k >= len(starts):
        return html
    return html[: starts[k]] + COLUMN_BREAK + html[starts[k] :]


def overflow_inches(document) -> float:
    """How far the content runs past the first page (0 when it fits): the height of <body> on later pages."""
    over = 0.0
    for page in document.pages[1:]:
        body = page._page_box.children[0].children[0]  # the page's <html> box, then its <body>
        over += body.margin_height()
    return over / PX_PER_INCH


def balanced_layout(html: str, css: str):
    """The repair sheet laid out twice: once to measure every card in one column, then split into two
    columns of the same width that end level."""
    measured, _ = layout(html, css)
    return layout(two_columns(html, split_point(card_heights(measured))), css)


def write_pdf(html: str, css: str, target: str, one_page: bool) -> tuple[int, list[str]]:
    """Lay out and write one PDF (atomically); returns its page count and WeasyPrint's warnings.
    A one-page document (the repair sheet) gets balanced columns and raises SheetTooLong if it needs more."""
    document, logged = balanced_layout(html, css) if one_page else layout(html, css)
    if one_page and len(document.pages) > 1:
        raise SheetTooLong(len(document.pages), overflow_inches(document))
    save(document, target)
    return len(document.pages), logged


def sheet_pages(html: str, css: str) -> int:
    """How many pages the repair sheet's HTML takes once its columns are balanced."""
    return len(balanced_layout(html, css)[0].pages)


def fitting(edition: Edition, css: str) -> int:
    """How many of the sheet's programs (in file order) fit on the one page (a bisection: fit is monotonic)."""
    programs = downloads.public_programs(edition)
    low, high = 0, len(programs) - 1  # the answer is in [low, high]; all of them do not fit
    while low < high:
        middle = (low + high + 1) // 2
        if sheet_pages(sheet_html(edition, programs[:middle]), css) == 1:
            low = middle
        else:
            high = middle - 1
    return low


LONG_CARD = 1.5  # a card this many times the middle card's height is the one that pushed the sheet over
SHEET_TEXTS = ("who_qualifies", "how_to_apply", "cost_to_owner", "name")


def culprit(edition: Edition, css: str) -> int | None:
    """The index (among the sheet's programs) of the card whose long text pushed the sheet over: the tallest
    card, when it is at least LONG_CARD times the middle card's height; None when the cards are alike (then
    the sheet has too many programs, not one too long)."""
    listed = downloads.public_programs(edition)
    measured, _ = layout(sheet_html(edition, listed), css)
    heights = card_heights(measured)
    if len(heights) != len(listed) or len(heights) < 2:
        return None
    tallest = max(range(len(heights)), key=heights.__getitem__)
    middle = sorted(heights)[len(heights) // 2]
    return tallest if heights[tallest] >= LONG_CARD * middle else None


def too_long_problem(edition: Edition, css: str, pages: int, inches: float) -> Problem:
    """The sheet does not fit: at the long text of the program that pushed it over (or, when the programs are
    alike, at the first that does not fit), how many fit, how much too long, what to do."""
    listed = downloads.public_programs(edition)
    fit = fitting(edition, css)
    where = {program.id: place for program, place in places(edition)["program"]}
    long = culprit(edition, css)
    lines = max(1, round(inches * 72 / 12.2))  # the sheet's 10 pt type has lines of 12.2 pt
    left_out = [program.name for program in listed[fit:]]
    which = (
        f"'{left_out[0]}' does not"
        if len(left_out) == 1
        else f"'{left_out[0]}' and the {len(left_out) - 1} after it do not ({', '.join(left_out)})"
    )
    said = (
        f"the repair resource sheet (repair-resources.pdf) must fit on one Letter page, but its {len(listed)} "
        f"programs need {pages} pages, {inches:.1f} inches (about {lines} lines) more than one page holds"
    )
    if long is not None:
        program = listed[long]
        key = max(SHEET_TEXTS, key=lambda name: len(str(getattr(program, name) or "")))
        return Problem(
            *where[program.id].at(key),
            (
                f"{said}: the text of '{program.name}' is what pushes it over (its card is the longest on the sheet, "
                f"{key} the longest part of it); with it, only the first {fit} programs fit, so {which}. Shorten "
                f"'{program.name}' ({key}), or set 'on_sheet: false' on it (it stays on the website)"
            ),
        )
    return Problem(
        *where[listed[fit].id].at(),
        (  # the file that wrote it, a base edition's too
            f"{said}; only the first {fit} fit, so {which}. Shorten the programs' text (who_qualifies, "
            f"how_to_apply), or set 'on_sheet: false' on {len(left_out)} of them (they stay on the website)"
        ),
    )


def too_long_message(edition: Edition, css: str, pages: int, inches: float) -> str:
    return str(too_long_problem(edition, css, pages, inches))


def sheet_problem(edition: Edition, cache_dir: pathlib.Path) -> Problem | None:
    """What `handbook check` says about the repair sheet: the build's own error, at the same place, when it
    does not fit on its page. A sheet the PDF cache holds has been laid out on one page (only a sheet that
    fits is written), so checking it again costs nothing; any other is laid out as the build would, and kept
    in the cache when it fits (the next check, and the build, reuse it)."""
    if not downloads.repair_sheet(edition):
        return None
    css = STYLESHEET.read_text(encoding="utf-8")
    html = sheet_html(edition, downloads.public_programs(edition))
    cached = pathlib.Path(cache_dir) / f"{cache_key(html, css)}.pdf"
    if cached.exists():
        return None
    document, _ = balanced_layout(html, css)
    if len(document.pages) == 1:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            cached.parent.mkdir(parents=True, exist_ok=True)
            save(document, str(cached))
        return None
    return too_long_problem(edition, css, len(document.pages), overflow_inches(document))
