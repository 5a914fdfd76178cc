"""A department's own pages (pages/*.md): what a page will lose when it is published (raw HTML the page allowlist
drops, an image, a link shown as text) and the invisible characters in it, each a warning at its line."""

from __future__ import annotations

import re

from ... import prose
from ...problems import Problem
from ...text import invisible_characters
from ..edition import Edition


def check_pages(edition: Edition, problems: list[Problem]) -> None:
    """The warnings of every department page, in file-name order."""
    for page in edition.pages:
        problems.extend(dropped(page.raw_body, page.path, page.body_line))
        problems.extend(invisible(page.source, page.path))


TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def where(lines: list[str], first: int, last: int, piece: str, body_line: int) -> tuple[int, int]:
    """The file's line and column of piece inside the body's lines first..last (the block it is in)."""
    block = "\n".join(lines[first:last])
    at = block.find(piece)
    if at < 0:
        return body_line + first, 1
    return body_line + first + block.count("\n", 0, at), at - (block.rfind("\n", 0, at) + 1) + 1


def dropped(body: str, label: str, body_line: int) -> list[Problem]:
    """A warning at its line for each piece of raw HTML the page allowlist removes (a tag, an attribute, a link
    target), for each image, and for each Markdown link that will be shown as text."""
    found: list[Problem] = []
    lines = body.split("\n")

    def warn(place: tuple[int, int], message: str) -> None:
        found.append(Problem(label, *place, message, "warning"))

    def visit(tokens, first: int, last: int) -> None:
        for token in tokens:
            if token.map:
                first, last = token.map
            if token.type in ("html_block", "html_inline"):
                for tag in TAG.finditer(token.content):
                    name = tag.group(2).lower()
                    place = where(lines, first, last, tag.group(0), body_line)
                    if name not in prose.PAGE_TAGS:
                        if not tag.group(1):
                            warn(
                                place,
                                f"the HTML tag <{name[:20]}> is removed from the page (a page may use only "
                                "Markdown and simple HTML such as <div>, <span>, <details>, <abbr>); remove it",
                            )
                        continue
                    for attribute in ATTRIBUTE.finditer(tag.group(3)):
                        key = attribute.group(1).lower()
                        allowed = prose.PAGE_ATTRIBUTES.get(name, set()) | prose.PAGE_ATTRIBUTES["*"]
                        if key not in allowed:
                            warn(place, f"the attribute '{key[:30]}' of <{name}> is removed from the page; remove it")
                        elif key == "href" and (attribute.group(2) or "").strip("\"'"):
                            target = (attribute.group(2) or "").strip("\"'")
                            if why := prose.url_problem(target):
                                warn(place, why)
            elif token.type == "link_open":
                target = str(token.attrGet("href") or "")
                if why := prose.url_problem(target):
                    warn(where(lines, first, last, target, body_line) if target else (body_line + first, 1), why)
            elif token.type == "image":
                warn((body_line + first, 1), "images are not shown in the handbook; link to the picture instead")
            if token.children:
                visit(token.children, first, last)

    visit(SCANNER.parse(body), 0, len(lines))
    return found


def invisible(text: str, label: str) -> list[Problem]:
    """A warning at each bidirectional control or zero-width character in the page: it changes how the text
    reads without being seen."""
    found = []
    for offset, name in invisible_characters(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        found.append(
            Problem(
                label,
                line,
                column,
                f"an invisible character ({name}, U+{ord(text[offset]):04X}) is "
                "in the text; it changes how the text reads without being seen; delete it",
                "warning",
            )
        )
    return found


def scanner():
    """The page parser, with every link and image kept (allowed or not), to find what the page will lose."""
    md = prose.page_parser().enable("image")
    md.validateLink = lambda url: True
    return md


SCANNER = scanner()
