"""The audience filter: what the public edition keeps and drops (handbook/view.py)."""

from __future__ import annotations

from handbook.edition import load_edition
from handbook.view import for_audience
from helpers import DATA


def test_staff_edition_is_the_whole_edition():
    edition = load_edition(DATA)
    assert for_audience(edition, "staff") is edition


def test_public_edition_keeps_only_public_items():
    edition = load_edition(DATA)
    public = for_audience(edition, "public")
    assert public.modules == [] and public.workshops.case_studies == [] and public.files == {}
    assert {p.id for p in public.partners} == {p.id for p in edition.partners if p.public}
    assert {p.id for p in public.programs} == {p.id for p in edition.programs if p.public}
    assert all(c.public for p in public.partners for c in p.contacts)
    hidden = [c.name for p in edition.partners if p.public for c in p.contacts if not c.public]
    assert hidden and not {c.name for p in public.partners for c in p.contacts} & set(hidden)


def test_public_edition_resets_staff_only_fields_and_leaves_the_original_alone():
    edition = load_edition(DATA)
    public = for_audience(edition, "public")
    assert public.process.case_system == "" and public.process.staff_expectations == []
    assert all(step.staff_notes == "" for step in public.process.steps)
    assert all(c.updates == "" for c in public.process.categories)
    assert all(p.when_to_contact == [] for p in public.partners)
    # the staff edition still has them: the public one is a copy
    assert edition.process.case_system and edition.process.steps[0].staff_notes
    assert public.process.categories[0].initial_response == edition.process.categories[0].initial_response


def test_non_public_category_step_standard_and_policy_are_dropped(default_copy):
    import yaml

    path = default_copy / "process.yaml"
    data = yaml.safe_load(path.read_text())
    data["categories"][1]["public"] = False
    data["steps"][0]["public"] = False
    data["service_standards"][0]["public"] = False
    path.write_text(yaml.safe_dump(data))
    policy = default_copy / "policies" / "proactive-enforcement.yaml"
    policy.write_text(policy.read_text().replace("public: true", "public: false"))
    public = for_audience(load_edition(default_copy), "public")
    assert [c.id for c in public.process.categories] == ["category-1", "category-3", "category-4"]
    assert "intake" not in [s.id for s in public.process.steps]
    assert "return-calls" not in [s.id for s in public.process.service_standards]
    assert public.policies == []
