"""handbook.pdf laid out in chunks and joined with pikepdf: the tasks a worker runs for a book (a chunk, the page
digits, the front and the join) and the join itself (pages, structure tree, links across chunks, outline, page
numbers)."""

from __future__ import annotations

import json
import os
import pathlib
import re
import tempfile
import warnings

from ..atomic import replacing, write_atomically
from . import access
from .documents import JOIN_LINK, PAGE_MARK
from .engine import layout, save

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
DIGIT_PLACES = 6  # page numbers up to 999,999
FRONT_TRIES = 4  # the contents' own length can change once its numbers are filled in


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
    write_atomically(meta_path(target), json.dumps(found))
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


def finish(
    front: str,
    css: str,
    chunk_paths: list[str],
    chunks: list[dict],
    parts: list[list[str]],
    digits_path: str,
    target: str,
) -> tuple[int, list[str]]:
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
        with replacing(target) as part:
            pages = join(front_path, chunk_paths, parts, digits_path, part)
    return pages, logged


def digits(css: str, target: str) -> tuple[int, list[str]]:
    """A page for each digit in each place from the right, drawn by print.css's footer (.page-digits); written
    atomically to target (it depends on the stylesheet alone, so the cache keeps it from build to build)."""
    document, logged = layout(digits_html(), css, tagged=False)
    save(document, target, tagged=False)
    return len(document.pages), logged


def digits_html() -> str:
    divs = "".join(
        f'<div class="digit-{place}" data-digit="{digit}"></div>'
        for place in range(DIGIT_PLACES)
        for digit in range(10)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>page numbers</title></head>'
        f'<body class="page-digits">{divs}</body></html>'
    )


def join(front_path: str, chunk_paths: list[str], parts: list[list[str]], digits_path: str, target: str) -> int:
    """The front and the chunks as one PDF: the front's catalog (title, language, metadata), every page, one
    structure tree, one parent tree, named destinations, links across chunks and an outline by part."""
    import pikepdf

    book = pikepdf.open(front_path)
    sources = [pikepdf.open(path) for path in chunk_paths]
    digits = pikepdf.open(digits_path)  # open until the save: qpdf copies a stream's data as it writes
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
            with warnings.catch_warnings():  # named destinations are merged below
                warnings.simplefilter("ignore")
                book.pages.extend(source.pages)
            added = book.pages[first:]
            tree = book.copy_foreign(source.Root.StructTreeRoot)
            chunk = tree.K[0]  # the chunk's Document, as a division of the book's
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
                name = str(action.URI)[len(JOIN_LINK) :]
                del annotation["/A"]
                annotation.Dest = pikepdf.String(name)
                annotation.Contents = pikepdf.String(name)


def _outline(source, book) -> list:
    """A chunk's outline as (title, destination in book, closed, children) trees."""

    def walk(items):
        return [(item.title, _copy(book, item.destination), item.is_closed, walk(item.children)) for item in items]

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
        page.contents_add(
            book.make_stream(
                (
                    "Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n" + "\n".join(calls) + "\nQ\nEMC\n"
                ).encode("ascii")
            )
        )
