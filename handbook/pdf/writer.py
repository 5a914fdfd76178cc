"""Laying out the printable PDFs with WeasyPrint: one print stylesheet, a cache, worker processes.

build_pdfs() renders each document's HTML (cheap), then lays out only the PDFs whose HTML,
stylesheet and renderer version changed since the last build (cached by their hash), in
parallel over the machine's cores, and copies every PDF into <site>/downloads/ of each audience
it belongs to. The repair resource sheet must fit on one Letter page; when it does not, the
build stops and says how many programs would fit.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import heapq
import importlib.metadata
import itertools
import json
import logging
import multiprocessing
import os
import pathlib
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings

from ..edition import Edition, places
from ..pages import downloads
from ..paths import ASSETS, PROJECT
from ..problems import BuildFailed, LogCollector, Problem
from . import access
from .documents import JOIN_LINK, PAGE_MARK, Job, iter_jobs, sheet_html

STYLESHEET = ASSETS / "print.css"
VERSION = "6"  # raise when a change here alters the PDFs without altering their HTML
OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF with a structure tree, title and language
KEEP_DAYS = 30  # cached PDFs not used for this long are removed


# --------------------------------------------------------------------------- laying out (in worker processes)

class SheetTooLong(Exception):
    """A one-page document needed more pages: SheetTooLong(pages, inches beyond the first page)."""


# The repair sheet's cards, as its template marks them: data text is escaped, so no data can write these.
CARD, CARD_END = "<!--card-->", "<!--/card-->"
COLUMN_BREAK = '</div>\n  <div class="program-column">'
PX_PER_INCH = 96   # WeasyPrint's unit


def fetch(url: str):
    """What the PDF step may load: the package's own assets and nothing else (no other file, no network).

    Anything else raises, which WeasyPrint turns into a warning naming the URL; the data's place is
    named by `handbook check`, which warns about every link or image it will not show."""
    import weasyprint.urls

    if url.startswith("file://"):
        path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
        if path.is_relative_to(ASSETS.resolve()) and path.is_file():
            return weasyprint.urls.URLFetcher(allowed_protocols={"file"}).fetch(path.as_uri())
    raise ValueError(f"the PDF step loads nothing outside the handbook's own assets: refused {url[:100]}")


def _fetcher():
    """WeasyPrint's url_fetcher object, answering through fetch()."""
    import weasyprint.urls

    class AssetsOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            return fetch(url)
    return AssetsOnly(allowed_protocols={"file"})


@contextlib.contextmanager
def no_collection():
    """No garbage collection while a document is laid out or written: WeasyPrint makes millions of
    objects that live until the end, and scanning them again and again took a sixth of the time.
    What was alive before is frozen out of the scans (without a collection first: a full one cost
    0.12 s, a third of the time of an agenda); the garbage is collected as usual afterwards."""
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def cache_page_references() -> None:
    """pydyf's PDF.page_references rebuilds the tuple of every page's reference each time it is read, and
    WeasyPrint reads it once for every element it tags: writing a tagged PDF took time in the square of
    its pages (at 515 pages, 107,000 readings of 515 references, a third of the writing; at 3,859 pages
    it dominated). From the first PDF written on, the tuple is made again only when a page has been
    added since, by pydyf's own property, so what is read is always what pydyf would give."""
    import pydyf

    original = pydyf.PDF.page_references
    if getattr(original.fget, "cached", False):
        return

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        found = pdf.__dict__.get("_handbook_page_references")
        if found is None or found[0] != kids:
            found = pdf.__dict__["_handbook_page_references"] = (kids, original.fget(pdf))
        return found[1]
    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


def layout(html: str, css: str, tagged: bool = True):
    """WeasyPrint's layout of a document, and what WeasyPrint logged while making it."""
    with no_collection():
        return _layout(html, css, OPTIONS if tagged else {})


