"""The items of a module's lists have ids: an overlay changes, adds or removes one item of the national list."""

from __future__ import annotations

import pytest
import yaml

from handbook.edition import kinds, load_edition, provenance
from handbook.pages import about
from handbook.pages.context import Context
from handbook.pages.training import module_page
from handbook.problems import EditionError
from helpers import ROOT, write

NATIONAL = ROOT / "national"
MODULE = "modules/05-external-partners.yaml"


def errors_of(root) -> list[str]:
    with pytest.raises(EditionError) as caught:
        load_edition(root)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def city(tmp_path, monkeypatch):
    """A city edition that extends national, with labels relative to the folder above it."""
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "city" / "jurisdiction.yaml",
        "extends: national\nname: City of Testing\ndepartment: Testing\nmission: We test.\n",
    )
    return tmp_path / "city"


def test_every_national_module_item_has_an_id_unique_in_its_list():
    for path in sorted((NATIONAL / "modules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for part in kinds.kind("modules").collections[0].parts:
            items = data
            for key in part.key.split("."):
                items = (items or {}).get(key) or []
            ids = [item.get("id") for item in items]
            assert all(ids) and len(set(ids)) == len(ids), (path.name, part.key, ids)


def test_an_overlay_changes_adds_and_removes_single_items(city):
    write(
        city / MODULE,
        """
        id: external-partners
        components:
          - id: set-up-clear
            title: Agree how we reach each other
        spotlights:
          - id: our-town
            place: Testing, Ohio
            body: Our tenant union meets inspectors every month.
        resources:
          - id: residents-code-academy
            remove: true
        steps:
          long_term:
            - id: hold-training-every-two
              remove: true
            - id: yearly-partner-fair
              text: Hold a partner fair once a year.
        agenda:
          onboarding:
            - id: questions-wrap-up
              remove: true
            - id: our-closing
              minutes: 5
              activity: Our closing round
    """,
    )
    national = yaml.safe_load((NATIONAL / MODULE).read_text())
    module = load_edition(city).module("external-partners")
    assert [c.id for c in module.components] == [c["id"] for c in national["components"]]
    changed = module.components[1]
    assert changed.title == "Agree how we reach each other"
    assert changed.body == national["components"][1]["body"].strip()  # the keys not written are kept
    assert [s.id for s in module.spotlights] == ["syracuse-new-york", "our-town"]
    assert [r.id for r in module.resources] == ["strengthening-code-enforcement", "community-ambassadors-program"]
    assert [(s.id, s.text) for s in module.steps.long_term] == [
        ("keep-list-community-neighborhood", national["steps"]["long_term"][1]["text"].strip()),
        ("yearly-partner-fair", "Hold a partner fair once a year."),
    ]
    assert [s.id for s in module.agenda.onboarding][-2:] == ["partner-would-bring", "our-closing"]
    edition = load_edition(city)
    page = module_page(
        Context(edition=edition, audience="staff", src="training/external-partners.md"), "external-partners"
    )
    long_term = page.split("### Long term")[1]
    assert "2. Hold a partner fair once a year." in long_term and "Hold a training every two months" not in long_term
    assert "Field spotlight: Testing, Ohio" in page and "Residents Code Academy" not in page


def test_a_list_without_ids_still_replaces_the_whole_national_list(city):
    write(city / MODULE, "id: external-partners\nsteps:\n  short_term:\n    - Call the tenant union.\n")
    module = load_edition(city).module("external-partners")
    assert [(s.id, s.text) for s in module.steps.short_term] == [(None, "Call the tenant union.")]
    assert len(module.steps.long_term) == 2  # the other list is inherited


def test_removing_an_item_the_base_does_not_have(city):
    write(city / MODULE, "id: external-partners\nspotlights:\n  - id: syracuse-new-yrk\n    remove: true\n")
    assert errors_of(city) == [
        "city/modules/05-external-partners.yaml:4:5: there is no inherited item with the id 'syracuse-new-yrk' to "
        "remove; did you mean 'syracuse-new-york'? (base: national/modules/05-external-partners.yaml)"
    ]


def test_a_duplicate_item_id_in_a_module_list(minimal, monkeypatch):
    monkeypatch.chdir(minimal)
    path = minimal / "modules" / "01-basics.yaml"
    path.write_text(
        path.read_text()
        .replace("    - minutes: 40\n", "    - id: talk\n      minutes: 40\n")
        .replace("    - minutes: 25\n", "    - id: talk\n      minutes: 25\n")
    )
    assert errors_of(minimal) == [
        "modules/01-basics.yaml:23:11: duplicate onboarding agenda segment id 'talk' (already used at "
        "modules/01-basics.yaml:20); give each item of the list its own id"
    ]


def test_a_timing_only_overlay_gets_the_agenda_error_at_its_own_minutes(city):
    write(city / MODULE, "id: external-partners\ntiming:\n  onboarding:\n    minutes: 90\n")
    assert errors_of(city) == [
        "city/modules/05-external-partners.yaml:4:14: the onboarding session is 1 hour 30 minutes here, but the "
        "onboarding agenda this module inherits from national/modules/05-external-partners.yaml adds up to 60 minutes "
        "(breaks are not counted; it has none); give this module its own agenda: under 'agenda:' in this file, list "
        "the onboarding segments with minutes that add up to 1 hour 30 minutes"
    ]


def test_the_agenda_total_says_that_breaks_are_not_counted(minimal, monkeypatch):
    monkeypatch.chdir(minimal)
    path = minimal / "modules" / "01-basics.yaml"
    path.write_text(
        path.read_text().replace(
            "      activity: Practice\n",
            "      activity: Practice\n"
            "    - minutes: 15\n      activity: Coffee\n      break: true\n"
            "    - minutes: 30\n      activity: More practice\n",
        )
    )
    assert errors_of(minimal) == [
        "modules/01-basics.yaml:20:5: the onboarding agenda adds up to 95 minutes, not counting its 15 minutes of "
        "breaks, but the session is 60–75 minutes (timing.onboarding.minutes)"
    ]


def test_the_provenance_page_shows_each_item_and_relative_paths_only(city):
    write(
        city / MODULE,
        """
        id: external-partners
        spotlights:
          - id: our-town
            place: Testing, Ohio
            body: Our tenant union meets inspectors every month.
        steps:
          long_term:
            - id: hold-training-every-two
              remove: true
        agenda:
          onboarding:
            - id: questions-wrap-up
              activity: Questions, and what to try this week
    """,
    )
    edition = load_edition(city)
    (module,) = [r for r in provenance.rows(edition) if r.name.startswith("5. ")]
    assert (module.status, module.changed) == (provenance.CHANGED, ["agenda", "spotlights", "steps"])
    assert {"components", "resources", "timing", "summary"} <= set(module.kept)  # inherited unchanged
    parts = {heading: [(e.name, e.status, e.changed, e.files) for e in entries] for heading, entries in module.parts}
    assert parts["Field spotlights"][-1] == ("Testing, Ohio", provenance.LOCAL, [], [MODULE])
    assert parts["Steps, long term"][-1][1:] == (provenance.REMOVED, [], [f"{MODULE}:9"])
    assert parts["Steps, long term"][-1][0].startswith("Hold a training every two months")
    assert parts["Onboarding agenda"][-1] == (
        "Questions, and what to try this week",
        provenance.CHANGED,
        ["activity"],
        [MODULE, f"national/{MODULE}"],
    )
    assert all(status == provenance.NATIONAL_WORD for _, status, _, _ in parts["Key training components"])
    page = about.provenance_page(edition)
    assert "| Hold a training every two months" in page and "| Removed here |" in page
    assert "inherited unchanged: activity" not in page  # it changed the activity
    assert "inherited unchanged: lead, materials, method, minutes" in page
    assert str(city.parent) not in page and str(ROOT) not in page  # no build-machine paths


def test_a_removed_module_is_listed_as_removed(city):
    write(city / "modules" / "03-critical-skills.yaml", "# not for us\nid: critical-skills\nremove: true\n")
    edition = load_edition(city)
    assert "critical-skills" not in [module.id for module in edition.modules]
    rows = [(r.kind, r.name, r.status, r.files) for r in provenance.rows(edition) if r.kind == "module"]
    assert rows[-1] == ("module", "critical-skills", provenance.REMOVED, ["modules/03-critical-skills.yaml:3"])
    assert "| critical\\-skills | Removed here | modules/03\\-critical\\-skills\\.yaml:3 |" in about.provenance_page(
        edition
    )


def test_a_list_written_without_ids_is_shown_as_replacing_the_inherited_one(city):
    write(city / MODULE, "id: external-partners\nsteps:\n  short_term:\n    - Call the tenant union.\n")
    (module,) = [r for r in provenance.rows(load_edition(city)) if r.name.startswith("5. ")]
    parts = dict(module.parts)
    assert [(e.name, e.status) for e in parts["Steps, short term"]] == [("Call the tenant union.", provenance.LOCAL)]
    assert module.replaced == ["Steps, short term"]
    assert (
        "**Steps, short term**: this edition's list replaces the inherited one as a whole (write the inherited "
        "items' ids to change or remove single items instead)"
    ) in about.provenance_page(load_edition(city))
