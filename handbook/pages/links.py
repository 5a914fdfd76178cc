"""Where each page of the handbook is, by a stable key: the one place a page's path is written.

The registry (registry.py) gives every page it lists its `src` from here, and a page that links another
asks `link(key, from_src)` for the way there, never writing the other page's path itself. A key with
`{id}` is a page per item (a module, a policy, a department page). The keys a first-week step may
name in orientation.yaml (`read:`, edition/models.READABLE_PAGES) are keys of this table.
"""

from __future__ import annotations

import posixpath

SOURCES = {
    "home": "index.md",
    "start-here": "start-here.md",
    "curriculum-overview": "training/index.md",
    "module": "training/{id}.md",
    "agendas": "trainers/agendas.md",
    "plan": "trainers/plan.md",
    "case-studies": "trainers/case-studies.md",
    "decision-matrix": "trainers/decision-matrix.md",
    "economics": "trainers/economics.md",
    "partners-internal": "partners/internal.md",
    "partners-external": "partners/external.md",
    "situations": "partners/situations.md",
    "programs": "partners/programs.md",
    "complaints": "process/complaints.md",
    "standards": "process/standards.md",
    "staff-expectations": "process/staff-expectations.md",
    "help": "process/help.md",
    "how-we-are-doing": "process/how-we-are-doing.md",
    "performance": "process/performance.md",
    "policy": "policies/{id}.md",
    "own": "pages/{id}.md",
    "curriculum": "about-curriculum.md",
    "about-data": "about-data.md",
    "about-sources": "about-sources.md",
    "reference": "reference.md",
}


def src(key: str, id: str = "") -> str:
    """The page's source path in the site: src('case-studies') -> 'trainers/case-studies.md'."""
    return SOURCES[key].format(id=id)


def linker(from_src: str):
    """link() from one page, for its template: page_link("module", m.id), page_link("plan")."""

    def page_link(key: str, id: str = "", anchor: str = "") -> str:
        return link(key, from_src, id, anchor)

    return page_link


def link(key: str, from_src: str, id: str = "", anchor: str = "") -> str:
    """The relative link from the page at from_src to the page of key (and id), with its #anchor if given:
    link('case-studies', 'training/x.md', anchor='a') -> '../trainers/case-studies.md#a'."""
    target = posixpath.relpath(src(key, id), posixpath.dirname(from_src) or ".")
    return target + (f"#{anchor}" if anchor else "")