def save(document, target: str, tagged: bool = True, whole: bool = True) -> None:
    """Write a laid-out document to target atomically (several builds may share the cache). A tagged document
    written whole gets the structure PDF/UA asks for (access.complete); a piece of handbook.pdf gets it in the
    join."""
    part = f"{target}.{os.getpid()}-{threading.get_ident()}.part"
    cache_page_references()
    with no_collection():
        document.write_pdf(part, **(OPTIONS if tagged else {}))
    if tagged and whole:
        access.complete_file(part)
    os.replace(part, target)


@contextlib.contextmanager
def logged_by_weasyprint():
    """What WeasyPrint logs while the block runs, as a list of messages."""
    logged: list[str] = []
    handler = LogCollector(logged)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield logged
    finally:
        logger.removeHandler(handler)


BASE = ASSETS.resolve().as_uri() + "/"   # print.css's fonts/ are found beside it


# WeasyPrint copies each @font-face font into a folder of its own for Fontconfig. It would make that folder in
# the system's temporary folder and remove it only when the font configuration is deleted, which a worker
# process never does (it ends with os._exit) and the main process does too late (at shutdown, when shutil is
# gone: "Exception ignored in FontConfiguration.__del__"). 2.2 MB were left in /tmp for every process of every
# build. The folder is made in the build's cache instead, and removed when the process ends; one left by a
# killed process is removed by the next build (prune).
FONTS = "fonts"                   # in the PDF cache: a folder of copied fonts per process while it runs
FONT_PREFIX = "weasyprint-"
_font_home: pathlib.Path | None = None


def use_font_home(cache_dir: str | pathlib.Path) -> None:
    """Make this process's font folders under cache_dir/fonts (the build's PDF cache)."""
    global _font_home
    _font_home = pathlib.Path(cache_dir) / FONTS


def font_home() -> pathlib.Path:
    """Where this process's font folder goes: under the PDF cache that the build (run) or the command line
    (cli.main) named, else under the project's."""
    return _font_home or PROJECT / ".cache" / "pdf" / FONTS


def _font_folder(fonts, home: pathlib.Path) -> None:
    """Give a new font configuration its folder under home, removed when the process ends (or the
    configuration is deleted, whichever comes first)."""
    import multiprocessing.util
    import weakref

    home.mkdir(parents=True, exist_ok=True)
    folder = pathlib.Path(tempfile.mkdtemp(prefix=f"{FONT_PREFIX}{os.getpid()}-", dir=home))
    fonts._folder = folder     # WeasyPrint 70 (pinned) keeps it here and makes one only when it is None
    multiprocessing.util.Finalize(fonts, _drop_fonts, args=(weakref.ref(fonts), folder), exitpriority=0)


def _drop_fonts(fonts_ref, folder: pathlib.Path) -> None:
    fonts = fonts_ref()
    if fonts is not None:
        fonts._folder = None   # nothing left for its __del__ to remove at shutdown
    shutil.rmtree(folder, ignore_errors=True)


