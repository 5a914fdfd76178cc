"""handbook.pdf laid out in chunks and joined (handbook/pdf/book.py), read back with pikepdf and pdfplumber.

The book is made three ways from the default edition: as one chunk, as the build cuts it, and with
one chapter per chunk (so most chunks start in the middle of a part and every link between chapters
crosses a chunk). Whatever the cut, the pages must be the same, and the join must give one sound
tagged PDF: a structure tree whose parent tree maps every marked piece of content back to its
element, links that land where the contents say, an outline by part and a number on every page.
"""

from __future__ import annotations

import copy
import datetime as dt
import pathlib
import re

import pdfplumber
import pikepdf
import pytest

from handbook.edition import load_edition
from handbook.pages import registry
from handbook.pdf import documents, engine
from handbook.pdf import workers as pdf_workers
from helpers import DATA

EDITION = load_edition(DATA)
TODAY = dt.date(2026, 12, 1)
CSS = engine.STYLESHEET.read_text(encoding="utf-8")


def make_book(folder: pathlib.Path, chunk_chars: int) -> pathlib.Path:
    """handbook.pdf written by the build's own step, its chapters cut into chunks of about chunk_chars."""
    previous = documents.CHUNK_CHARS
    documents.CHUNK_CHARS = chunk_chars
    try:
        job = next(job for job in documents.iter_jobs(EDITION, TODAY) if job.book)
    finally:
        documents.CHUNK_CHARS = previous
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "handbook.pdf"
    assert pdf_workers.run([(job, target)], CSS, folder) == []  # no warning: every link found its target
    (folder / "chunks.txt").write_text(str(len(job.book.chunks)))
    return target


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, pathlib.Path]:
    root = tmp_path_factory.mktemp("books")
    return {
        "whole": make_book(root / "whole", 10**9),
        "build": make_book(root / "build", documents.CHUNK_CHARS),
        "chapters": make_book(root / "chapters", 1),
    }


