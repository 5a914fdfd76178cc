"""A page's path is written once, in pages/links.py: the registry gives its pages their paths from there and a page
links another by its key. Moving a page is one line there, and every link to it follows."""

from __future__ import annotations

import ast
import re

import pytest

from handbook import view
from handbook.edition import load_edition
from handbook.edition import models as m
from handbook.pages import links, registry
from helpers import DATA, ROOT

PAGES = ROOT / "handbook" / "pages"
TEMPLATES = ROOT / "handbook" / "templates" / "pages"


def every_page(edition) -> dict[str, str]:
    """Every page of both sites (and the staff's handbook chapters) with its Markdown, by audience and path."""
    found = {}
    for audience in view.AUDIENCES:
        for page, markdown_text in registry.render_all(view.for_audience(edition, audience), audience):
            found[f"{audience}:{page.src}"] = markdown_text
    for page, markdown_text, stash in registry.chapters(edition):
        found[f"chapter:{page.src}"] = stash.fill(markdown_text)
    return found


@pytest.fixture(scope="module")
def sample():
    return load_edition(DATA)


def test_every_page_of_the_registry_has_its_path_from_links(sample):
    patterns = [
        re.compile(re.escape(path).replace(re.escape("{id}"), "[a-z0-9-]+") + "$") for path in links.SOURCES.values()
    ]
    srcs = {page.src for page in registry.all_pages(sample)}
    assert srcs and all(any(p.match(src) for p in patterns) for src in srcs), sorted(
        src for src in srcs if not any(p.match(src) for p in patterns)
    )


def test_no_page_module_or_template_writes_another_pages_path():
    """Page paths in Python strings or template links outside links.py would be a second list of pages."""
    written = []
    for path in sorted(PAGES.glob("*.py")):
        if path.name == "links.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"[a-z0-9_/.{}-]+\.md", node.value)
            ):
                written.append(f"{path.name}:{node.lineno}: {node.value}")
    written += [
        f"{path.name}: {link}"
        for path in sorted(TEMPLATES.glob("*.j2"))
        for link in re.findall(r"\]\((?!\{\{)([^)]*\.md[^)]*)\)", path.read_text(encoding="utf-8"))
    ]
    assert written == []


def test_the_pages_a_first_week_step_may_read_are_pages_of_the_sample(sample):
    staff = {page.src for page in registry.pages(sample, "staff")}
    assert set(m.READABLE_PAGES) <= set(links.SOURCES)
    assert {links.src(key) for key in m.READABLE_PAGES} <= staff


def test_a_moved_page_is_linked_at_its_new_place(monkeypatch, sample):
    """Move the case studies, the plan and a partner directory: the registry builds them at the new paths, and the
    module pages, the curriculum, Start here and the directories' links lead there; nothing leads to the old ones."""
    before = every_page(sample)
    assert any("../trainers/case-studies.md#" in text for text in before.values())
    assert any("trainers/plan.md)" in text for text in before.values())
    moved = {
        "case-studies": "workshop/cases.md",
        "plan": "planning.md",
        "partners-internal": "city/partners.md",
        "module": "modules/{id}.md",
    }
    monkeypatch.setattr(links, "SOURCES", {**links.SOURCES, **moved})
    after = every_page(sample)
    assert {key.split(":", 1)[1] for key in after} >= {
        "workshop/cases.md",
        "planning.md",
        "city/partners.md",
        f"modules/{sample.modules[0].id}.md",
    }
    for old in (
        "trainers/case-studies.md",
        "trainers/plan.md",
        "partners/internal.md",
        *(f"training/{module.id}.md" for module in sample.modules),
    ):
        assert not [key for key, text in after.items() if old in key or old in text], old
    module = after[f"staff:modules/{sample.modules[0].id}.md"]
    assert re.search(r"\]\(\.\./workshop/cases\.md#[a-z0-9-]+\)", module) or not any(
        case.module == sample.modules[0].id for case in sample.workshops.case_studies
    )
    assert any(re.search(r"\]\(\.\./workshop/cases\.md#[a-z0-9-]+\)", text) for text in after.values())
    assert "](planning.md)" in after["staff:start-here.md"]
    assert f"](modules/{sample.modules[0].id}.md)" in after["staff:start-here.md"]
    assert f"](modules/{sample.modules[0].id}.md)" in after["staff:planning.md"]
    assert f"](../modules/{sample.modules[0].id}.md)" in after["staff:training/index.md"]
    assert any("](../city/partners.md#partner-" in text for text in after.values())
