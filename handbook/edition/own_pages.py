"""A department's own pages: <edition>/pages/*.md, each with optional YAML front matter.

    ---
    title: Snow removal
    public: true          # default false: the page is only on the staff site
    section: More         # the navigation section it is listed under
    render_macros: false  # true only for a page that calls the handbook's macros
    ---

The body is Markdown (CommonMark with tables), rendered by handbook.pages.own; only when its own front
matter says `render_macros: true` are its `{{ name("id") }}` calls replaced by the handbook's macros (read in
plain Python, never a template). Raw HTML the page allowlist drops (a script, a style, an image, an event
handler) and a link that will be shown as text are warnings at their line; a front matter that is never
closed is an error.
"""
from __future__ import annotations

import pathlib
import re

from .. import prose, safeopen
from ..problems import Problem
from ..text import invisible_characters
from . import models as m
from .files import folder_problem, link_problem
from .files import label as file_label
from .validate import validate
from .yamlfile import parse_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


def load_pages(root: pathlib.Path, problems: list[Problem]) -> list[m.DepartmentPage]:
    """Every page in root/pages/, in file-name order; mistakes become problems."""
    found = []
    if trouble := folder_problem(root / "pages", root):
        problems.append(trouble)
        return found
    for path in sorted((root / "pages").glob("*.md")):
        if path.name.startswith("_"):
            continue
        if trouble := link_problem(path, root):
            problems.append(trouble)
            continue
        page = load_page(path, problems, root)
        if page is not None:
            found.append(page)
    return found


def load_page(path: pathlib.Path, problems: list[Problem], root: pathlib.Path | None = None) -> m.DepartmentPage | None:
    """One page file: its front matter checked, its title found, its body kept as written."""
    label = file_label(path)
    try:
        text = safeopen.read_bytes(path, root, label, safeopen.MAX_DATA, "page").decode("utf-8")
        text = text.removeprefix("\ufeff")
        match = FRONT_MATTER.match(text)
        if match is None and re.match(r"---[ \t]*(\n|\Z)", text):
            raise Problem(label, 1, 1, "the front matter that starts here is never closed; end it with a line of "
                                       "three dashes (---) before the page's text")
        # a blank line first, so that line numbers in the front matter are those of the file
        loaded = parse_yaml("\n" + (match.group(1) or "") if match else "", path, label)
    except Problem as problem:
        problems.append(problem)
        return None
    except UnicodeDecodeError:
        problems.append(Problem(label, 1, 1, "this page is not UTF-8 text; save it as UTF-8 in your editor"))
        return None
    except OSError as exc:
        problems.append(Problem(label, 1, 1, f"cannot read this page ({(exc.strerror or str(exc)).lower()}); "
                                             "check that you may read it"))
        return None
    front = validate(loaded, m.PageFrontMatter, problems)
    if front is None:
        return None
    body = text[match.end():] if match else text
    if len(path.stem) > 60:
        problems.append(Problem(label, 1, 1, f"the page's file name is {len(path.stem)} characters long; "
                                             "use at most 60 (it becomes the page's address)"))
        return None
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", path.stem):
        problems.append(Problem(label, 1, 1, f"'{path.name}' is not a valid page file name; use lowercase "
                                             "letters, digits and hyphens (e.g. 'snow-removal.md')"))
        return None
    title = front.title or _first_heading(body) or path.stem.replace("-", " ").capitalize()
    body_line = text[:match.end()].count("\n") + 1 if match else 1
    problems.extend(_dropped(body, label, body_line))
    problems.extend(_invisible(text, label))
    return m.DepartmentPage(**front.model_dump(exclude={"title"}), title=title, id=path.stem, body=body,
                            path=label, body_line=body_line)


def _first_heading(body: str) -> str:
    """The text of the page's first '# ' heading, if it has one."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.M)
    return match.group(1) if match else ""


_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def _where(lines: list[str], first: int, last: int, piece: str, body_line: int) -> tuple[int, int]:
    """The file's line and column of piece inside the body's lines first..last (the block it is in)."""
    block = "\n".join(lines[first:last])
    at = block.find(piece)
    if at < 0:
        return body_line + first, 1
    return body_line + first + block.count("\n", 0, at), at - (block.rfind("\n", 0, at) + 1) + 1


def _dropped(body: str, label: str, body_line: int) -> list[Problem]:
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
                for tag in _TAG.finditer(token.content):
                    name = tag.group(2).lower()
                    place = _where(lines, first, last, tag.group(0), body_line)
                    if name not in prose.PAGE_TAGS:
                        if not tag.group(1):
                            warn(place, f"the HTML tag <{name[:20]}> is removed from the page (a page may use only "
                                        "Markdown and simple HTML such as <div>, <span>, <details>, <abbr>); remove it")
                        continue
                    for attribute in _ATTRIBUTE.finditer(tag.group(3)):
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
                    warn(_where(lines, first, last, target, body_line) if target else (body_line + first, 1), why)
            elif token.type == "image":
                warn((body_line + first, 1), "images are not shown in the handbook; link to the picture instead")
            if token.children:
                visit(token.children, first, last)
    visit(_SCANNER.parse(body), 0, len(lines))
    return found


def _invisible(text: str, label: str) -> list[Problem]:
    """A warning at each bidirectional control or zero-width character in the page: it changes how the text
    reads without being seen."""
    found = []
    for offset, name in invisible_characters(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        found.append(Problem(label, line, column, f"an invisible character ({name}, U+{ord(text[offset]):04X}) is "
                             "in the text; it changes how the text reads without being seen; delete it", "warning"))
    return found


def _scanner():
    """The page parser, with every link and image kept (allowed or not), to find what the page will lose."""
    md = prose.page_parser().enable("image")
    md.validateLink = lambda url: True
    return md


_SCANNER = _scanner()
