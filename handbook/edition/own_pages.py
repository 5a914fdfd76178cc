"""A department's own pages: <edition>/pages/*.md, each with optional YAML front matter.

    ---
    title: Snow removal
    public: true          # default false: the page is only on the staff site
    section: More         # the navigation section it is listed under
    render_macros: false  # true only for a page that calls the handbook's macros
    ---

The body is Markdown (CommonMark with tables), rendered by handbook.pages.own; only when its own front
matter says `render_macros: true` are its `{{ name("id") }}` calls replaced by the handbook's macros (read in
plain Python, never a template). A front matter that is never closed is an error; what the page will lose
(raw HTML the page allowlist drops, a link shown as text) and invisible characters are warnings at their
line, from edition/checks/pages.py.
"""

from __future__ import annotations

import pathlib
import re

from .. import safeopen
from ..problems import Problem
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
            raise Problem(
                label,
                1,
                1,
                "the front matter that starts here is never closed; end it with a line of "
                "three dashes (---) before the page's text",
            )
        # a blank line first, so that line numbers in the front matter are those of the file
        loaded = parse_yaml("\n" + (match.group(1) or "") if match else "", path, label)
    except Problem as problem:
        problems.append(problem)
        return None
    except UnicodeDecodeError:
        problems.append(Problem(label, 1, 1, "this page is not UTF-8 text; save it as UTF-8 in your editor"))
        return None
    except OSError as exc:
        problems.append(
            Problem(
                label, 1, 1, f"cannot read this page ({(exc.strerror or str(exc)).lower()}); check that you may read it"
            )
        )
        return None
    front = validate(loaded, m.PageFrontMatter, problems)
    if front is None:
        return None
    body = text[match.end() :] if match else text
    if len(path.stem) > 60:
        problems.append(
            Problem(
                label,
                1,
                1,
                f"the page's file name is {len(path.stem)} characters long; "
                "use at most 60 (it becomes the page's address)",
            )
        )
        return None
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", path.stem):
        problems.append(
            Problem(
                label,
                1,
                1,
                f"'{path.name}' is not a valid page file name; use lowercase "
                "letters, digits and hyphens (e.g. 'snow-removal.md')",
            )
        )
        return None
    title = front.title or _first_heading(body) or path.stem.replace("-", " ").capitalize()
    body_line = text[: match.end()].count("\n") + 1 if match else 1
    return m.DepartmentPage(
        **front.model_dump(exclude={"title"}), title=title, id=path.stem, body=body, path=label, body_line=body_line
    ).read_from(text, match.end() if match else 0)


def _first_heading(body: str) -> str:
    """The text of the page's first '# ' heading, if it has one."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.M)
    return match.group(1) if match else ""