def stylesheet(css: str):
    """The stylesheet parsed once per process (parsing print.css took a quarter of an agenda's time), with
    the font configuration that holds its @font-face fonts (without one, WeasyPrint ignores @font-face),
    and what WeasyPrint logged while parsing it, reported again with every document."""
    return _stylesheet(css, font_home())


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str, home: pathlib.Path):
    """stylesheet(), its fonts copied under home (a process that builds with another cache uses that one)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    _font_folder(fonts, home)
    with logged_by_weasyprint() as logged:
        parsed = weasyprint.CSS(string=css, base_url=BASE, url_fetcher=_fetcher(), font_config=fonts)
    return parsed, fonts, tuple(logged)


def _layout(html: str, css: str, options: dict):
    import weasyprint

    parsed, fonts, css_logged = stylesheet(css)
    with logged_by_weasyprint() as logged:
        logged.extend(css_logged)
        document = weasyprint.HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).render(
            stylesheets=[parsed], font_config=fonts, **options)
    return document, list(logged)


def card_heights(document) -> list[float]:
    """The height of each card (margins included, every page's piece of it), in the order laid out."""
    heights: dict[object, float] = {}
    for page in document.pages:
        seen = set()
        for box in page._page_box.descendants():   # WeasyPrint's box tree: outer boxes come first
            if (box.element_tag == "article" and box.element not in seen
                    and "program" in (box.element.get("class") or "").split()):
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
    for k in range(len(heights), -1, -1):            # from the most cards in the first column down
        taller = max(prefix[k], prefix[-1] - prefix[k])
        if taller < best - 0.01:
            best, best_k = taller, k
    return best_k


def two_columns(html: str, k: int) -> str:
    """The sheet's HTML with its cards from the k-th on moved into a second column."""
    starts = [match.start() for match in re.finditer(re.escape(CARD), html)]
    if k >= len(starts):
        return html
    return html[:starts[k]] + COLUMN_BREAK + html[starts[k]:]


def overflow_inches(document) -> float:
    """How far the content runs past the first page (0 when it fits): the height of <body> on later pages."""
    over = 0.0
    for page in document.pages[1:]:
        body = page._page_box.children[0].children[0]   # the page's <html> box, then its <body>
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


def page_count(html: str, css: str) -> int:
    return len(layout(html, css)[0].pages)


def sheet_pages(html: str, css: str) -> int:
    """How many pages the repair sheet's HTML takes once its columns are balanced."""
    return len(balanced_layout(html, css)[0].pages)


# --------------------------------------------------------------------------- handbook.pdf in chunks, joined
#
# handbook.pdf laid out in pieces on every core, then joined into one tagged PDF.
#
# WeasyPrint lays out a document in one process, and the handbook is by far the longest: at ten times
# the default data, 515 pages. documents.Book cuts it at chapter starts (each chapter begins a page, so a
# piece lays out exactly as in the whole book). Each chunk is laid out and written in a worker (and kept
# in the cache: an edit to one chapter lays out only its chunk again); then the front (cover and
# contents) is laid out with the page numbers the chunks gave, and join() puts the pieces together with
# pikepdf (qpdf): pages, the structure tree with its parent tree, links, named destinations and the
# outline. Page numbers are drawn last, by the join, as pagination artifacts (they are not content), from
# the digits of a small document laid out with the book's own footer style.
DIGIT_PLACES = 6          # page numbers up to 999,999
FRONT_TRIES = 4           # the contents' own length can change once its numbers are filled in


# --------------------------------------------------------------------------- a chunk (in a worker)

def write_chunk(html: str, css: str, target: str, wanted: list[str]) -> tuple[dict, list[str]]:
    """Lay out and write one chunk; returns (its page count and the page of each wanted id, warnings), also
    kept beside the PDF as JSON so a cached chunk needs no layout."""
    document, logged = layout(html, css)
    wanted_ids, anchors = set(wanted), {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            if name in wanted_ids:
                anchors.setdefault(name, index)
    save(document, target, whole=False)
    found = {"pages": len(document.pages), "anchors": anchors}
    _write_atomically(meta_path(target), json.dumps(found))
    return found, logged


def meta_path(target: str | pathlib.Path) -> pathlib.Path:
    return pathlib.Path(str(target).removesuffix(".pdf") + ".json")


def cached_chunk(target: pathlib.Path) -> dict | None:
    """A chunk's page count and anchors if it is in the cache, else None."""
    try:
        found = json.loads(meta_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if target.exists() and isinstance(found, dict) and "pages" in found else None


def _write_atomically(path: pathlib.Path, content: str) -> None:
    part = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    part.write_text(content, encoding="utf-8")
    os.replace(part, path)


# --------------------------------------------------------------------------- the front, then the join

def front_numbers(front: str, chunks: list[dict], front_pages: int) -> str:
    """The front with each PAGE_MARK replaced by the page its id starts on, the front taking front_pages."""
    pages, first = {}, front_pages + 1
    for chunk in chunks:
        for name, index in chunk["anchors"].items():
            pages.setdefault(name, first + index)
        first += chunk["pages"]
    pattern = re.escape(PAGE_MARK).replace(re.escape("{}"), "([^@]*)")
    return re.sub(pattern, lambda m: str(pages.get(m.group(1), "")), front)


def finish(front: str, css: str, chunk_paths: list[str], chunks: list[dict], parts: list[list[str]],
           digits_path: str, target: str) -> tuple[int, list[str]]:
    """Lay out the front with its page numbers, join it with the chunks and number the pages from the digits
    at digits_path; writes target atomically and returns (pages, warnings)."""
    front_pages = 2
    for _ in range(FRONT_TRIES):
        document, logged = layout(front_numbers(front, chunks, front_pages), css)
        if len(document.pages) == front_pages:
            break
        front_pages = len(document.pages)
    with tempfile.TemporaryDirectory(prefix="handbook-join-", dir=os.path.dirname(target)) as work:
        front_path = os.path.join(work, "front.pdf")
        save(document, front_path, whole=False)
        part = f"{target}.{os.getpid()}-{threading.get_ident()}.part"
        pages = join(front_path, chunk_paths, parts, digits_path, part)
    os.replace(part, target)
    return pages, logged


def digits(css: str, target: str) -> tuple[int, list[str]]:
    """A page for each digit in each place from the right, drawn by print.css's footer (.page-digits); written
    atomically to target (it depends on the stylesheet alone, so the cache keeps it from build to build)."""
    document, logged = layout(digits_html(), css, tagged=False)
    save(document, target, tagged=False)
    return len(document.pages), logged


def digits_html() -> str:
    divs = "".join(f'<div class="digit-{place}" data-digit="{digit}"></div>'
                   for place in range(DIGIT_PLACES) for digit in range(10))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>page numbers</title></head>'
            f'<body class="page-digits">{divs}</body></html>')


def join(front_path: str, chunk_paths: list[str], parts: list[list[str]], digits_path: str, target: str) -> int:
    """The front and the chunks as one PDF: the front's catalog (title, language, metadata), every page, one
    structure tree, one parent tree, named destinations, links across chunks and an outline by part."""
    import pikepdf

    book = pikepdf.open(front_path)
    sources = [pikepdf.open(path) for path in chunk_paths]
    digits = pikepdf.open(digits_path)   # open until the save: qpdf copies a stream's data as it writes
    try:
        root = book.Root.StructTreeRoot
        document = root.K[0]
        nums = root.ParentTree.Nums
        next_key = _next_key(nums)
        dests = _dests(book)
        _link_across(book.pages)
        outline_items = []
        for source, chunk_parts in zip(sources, parts):
            first = len(book.pages)
            with warnings.catch_warnings():      # named destinations are merged below
                warnings.simplefilter("ignore")
                book.pages.extend(source.pages)
            added = book.pages[first:]
            tree = book.copy_foreign(source.Root.StructTreeRoot)
            chunk = tree.K[0]                    # the chunk's Document, as a division of the book's
            chunk.S = pikepdf.Name.Div
            chunk.P = document
            document.K.append(chunk)
            chunk_nums = list(tree.ParentTree.Nums)
            for key, value in zip(chunk_nums[::2], chunk_nums[1::2]):
                nums.append(int(key) + next_key)
                nums.append(value)
            for page in added:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + next_key
                for annotation in page.obj.get("/Annots", []):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + next_key
            next_key = max(next_key, _next_key(chunk_nums) + next_key)
            _link_across(added)
            for name, dest in _dests(source).items():
                dests.setdefault(name, _copy(book, dest))
            outline_items.append((chunk_parts, _outline(source, book)))
        names = pikepdf.Array()
        for name in sorted(dests, key=lambda n: n.encode("utf-8")):
            names.append(pikepdf.String(name))
            names.append(dests[name])
        if "/Names" not in book.Root:
            book.Root.Names = pikepdf.Dictionary()
        book.Root.Names.Dests = book.make_indirect(pikepdf.Dictionary(Names=names))
        _merge_outline(book, outline_items)
        _number_pages(book, digits)
        access.complete(book)
        book.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(book.pages)
    finally:
        for source in [*sources, digits]:
            source.close()
        book.close()


def _copy(book, obj):
    """obj, from another PDF, in book: an indirect object through qpdf's copier (which maps a page to its
    copy), a direct array or dictionary item by item."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return book.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(book, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(book, value) for key, value in obj.items()})
    return obj


def _next_key(nums) -> int:
    keys = [int(key) for key in list(nums)[::2]]
    return max(keys) + 1 if keys else 0


def _dests(pdf) -> dict:
    """A PDF's named destinations (WeasyPrint writes them as one flat name tree)."""
    try:
        flat = list(pdf.Root.Names.Dests.Names)
    except (AttributeError, KeyError):
        return {}
    return {str(name): dest for name, dest in zip(flat[::2], flat[1::2])}


def _link_across(pages) -> None:
    """Links written as JOIN_LINK + id turned into links to the named destination id."""
    import pikepdf

    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI" and str(action.URI).startswith(JOIN_LINK):
                name = str(action.URI)[len(JOIN_LINK):]
                del annotation["/A"]
                annotation.Dest = pikepdf.String(name)
                annotation.Contents = pikepdf.String(name)


def _outline(source, book) -> list:
    """A chunk's outline as (title, destination in book, closed, children) trees."""
    def walk(items):
        return [(item.title, _copy(book, item.destination), item.is_closed, walk(item.children))
                for item in items]
    with source.open_outline() as outline:
        return walk(outline.root)


def _merge_outline(book, chunks: list[tuple[list[str], list]]) -> None:
    """Each chunk's outline after the front's: a part's title at the top, every other top item (a chapter)
    under the part it belongs to, which may have started in an earlier chunk."""
    import pikepdf

    def item(title, destination, closed, children):
        made = pikepdf.OutlineItem(title, destination)
        made.children.extend(item(*child) for child in children)
        if closed:
            made.is_closed = True
        return made
    with book.open_outline() as outline:
        part = None
        for chunk_parts, tops in chunks:
            for top in tops:
                made = item(*top)
                if top[0] in chunk_parts or part is None:
                    outline.root.append(made)
                    part = made if top[0] in chunk_parts else part
                else:
                    part.children.append(made)


def _number_pages(book, digits) -> None:
    """Every page's number but the cover's, bottom right, as a pagination artifact."""
    import pikepdf

    forms = {}
    for place in range(DIGIT_PLACES):
        for digit in range(10):
            page = pikepdf.Page(digits.pages[place * 10 + digit])
            forms[digit, place] = book.copy_foreign(digits.make_indirect(page.as_form_xobject()))
    for index, page in enumerate(book.pages):
        if index == 0:
            continue
        number = str(index + 1)
        calls = []
        xobjects = page.obj.Resources.get("/XObject")
        if xobjects is None:
            page.obj.Resources.XObject = xobjects = pikepdf.Dictionary()
        for place, digit in enumerate(reversed(number)):
            name = f"/HandbookDigit{digit}x{place}"
            xobjects[name] = forms[int(digit), place]
            calls.append(f"{name} Do")
        page.contents_add(book.make_stream(b"q\n"), prepend=True)
        page.contents_add(book.make_stream(
            ("Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n" + "\n".join(calls)
             + "\nQ\nEMC\n").encode("ascii")))


# --------------------------------------------------------------------------- the build step

def cache_key(html: str, css: str) -> str:
    """A PDF's inputs as one hash: its HTML, the stylesheet, this module's and WeasyPrint's versions."""
    digest = hashlib.sha256()
    for part in (VERSION, importlib.metadata.version("weasyprint"), repr(sorted(OPTIONS.items())), css, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


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


LONG_CARD = 1.5       # a card this many times the middle card's height is the one that pushed the sheet over
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
    lines = max(1, round(inches * 72 / 12.2))   # the sheet's 10 pt type has lines of 12.2 pt
    left_out = [program.name for program in listed[fit:]]
    which = (f"'{left_out[0]}' does not" if len(left_out) == 1 else
             f"'{left_out[0]}' and the {len(left_out) - 1} after it do not ({', '.join(left_out)})")
    said = (f"the repair resource sheet (repair-resources.pdf) must fit on one Letter page, but its {len(listed)} "
            f"programs need {pages} pages, {inches:.1f} inches (about {lines} lines) more than one page holds")
    if long is not None:
        program = listed[long]
        key = max(SHEET_TEXTS, key=lambda name: len(str(getattr(program, name) or "")))
        return Problem(*where[program.id].at(key), (
            f"{said}: the text of '{program.name}' is what pushes it over (its card is the longest on the sheet, "
            f"{key} the longest part of it); with it, only the first {fit} programs fit, so {which}. Shorten "
            f"'{program.name}' ({key}), or set 'on_sheet: false' on it (it stays on the website)"))
    return Problem(*where[listed[fit].id].at(), (    # the file that wrote it, a base edition's too
        f"{said}; only the first {fit} fit, so {which}. Shorten the programs' text (who_qualifies, "
        f"how_to_apply), or set 'on_sheet: false' on {len(left_out)} of them (they stay on the website)"))


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
        with contextlib.suppress(OSError):      # a cache that cannot be written only costs time
            cached.parent.mkdir(parents=True, exist_ok=True)
            save(document, str(cached))
        return None
    return too_long_problem(edition, css, len(document.pages), overflow_inches(document))


class Inline(concurrent.futures.Executor):
    """An executor that runs each task at once, in this thread: for a machine of one core."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:   # handed to whoever reads the result, as a pool would
            future.set_exception(exc)
        return future


PR_SET_PDEATHSIG = 1                 # from <linux/prctl.h>


def die_with_build(build: int) -> None:
    """End this worker when the build that started it is gone, even by kill -9: the kernel sends SIGKILL when
    the worker's parent (the fork server) goes (Linux: prctl PR_SET_PDEATHSIG), and a thread looks every
    half second for the build's process (the fork server alone does not notice: the workers hold its pipe)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(target=watch_build, args=(build,), name="watch-build", daemon=True).start()


def build_alive(pid: int) -> bool:
    """Whether the process pid still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def watch_build(pid: int) -> None:
    while build_alive(pid):
        time.sleep(0.5)
    os._exit(1)


def warm(css: str, cache_dir: str, build: int | None = None) -> None:
    """A worker's start, while the build is still making the documents' HTML: the stylesheet parsed, its fonts
    loaded (copied under cache_dir) and pydyf's page references cached (the fork server imported WeasyPrint).
    The worker first ties its life to the build's (die_with_build)."""
    if build is not None:
        die_with_build(build)
    use_font_home(cache_dir)
    stylesheet(css)
    cache_page_references()


def workers() -> int:
    return os.cpu_count() or 1


def executor(css: str, cache_dir: pathlib.Path) -> concurrent.futures.Executor:
    """One worker process a core (started when a first task needs one), or this thread on one core."""
    if workers() <= 1:
        return Inline()
    # forkserver, not fork: the build lays out PDFs in a thread while MkDocs runs in another, and a
    # process forked while the other thread holds a lock (logging's, say) can hang forever. The fork server
    # imports WeasyPrint once, and every worker starts with it (each importing it took 0.8 s).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__, "weasyprint"])
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers(), mp_context=context,
                                                  initializer=warm, initargs=(css, str(cache_dir), os.getpid()))


FINISH, BOOK, OTHER = 0, 1, 2   # what a free worker takes first: a book's join, then its pieces, then the rest
DIGITS = "digits"               # the name of the page digits' task (every other name is a PDF's, or a chunk's)
_END = object()


@dataclasses.dataclass
class BookState:
    """A book of the build: where it goes, its chunks' cache paths and, as each is laid out (or found in the
    cache), each chunk's page count and anchors (None until then)."""
    job: Job
    target: pathlib.Path
    paths: list[pathlib.Path]
    found: list[dict | None]


class Schedule:
    """The layouts of one build, handed to the workers as their HTML is made, a task at a time for each
    worker, the most urgent first: a book whose chunks are done is joined at once (the build waits for it),
    a book's chunks come before the other documents, and within each kind the longest goes first."""

    def __init__(self, css: str, cache_dir: pathlib.Path):
        self.css, self.cache_dir = css, cache_dir
        self.pool: concurrent.futures.Future | None = None   # the executor, being started
        self.ready: list = []           # a heap of (kind, -length, order, name, fn, args)
        self.running: dict = {}         # future -> name
        self.books: dict[str, BookState] = {}   # by file
        self.digits_path = cache_dir / f"digits-{cache_key(digits_html(), css)}.pdf"
        self.digits_ready = self.digits_path.exists()
        self.digits_asked = False
        self.order = itertools.count()
        self.warnings: list[str] = []

    def add(self, kind: int, length: int, name, fn, *args) -> None:
        heapq.heappush(self.ready, (kind, -length, next(self.order), name, fn, args))

    def add_job(self, job: Job, path: pathlib.Path) -> None:
        if job.book is None:
            self.add(OTHER, len(job.html), job.download.file, write_pdf, job.html, self.css, str(path), job.one_page)
            return
        paths = [self.cache_dir / f"chunk-{cache_key(chunk, self.css)}.pdf" for chunk in job.book.chunks]
        book = self.books[job.download.file] = BookState(job, path, paths, [cached_chunk(p) for p in paths])
        for i, (chunk, p) in enumerate(zip(job.book.chunks, paths)):
            if book.found[i] is None:
                self.add(BOOK, len(chunk), (job.download.file, i), write_chunk, chunk, self.css, str(p),
                         job.book.targets[i])
            else:
                os.utime(p)
                os.utime(meta_path(p))
        if self.digits_ready:
            os.utime(self.digits_path)
        elif not self.digits_asked:
            self.digits_asked = True
            self.add(BOOK, 0, DIGITS, digits, self.css, str(self.digits_path))
        self.finish_if_ready(job.download.file)

    def finish_if_ready(self, file: str) -> None:
        book = self.books[file]
        if all(book.found) and self.digits_ready:
            self.add(FINISH, 0, file, finish, book.job.book.front, self.css, [str(p) for p in book.paths],
                     book.found, book.job.book.parts, str(self.digits_path), str(book.target))

    def start(self, starter: concurrent.futures.Executor) -> None:
        """Start the workers in the background (the fork server imports WeasyPrint, each worker parses the
        stylesheet), so that they are ready by the time the first HTML is."""
        def started():
            pool = executor(self.css, self.cache_dir)
            if isinstance(pool, concurrent.futures.ProcessPoolExecutor):
                for _ in range(workers()):       # a worker is started for each task that finds none idle
                    pool.submit(int)
            return pool
        self.pool = starter.submit(started)

    def dispatch(self) -> None:
        """Hand ready tasks to free workers (as many in flight as there are workers)."""
        while self.ready and len(self.running) < workers():
            *_, name, fn, args = heapq.heappop(self.ready)
            self.running[self.pool.result().submit(fn, *args)] = name

    def completed(self, future: concurrent.futures.Future) -> None:
        name = self.running.pop(future)
        result, logged = future.result()
        if name == DIGITS:
            self.digits_ready = True
            for file in self.books:
                self.finish_if_ready(file)
        elif isinstance(name, tuple):          # a chunk of a book
            file, index = name
            self.books[file].found[index] = result
            self.warnings += [f"{file}: {message}" for message in logged]
            self.finish_if_ready(file)
        else:
            self.warnings += [f"{name}: {message}" for message in logged]

    def close(self, cancel: bool) -> None:
        if self.pool is not None:
            self.pool.result().shutdown(wait=True, cancel_futures=cancel)


def run(todo, css: str, cache_dir: pathlib.Path) -> list[str]:
    """Write the PDFs of todo, an iterable of (job, target) not in the cache, on every core; returns warnings.
    The next job's HTML is made (in a thread of its own) while the workers lay out those already made."""
    use_font_home(cache_dir)          # for what is laid out in this process (one core: everything)
    schedule = Schedule(css, pathlib.Path(cache_dir))
    todo = iter(todo)
    maker = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="pdf")
    try:
        schedule.start(maker)
        upcoming = maker.submit(next, todo, _END)
        while upcoming is not None or schedule.running or schedule.ready:
            schedule.dispatch()
            waiting = set(schedule.running) | ({upcoming} if upcoming is not None else set())
            done, _ = concurrent.futures.wait(waiting, return_when=concurrent.futures.FIRST_COMPLETED)
            if upcoming in done:
                made = upcoming.result()
                upcoming = None
                if made is not _END:
                    schedule.add_job(*made)
                    upcoming = maker.submit(next, todo, _END)
            for future in done & schedule.running.keys():
                schedule.completed(future)
    except BaseException:
        schedule.close(cancel=True)
        raise
    finally:
        maker.shutdown(wait=True)
    schedule.close(cancel=False)
    return schedule.warnings


def prune(cache_dir: pathlib.Path) -> None:
    """Remove cached PDFs nobody used for KEEP_DAYS days, and the font folders of processes that were killed
    (a running process's folder is at most a build old; one a day old is left over)."""
    limit = time.time() - KEEP_DAYS * 86400
    for path in [*cache_dir.glob("*.pdf"), *cache_dir.glob("*.json")]:
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
    day_ago = time.time() - 86400
    for folder in (cache_dir / FONTS).glob(f"{FONT_PREFIX}*"):
        with contextlib.suppress(OSError):      # another build's process may be removing it now
            if folder.stat().st_mtime < day_ago:
                shutil.rmtree(folder, ignore_errors=True)


def build_pdfs(edition: Edition, sites: dict[str, pathlib.Path], cache_dir: pathlib.Path | None = None,
               today: dt.date | None = None) -> list[str]:
    """Write every audience's PDFs into <site>/downloads/; returns notes for the build's output."""
    started = time.perf_counter()
    today = today or dt.date.today()
    cache_dir = pathlib.Path(cache_dir or PROJECT / ".cache" / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    css = STYLESHEET.read_text(encoding="utf-8")
    planned, todo = [], []

    def to_lay_out():
        """Each PDF of the build as its HTML is made, unless the cache has it."""
        for job in iter_jobs(edition, today, tuple(sites)):
            if job.download.audiences & sites.keys():
                path = cache_dir / f"{cache_key(job.html, css)}.pdf"
                planned.append((job, path))
                if not path.exists():
                    todo.append(job)
                    yield job, path
    try:
        warnings = run(to_lay_out(), css, cache_dir)
    except SheetTooLong as exc:
        raise BuildFailed(too_long_message(edition, css, *exc.args)) from None
    for job, path in planned:
        os.utime(path)
        for audience in job.download.audiences & sites.keys():
            folder = pathlib.Path(sites[audience]) / downloads.FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / job.download.file)
    prune(cache_dir)
    seconds = time.perf_counter() - started
    notes = [f"PDFs: {len(planned)} written ({len(todo)} laid out, {len(planned) - len(todo)} unchanged "
             f"and reused from {cache_dir}) in {seconds:.1f} s"]
    return notes + [f"warning: PDF {message}" for message in warnings]
