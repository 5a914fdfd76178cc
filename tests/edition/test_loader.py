"""Every kind of data error is reported once, as path:line:column: message, at the right place."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.edition import load_edition
from handbook.problems import EditionError
from helpers import other_warnings, write


def errors_of(root) -> list[str]:
    with pytest.raises(EditionError) as caught:
        load_edition(root)
    return [str(p) for p in caught.value.problems]


def rel(root, name: str) -> str:
    """How the loader names a file of the edition (absolute, since tests run outside it)."""
    return str(root / name)


def test_minimal_edition_loads(minimal):
    edition = load_edition(minimal)
    assert [m.id for m in edition.modules] == ["basics"]
    assert edition.modules[0].timing.onboarding.minutes.low == 60


def test_default_edition_loads_with_five_modules():
    edition = load_edition("data")
    assert [m.number for m in edition.modules] == [1, 2, 3, 4, 5]
    assert {m.id for m in edition.modules} == {
        "purpose",
        "codes-and-processes",
        "critical-skills",
        "internal-partners",
        "external-partners",
    }


def test_wrong_type_points_at_the_value(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("number: 1", "number: first"))
    assert errors_of(minimal) == [
        f"{rel(minimal, 'modules/01-basics.yaml')}:2:9: expected a whole number here, found the text 'first'"
    ]


def test_missing_required_key_points_at_the_mapping(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("goal: Inspectors know the basics.\n", ""))
    assert errors_of(minimal) == [f"{rel(minimal, 'modules/01-basics.yaml')}:1:1: missing required key 'goal'"]


def test_unknown_key_suggests_the_right_one(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("training_staff:", "trainig_staff:"))
    found = errors_of(minimal)
    assert (
        f"{rel(minimal, 'modules/01-basics.yaml')}:7:1: unknown key 'trainig_staff'; did you mean 'training_staff'?"
        in found
    )


def test_unknown_key_in_nested_mapping(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("    every_months: 12", "    every_month: 12"))
    found = errors_of(minimal)
    assert (
        f"{rel(minimal, 'modules/01-basics.yaml')}:13:5: unknown key 'every_month'; did you mean 'every_months'?"
        in found
    )


def test_every_problem_is_reported_not_just_the_first(minimal):
    path = minimal / "modules/01-basics.yaml"
    text = path.read_text().replace("number: 1", "number: first").replace("title: The Basics", "titel: The Basics")
    path.write_text(text)
    write(minimal / "jurisdiction.yaml", "name: Testville\ndepartment: 5\nmission: Safe homes.\n")
    found = errors_of(minimal)
    assert len(found) == 4, found  # number, titel (unknown), title (missing), department
    assert found[0].startswith(rel(minimal, "jurisdiction.yaml") + ":2:13: expected text here")


def test_duplicate_module_id(minimal):
    source = (minimal / "modules/01-basics.yaml").read_text()
    (minimal / "modules/02-again.yaml").write_text(source.replace("number: 1", "number: 2"))
    assert errors_of(minimal) == [
        f"{rel(minimal, 'modules/02-again.yaml')}:1:5: duplicate module id 'basics' "
        f"(already used at {rel(minimal, 'modules/01-basics.yaml')}:1)"
    ]


def test_duplicate_partner_id(minimal):
    write(
        minimal / "partners.yaml",
        """
        partners:
          - id: fire
            name: Fire Department
            kind: internal
            category: fire
            what_they_do: Inspects for fire hazards.
          - id: fire
            name: Fire Marshal
            kind: internal
            category: fire
            what_they_do: Investigates fires.
        """,
    )
    assert errors_of(minimal) == [
        f"{rel(minimal, 'partners.yaml')}:7:9: duplicate partner id 'fire' "
        f"(already used at {rel(minimal, 'partners.yaml')}:2)"
    ]


def test_reference_to_unknown_partner(minimal):
    write(
        minimal / "partners.yaml",
        """
        partners:
          - id: housing
            name: Housing Department
            kind: internal
            category: housing
            what_they_do: Runs repair grants.
        """,
    )
    write(
        minimal / "programs.yaml",
        """
        programs:
          - id: roof-grants
            name: Roof grants
            provider: housing-dept
            helps_with: [roof]
            who_qualifies: Owner occupants
            cost_to_owner: Free
            how_to_apply: Call us.
        """,
    )
    assert errors_of(minimal) == [
        f"{rel(minimal, 'programs.yaml')}:4:15: no partner has the id 'housing-dept'; did you mean 'housing'?"
    ]


def test_duplicate_key_in_one_mapping(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text() + "title: Again\n")
    assert errors_of(minimal) == [
        f"{rel(minimal, 'modules/01-basics.yaml')}:24:1: duplicate key 'title' "
        "(first written at line 3); each key may appear once in a mapping"
    ]


def test_file_that_is_not_utf8(minimal):
    (minimal / "jurisdiction.yaml").write_bytes(b"name: Testville\ndepartment: Caf\xe9 Department\nmission: x\n")
    assert errors_of(minimal) == [
        f"{rel(minimal, 'jurisdiction.yaml')}:2:16: this file is not UTF-8 text (byte 0xe9); "
        "save it as UTF-8 in your editor"
    ]


def test_file_that_is_not_valid_yaml(minimal):
    write(minimal / "jurisdiction.yaml", "name: Testville\ndepartment: [Testing\nmission: x\n")
    assert errors_of(minimal) == [
        f"{rel(minimal, 'jurisdiction.yaml')}:2:13: not valid YAML: a '[' opened here is "
        "never closed (the file reads on to line 3 without finding its end); close the list "
        "with ']' after its last item; if the text starts with '[', put the whole text in quotes"
    ]


def test_agenda_that_does_not_fit_its_session(minimal):
    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("- minutes: 25", "- minutes: 50"))
    assert errors_of(minimal) == [
        f"{rel(minimal, 'modules/01-basics.yaml')}:20:5: the onboarding agenda adds up to "
        "90 minutes (breaks are not counted; it has none), but the session is 60–75 minutes "
        "(timing.onboarding.minutes)"
    ]


def test_alias_is_refused(minimal):
    write(minimal / "jurisdiction.yaml", "name: &n Testville\ndepartment: *n\nmission: x\n")
    assert errors_of(minimal) == [
        f"{rel(minimal, 'jurisdiction.yaml')}:2:13: aliases like '*n' are not allowed "
        "in handbook data; write the value out in full"
    ]


def test_unquoted_no_is_explained(minimal):
    write(minimal / "jurisdiction.yaml", "name: Testville\ndepartment: no\nmission: x\n")
    assert "found false (if you meant the word, put it in quotes)" in errors_of(minimal)[0]


def test_stale_data_is_a_warning_with_its_place(minimal):
    write(
        minimal / "partners.yaml",
        """
        partners:
          - id: fire
            name: Fire Department
            kind: internal
            category: fire
            what_they_do: Inspects for fire hazards.
            last_verified: 2020-01-15
        """,
    )
    edition = load_edition(minimal, today=dt.date(2026, 11, 21))
    assert other_warnings(edition) == [
        f"{rel(minimal, 'partners.yaml')}:7:20: warning: partner 'fire' was last verified on 2020-01-15, "
        "more than 12 months ago; check it and update last_verified"
    ]


def test_stale_limit_is_configurable(minimal):
    write(minimal / "jurisdiction.yaml", "name: Testville\ndepartment: Testing\nmission: x\nstale_after_months: 120\n")
    write(
        minimal / "partners.yaml",
        """
        partners:
          - id: fire
            name: Fire Department
            kind: internal
            category: fire
            what_they_do: Inspects for fire hazards.
            last_verified: 2020-01-15
        """,
    )
    assert other_warnings(load_edition(minimal, today=dt.date(2026, 11, 21))) == []


def test_missing_folder_and_missing_jurisdiction(tmp_path):
    assert errors_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}:1:1: no such data folder"]
    assert "needs a jurisdiction.yaml" in errors_of(tmp_path)[0]
