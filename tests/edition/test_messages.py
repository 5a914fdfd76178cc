"""Messages a keeper can act on: each at the place in the file they edit, with the fix."""
from __future__ import annotations

from helpers import write

PARTNER = """
partners:
  - id: housing
    name: Housing
    kind: internal
    category: Housing
    what_they_do: Helps.
"""


def errors(run, edition) -> str:
    code, _, err = run("check", "--data", edition)
    assert code == 1 and "Traceback" not in err
    return err


def test_an_impossible_date_is_reported_at_its_place(run, minimal):
    write(minimal / "partners.yaml", PARTNER + "    last_verified: 2026-11-31\n")
    assert (f"{minimal / 'partners.yaml'}:7:20: '2026-11-31' is not a real date (day is out of range for month); "
            "write a date that exists, as YYYY-MM-DD") in errors(run, minimal)
    path = minimal / "jurisdiction.yaml"
    path.write_text(path.read_text() + "holidays:\n  - date: 2027-15-02\n    name: Founders Day\n")
    assert f"{path}:5:11: '2027-15-02' is not a real date" in errors(run, minimal)


def test_a_phone_number_with_a_leading_zero_stays_text(run, minimal):
    write(minimal / "partners.yaml", PARTNER + "    contacts:\n      - name: Ann\n        phone: 0315550100\n")
    code, _, err = run("check", "--data", minimal)
    assert code == 0, err
    from handbook.edition import load_edition
    assert load_edition(minimal).partners[0].contacts[0].phone == "0315550100"


def test_a_missing_dash_is_explained(run, minimal):
    write(minimal / "partners.yaml", PARTNER + "    id: police\n    name: Police\n")
    assert (f"{minimal / 'partners.yaml'}:7:5: duplicate key 'id' (first written at line 2); if this line starts a "
            "new item of the list, put '- ' in front of it") in errors(run, minimal)


def test_an_unquoted_colon_gets_the_fix(run, minimal):
    write(minimal / "partners.yaml", PARTNER.replace("what_they_do: Helps.", "what_they_do: Note: helps."))
    err = errors(run, minimal)
    assert f"{minimal / 'partners.yaml'}:6:23: not valid YAML: mapping values are not allowed in this context" in err
    assert "put the whole text in quotes" in err


def test_a_broken_jurisdiction_file_gives_no_false_errors_about_other_files(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: national\nname: City of Testing\nname: Twice\n")
    write(city / "modules" / "05-external-partners.yaml", "id: external-partners\ntiming:\n  onboarding:\n"
                                                          "    minutes: 90\n")
    err = errors(run, city)
    assert "jurisdiction.yaml" in err and "duplicate key 'name'" in err
    assert err.count("\n") == 2, err                 # the one error, then the count


def test_removed_true_is_taken_for_remove(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: national\nname: City of Testing\n")
    write(city / "workshops.yaml", "case_studies:\n  - id: widow-fixed-income\n    removed: true\n")
    assert "workshops.yaml:3:5: unknown key 'removed'; did you mean 'remove'?" in errors(run, city)
