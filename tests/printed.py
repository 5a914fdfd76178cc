"""Reading the printed PDFs back as a reader would, with pdfplumber: each page's text, the first line of
each page's body, and the rows of a document's tables (to tell a page that goes on with a table row
without its header). Shared by the print tests of the sample (tests/pdf) and of every edition."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import pathlib
import re

import pdfplumber
import pdfua
import pikepdf
import pypdf

MARGIN_TOP, MARGIN_BOTTOM = 0.7 * 72, 0.75 * 72  # print.css's page margins: running heads and feet sit outside


def squeeze(words: str) -> str:
    return " ".join(words.replace("\u200b", "").split())


class Rows(html.parser.HTMLParser):
    """The cells of every body row of every table in a document's HTML."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.section = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(squeeze("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def body_rows(document_html: str) -> list[str]:
    """Each body row as the words a page would start with: its first cell and the first word of the next."""
    parser = Rows()
    parser.feed(document_html)
    found = []
    for row in parser.rows:
        cells = [c for c in row if c]
        if len(cells) >= 2:
            found.append(f"{cells[0]} {cells[1].split()[0]}")
    return found


def first_lines(path: pathlib.Path) -> list[str]:
    """The first line of text of each page's body (running heads and feet left out)."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = [
                w
                for w in page.extract_words()
                if MARGIN_TOP - 2 < w["top"] and w["bottom"] < page.height - MARGIN_BOTTOM
            ]
            if not words:
                lines.append("")
                continue
            top = min(w["top"] for w in words)
            lines.append(
                squeeze(" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]) if w["top"] - top < 3))
            )
    return lines


def pages_text(path: pathlib.Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [squeeze(page.extract_text() or "") for page in pdf.pages]


def sources(edition) -> dict[str, dict[str, str]]:
    """The HTML of each PDF by audience and file name, as the build made it today (each audience's process
    guide has its own)."""
    from handbook.pdf import documents

    made: dict[str, dict[str, str]] = {"staff": {}, "public": {}}
    for job in documents.jobs(edition, dt.date.today()):
        for audience in job.download.audiences:
            made[audience][job.download.file] = job.html
    return made


def print_problems(edition, site: pathlib.Path) -> list[tuple]:
    """What is wrong with how the PDFs of a built site (site/staff, site/public) print, as (what, file, where)
    tuples: a first page without the document's title as text, a PDF untagged, untitled or without an outline,
    a blank page, a page that goes on with a table row without the table's header."""
    problems, found = [], sources(edition)
    for audience in ("staff", "public"):
        made = found[audience]
        for path in sorted((site / audience / "downloads").glob("*.pdf")):
            source = made[path.name]
            heading = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", source, re.S).group(1)))
            texts = pages_text(path)
            if squeeze(heading) not in texts[0]:
                problems.append(("no title on page 1", f"{audience}/{path.name}", heading))
            document = pypdf.PdfReader(path)
            if not (document.metadata.title and "/StructTreeRoot" in document.trailer["/Root"]):
                problems.append(("untagged or untitled", f"{audience}/{path.name}", ""))
            if not document.outline:
                problems.append(("no outline", f"{audience}/{path.name}", ""))
            problems += [
                ("blank page", f"{audience}/{path.name}", number) for number, text in enumerate(texts, 1) if not text
            ]
            rows = body_rows(source)
            for number, line in enumerate(first_lines(path)[1:], 2):
                if any(line.startswith(row) for row in rows):
                    problems.append(("a table row without its header", f"{audience}/{path.name}", (number, line)))
    return problems


def split_cards(edition, downloads: pathlib.Path) -> list[tuple]:
    """The cases and programs of handbook.pdf, and the partners of partner-contacts.pdf, that no one page
    holds whole (from the title to the last line): each as (kind, id)."""
    split = []
    book = pages_text(downloads / "handbook.pdf")
    for case in edition.workshops.case_studies:
        last = squeeze(re.sub(r"[*_`]", "", (case.what_if or [case.question])[-1]))[:40]
        if not any(case.title in page and last in page for page in book):
            split.append(("case", case.id))
    for program in edition.programs:
        ends = "Last verified" if program.last_verified else program.how_to_apply[:40]
        if not any(
            program.name in page
            and program.who_qualifies[:40] in page
            and program.how_to_apply[:40] in page
            and ends in page[page.index(program.who_qualifies[:40]) :]
            for page in book
        ):
            split.append(("program", program.id))
    if (downloads / "partner-contacts.pdf").exists():
        contacts = pages_text(downloads / "partner-contacts.pdf")
        for partner in edition.partners:
            if not any(
                partner.name in page and all((c.phone or "") in page for c in partner.contacts) for page in contacts
            ):
                split.append(("partner", partner.id))
    return split