def page_texts(path: pathlib.Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_cut_changes_nothing_on_the_page(books):
    chunks = {name: int((path.parent / "chunks.txt").read_text()) for name, path in books.items()}
    assert chunks["whole"] == 1 and chunks["build"] >= 2 and chunks["chapters"] > 20
    whole = page_texts(books["whole"])
    assert len(whole) > 40
    for name in ("build", "chapters"):
        assert page_texts(books[name]) == whole, name


def marked_content(pdf: pikepdf.Pdf, page: pikepdf.Page) -> tuple[set[int], list[tuple[str, bool]]]:
    """The MCIDs a page's content marks, and each XObject it draws with whether it is inside an artifact."""
    mcids, drawn, stack = set(), [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if len(operands) > 1 else None
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcids.add(int(properties.MCID))
            stack.append(tag)
        elif op == "EMC":
            stack.pop()
        elif op == "Do":
            drawn.append((str(operands[0]), "/Artifact" in stack))
    return mcids, drawn


def structure(path: pathlib.Path) -> tuple[int, int]:
    """Check the structure tree: every element's parents lead to the one root, the parent tree is a sorted
    number tree that maps each page's marked content and each link back to its element on that page.
    Returns (marked pieces, pieces whose element the tree's /K does not reach: WeasyPrint leaves a few such,
    the leaders of the contents among them)."""
    pdf = pikepdf.open(path)
    root = pdf.Root.StructTreeRoot
    assert len(root.K) == 1 and root.K[0].S == "/Document"
    pages = {page.objgen for page in pdf.pages}
    nums = list(root.ParentTree.Nums)
    keys = [int(key) for key in nums[::2]]
    assert keys == sorted(set(keys))
    parents = dict(zip(keys, nums[1::2]))

    reached = set()

    def walk(element):
        reached.add(element.objgen)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                assert kid.P.objgen == element.objgen
                walk(kid)

    walk(root.K[0])

    def reaches_root(element) -> bool:
        for _ in range(100):
            if element.get("/Type") == "/StructTreeRoot":
                return element.objgen == root.objgen
            element = element.P
        return False

    marked = unreached = 0
    for index, page in enumerate(pdf.pages):
        mcids, _ = marked_content(pdf, page)
        mapped = parents[int(page.obj.StructParents)]
        for mcid in mcids:
            element = mapped[mcid]
            assert element.Pg.objgen == page.objgen and reaches_root(element), (index, mcid)
            marked += 1
            unreached += element.objgen not in reached
        for annotation in page.obj.get("/Annots", []):
            element = parents[int(annotation.StructParent)]
            assert element.objgen in reached
            objects = [k for k in element.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
            assert any(k.Obj.objgen == annotation.objgen for k in objects)
    assert all(e.Pg.objgen in pages for e in map(pdf.get_object, reached) if "/Pg" in e)
    return marked, unreached


def test_one_structure_tree_maps_every_marked_content_and_link_back_to_its_element(books):
    whole = structure(books["whole"])
    assert whole[0] > 5000 and whole[1] < whole[0] / 20
    assert structure(books["chapters"]) == whole  # the join neither loses nor strands an element


def test_links_land_where_the_contents_says(books):
    pdf = pikepdf.open(books["chapters"])
    flat = list(pdf.Root.Names.Dests.Names)
    dests = {str(name): dest for name, dest in zip(flat[::2], flat[1::2])}
    assert [n.encode() for n in dests] == sorted(n.encode() for n in dests)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    internal = 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/Dest" in annotation:
                assert str(annotation.Dest) in dests, str(annotation.Dest)
                internal += 1
            else:
                assert not str(annotation.A.URI).startswith(documents.JOIN_LINK)
    assert internal > 50
    texts = page_texts(books["chapters"])
    contents = "\n".join(texts[1:3])
    for section in documents.handbook_sections(EDITION):
        page = pages[dests[section["id"]][0].objgen]
        title = " ".join(section["title"].split()[:4])
        assert re.search(re.escape(title) + r".*?\.{3,}(\d+)$", contents, re.M).group(1) == str(page + 1), title
        assert title in " ".join(texts[page].split())


def test_the_outline_has_every_part_with_its_chapters_whatever_the_cut(books):
    sections = documents.handbook_sections(EDITION)
    for name in ("build", "chapters"):
        with pikepdf.open(books[name]) as pdf, pdf.open_outline() as outline:
            tops = {item.title: [child.title for child in item.children] for item in outline.root}
        for i, part in enumerate(registry.PARTS, 1):
            label = f"Part {i}: {part}"
            assert tops[label] == [s["title"] for s in sections if s["part"] == part], (name, label)


def test_every_page_but_the_cover_is_numbered_bottom_right_as_an_artifact(books):
    pdf = pikepdf.open(books["chapters"])
    with pdfplumber.open(books["chapters"]) as plumber:
        for index, (page, plain) in enumerate(zip(pdf.pages, plumber.pages)):
            foot = [w for w in plain.extract_words() if w["top"] > plain.height - 0.75 * 72]
            _, drawn = marked_content(pdf, page)
            digits = [inside for name, inside in drawn if name.startswith("/HandbookDigit")]
            if index == 0:
                assert foot == [] and digits == []
                continue
            assert [w["text"] for w in foot if w["x1"] > plain.width / 2] == [str(index + 1)]
            right = next(w["x1"] for w in foot if w["x1"] > plain.width / 2)
            assert right == pytest.approx(plain.width - 0.75 * 72, abs=0.5)  # the right margin, as before
            assert digits and all(digits), index  # never read out as content


def test_an_edit_to_one_chapter_lays_out_only_its_chunk_again(tmp_path, monkeypatch):
    first = make_book(tmp_path, 1)
    monkeypatch.setattr(documents, "CHUNK_CHARS", 1)
    made = {p.name for p in tmp_path.glob("chunk-*.pdf")}
    laid_out = []
    original = pdf_workers.write_chunk
    monkeypatch.setattr(pdf_workers, "write_chunk", lambda *a: laid_out.append(a[2]) or original(*a))
    monkeypatch.setattr(pdf_workers, "executor", lambda css, cache_dir: pdf_workers.Inline())  # here, to be counted
    changed = copy.deepcopy(EDITION)
    changed.policies[0].title = "Proactive Code Enforcement Policy, as amended"
    job = next(job for job in documents.iter_jobs(changed, TODAY) if job.book)
    assert pdf_workers.run([(job, tmp_path / "amended.pdf")], CSS, tmp_path) == []
    assert len(laid_out) == 1 and pathlib.Path(laid_out[0]).name not in made
    assert "as amended" in " ".join(" ".join(page_texts(tmp_path / "amended.pdf")).split())
    assert len(page_texts(first)) == len(page_texts(tmp_path / "amended.pdf"))
