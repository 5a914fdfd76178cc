"""Start here: a new inspector's first day and first week from orientation.yaml (national by default, changed
by a city's overlay by id), with reading times, on the sample, the examples and a fresh scaffold."""

from __future__ import annotations

import re

import pytest

from handbook.edition import load_edition
from handbook.pages import registry
from handbook.pages.context import Context
from handbook.problems import EditionError
from helpers import DATA, ROOT


def start_here(folder) -> str:
    edition = load_edition(folder)
    return registry.start_here(Context(edition=edition, audience="staff", src="start-here.md"))


def section(page: str, heading: str) -> list[str]:
    body = page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"(?m)^\d+\. (.*)$", body)


@pytest.mark.parametrize(
    "folder", [DATA, ROOT / "examples" / "cleveland", ROOT / "examples" / "carlsbad", ROOT / "examples" / "lees-summit"]
)
def test_first_day_and_first_week_with_people_ride_along_reading_and_case_system(folder):
    page = start_here(folder)
    day, week = section(page, "Your first day"), section(page, "Your first week")
    assert any(step.startswith("Meet your supervisor") for step in day)
    assert any("case system" in step for step in day)
    assert any(step.startswith("Ride along with a senior inspector") for step in week)
    assert any("case system" in step for step in week)
    reads = [step for step in day + week if step.startswith("Read [")]
    assert all(re.search(r"\(about \d+ minutes?\)", step) for step in reads)
    modules = [re.search(r"\]\(training/([a-z-]+)\.md\)", step).group(1) for step in reads if "](training/" in step]
    assert modules == [x.id for x in load_edition(folder).modules]  # every module, in order
    assert any("](trainers/case-studies.md)" in step for step in reads)


def test_a_city_overlay_changes_adds_and_drops_steps_by_id(tmp_path):
    edition = tmp_path / "city"
    edition.mkdir()
    (edition / "jurisdiction.yaml").write_text(
        "extends: national\nname: City of Y\ndepartment: Code Compliance\nmission: We keep homes safe.\n"
    )
    (edition / "orientation.yaml").write_text(
        "first_day:\n"
        "  - id: meet-supervisor\n    text: Meet the code compliance manager.\n"
        "  - id: meet-team\n    remove: true\n"
        "first_week:\n"
        "  - id: meet-council-liaison\n    text: Meet the council liaison who passes on residents' calls.\n"
    )
    page = start_here(edition)
    day, week = section(page, "Your first day"), section(page, "Your first week")
    assert day[0] == "Meet the code compliance manager."
    assert not any(step.startswith("Meet the inspectors you will work beside") for step in day)
    assert week[-1] == "Meet the council liaison who passes on residents' calls."
    assert any(step.startswith("Ride along") for step in week)  # the rest inherited


def test_a_step_that_reads_no_known_page_is_an_error_at_its_line(tmp_path):
    edition = tmp_path / "city"
    edition.mkdir()
    (edition / "jurisdiction.yaml").write_text(
        "extends: national\nname: City of Y\ndepartment: Code Compliance\nmission: We keep homes safe.\n"
    )
    (edition / "orientation.yaml").write_text(
        "first_week:\n  - id: read-more\n    read: purpse\n    text: Read it again.\n"
    )
    with pytest.raises(EditionError) as caught:
        load_edition(edition)
    assert re.search(
        r"orientation\.yaml:3:11: no module or page has the id 'purpse'; did you mean 'purpose'\?", str(caught.value)
    ), str(caught.value)


def test_a_fresh_filled_scaffold_has_the_national_first_week(run, tmp_path):
    from helpers import fill_fixmes

    target = tmp_path / "our-city"
    assert run("new", target, "--name", "City of X")[0] == 0
    fill_fixmes(target)
    page = start_here(target)
    assert len(section(page, "Your first day")) >= 4 and len(section(page, "Your first week")) >= 8


def test_every_national_step_reads_a_national_module_or_a_known_page():
    import yaml

    from handbook.edition import models as m
    from handbook.paths import NATIONAL

    modules = {yaml.safe_load(p.read_text())["id"] for p in (NATIONAL / "modules").glob("*.yaml")}
    steps = yaml.safe_load((NATIONAL / "orientation.yaml").read_text())
    reads = [s["read"] for key in ("first_day", "first_week") for s in steps[key] if "read" in s]
    assert reads and set(reads) <= modules | set(m.READABLE_PAGES)


def test_a_step_reading_a_module_the_city_removed_is_left_out(tmp_path):
    edition = tmp_path / "city"
    (edition / "modules").mkdir(parents=True)
    (edition / "jurisdiction.yaml").write_text(
        "extends: national\nname: City of Y\ndepartment: Code Compliance\nmission: We keep homes safe.\n"
    )
    (edition / "modules" / "03-critical-skills.yaml").write_text("id: critical-skills\nremove: true\n")
    page = start_here(edition)
    assert "critical-skills" not in page and "Ride along" in page