def hyphen_breaks(edition, downloads: pathlib.Path) -> list[tuple]:
    """The e-mail and web addresses that a line of handbook.pdf or partner-contacts.pdf breaks at one of their
    hyphens (it may break only after @, dots and slashes): each as (file, address)."""
    addresses = [c.email for p in edition.partners for c in p.contacts if c.email]
    addresses += [str(x.url) for x in [*edition.partners, *edition.programs] if x.url]
    found = []
    for name in ("partner-contacts.pdf", "handbook.pdf"):
        if not (downloads / name).exists():
            continue
        with pdfplumber.open(downloads / name) as pdf:
            lines = [squeeze(line) for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
        for address in addresses:
            for at in (i for i, ch in enumerate(address) if ch == "-"):
                if any(line.endswith(address[: at + 1][-12:]) for line in lines):
                    found.append((name, address))
                    break
    return found


# --------------------------------------------------------------------------- PDF/UA structure

SCOPES = {"/Row", "/Column", "/Both"}


def _table_attributes(element) -> dict:
    found = element.get("/A")
    for attributes in list(found) if isinstance(found, pikepdf.Array) else [found]:
        if isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
            return attributes
    return {}


def _struct_elements(root):
    """Every structure element under root, in document order."""
    todo, seen = [root], set()
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        if "/S" in node:
            yield node
        kids = node.get("/K")
        todo.extend(reversed(list(kids)) if isinstance(kids, pikepdf.Array) else [kids])


def _number_tree(node) -> dict:
    """A number tree (the parent tree) as {key: value}."""
    found = {}
    nums = list(node.get("/Nums", []))
    found.update({int(key): value for key, value in zip(nums[::2], nums[1::2])})
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _name_tree(node) -> dict:
    found = {}
    names = list(node.get("/Names", []))
    found.update({str(key): value for key, value in zip(names[::2], names[1::2])})
    for kid in node.get("/Kids", []):
        found.update(_name_tree(kid))
    return found


def structure_problems(path: pathlib.Path) -> list[tuple]:
    """What a PDF's tags lack for PDF/UA-1, as (what, where) tuples, read with pikepdf: the catalog's
    /MarkInfo /Marked, /Lang and /DisplayDocTitle; a header cell (TH) without /Scope; an /ID that is not unique or
    not in the structure tree's /IDTree; a cell's /Headers naming no header; a link annotation without
    /Contents, /StructParent or a /Link structure element holding it by an OBJR; a page with annotations whose
    /Tabs is not /S."""
    problems = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True):
            problems.append(("not marked", "/MarkInfo"))
        if not str(root.get("/Lang", "")).strip():
            problems.append(("no language", "/Lang"))
        if not (root.get("/ViewerPreferences") and root.ViewerPreferences.get("/DisplayDocTitle") is True):
            problems.append(("title not shown", "/ViewerPreferences"))
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return problems + [("untagged", "/StructTreeRoot")]
        ids = _name_tree(tree.IDTree) if "/IDTree" in tree else {}
        seen_ids, headers_named = set(), []
        for element in _struct_elements(tree):
            role = str(element.S)
            if "/ID" in element:
                name = str(element.ID)
                if name in seen_ids:
                    problems.append(("an /ID used twice", name))
                seen_ids.add(name)
                if name not in ids or ids[name].objgen != element.objgen:
                    problems.append(("an /ID not in the /IDTree", name))
            attributes = _table_attributes(element)
            if role == "/TH" and attributes.get("/Scope") not in SCOPES and not attributes.get("/Headers"):
                problems.append(("a header cell without /Scope", str(element.get("/ID", "?"))))
            if role == "/TD":
                headers_named += [str(n) for n in attributes.get("/Headers", [])]
        problems += [("a cell's /Headers names no header", name) for name in sorted(set(headers_named) - seen_ids)]
        parents = _number_tree(tree.ParentTree)
        for number, page in enumerate(pdf.pages, 1):
            annotations = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
            if page.obj.get("/Annots") is not None and page.obj.get("/Tabs") != "/S":
                problems.append(("a page's /Tabs is not /S", number))
            for annotation in annotations:
                where = (number, str(annotation.get("/Contents", "")))
                if not str(annotation.get("/Contents", "")).strip():
                    problems.append(("a link without /Contents", where))
                if "/StructParent" not in annotation:
                    problems.append(("a link without /StructParent", where))
                    continue
                parent = parents.get(int(annotation.StructParent))
                kids = parent.get("/K") if isinstance(parent, pikepdf.Dictionary) else None
                kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
                if not (
                    parent is not None
                    and parent.get("/S") == "/Link"
                    and any(
                        isinstance(k, pikepdf.Dictionary)
                        and k.get("/Type") == "/OBJR"
                        and k.Obj.objgen == annotation.objgen
                        for k in kids
                    )
                ):
                    problems.append(("a link not held by an OBJR of a /Link element", where))
    return problems


def checker_findings(path: pathlib.Path) -> list[tuple]:
    """What the pdfua package (an outside checker of the machine-checkable part of PDF/UA-1, reading the tags
    with pikepdf) finds in a PDF, at any severity: (rule, message, page)."""
    report = pdfua.validate(str(path))
    return [(f.rule_id, f.message, f.location.page) for f in report.findings]


def ua_problems(site: pathlib.Path) -> list[tuple]:
    """structure_problems and the pdfua checker's findings for every PDF of a built site, as (file, problem)."""
    found = []
    for path in sorted(site.glob("*/downloads/*.pdf")):
        name = f"{path.parent.parent.name}/{path.name}"
        found += [(name, problem) for problem in structure_problems(path) + checker_findings(path)]
    return found
