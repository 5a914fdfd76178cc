"""Messages a keeper can act on: each at the place in the file they edit, with the fix."""

from __future__ import annotations

import pytest

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
    assert (
        f"{minimal / 'partners.yaml'}:7:20: '2026-11-31' is not a real date (day is out of range for month); "
        "write a date that exists, as YYYY-MM-DD"
    ) in errors(run, minimal)
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
    assert (
        f"{minimal / 'partners.yaml'}:7:5: duplicate key 'id' (first written at line 2); if this line starts a "
        "new item of the list, put '- ' in front of it"
    ) in errors(run, minimal)


def test_an_unquoted_colon_gets_the_fix(run, minimal):
    write(minimal / "partners.yaml", PARTNER.replace("what_they_do: Helps.", "what_they_do: Note: helps."))
    err = errors(run, minimal)
    assert f"{minimal / 'partners.yaml'}:6:23: not valid YAML: mapping values are not allowed in this context" in err
    assert "put the whole text in quotes" in err


def test_a_broken_jurisdiction_file_gives_no_false_errors_about_other_files(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: national\nname: City of Testing\nname: Twice\n")
    write(
        city / "modules" / "05-external-partners.yaml",
        "id: external-partners\ntiming:\n  onboarding:\n    minutes: 90\n",
    )
    err = errors(run, city)
    assert "jurisdiction.yaml" in err and "duplicate key 'name'" in err
    assert err.count("\n") == 2, err  # the one error, then the count


def test_removed_true_is_taken_for_remove(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: national\nname: City of Testing\n")
    write(city / "workshops.yaml", "case_studies:\n  - id: widow-fixed-income\n    removed: true\n")
    assert "workshops.yaml:3:5: unknown key 'removed'; did you mean 'remove'?" in errors(run, city)


def test_an_unclosed_bracket_is_reported_where_it_was_opened(run, minimal):
    write(
        minimal / "partners.yaml",
        PARTNER + "    languages: [English, Spanish\n    # checked in May\n    service_area: Citywide\n",
    )
    assert (
        f"{minimal / 'partners.yaml'}:7:16: not valid YAML: a '[' opened here is never closed (the file reads on "
        "to line 9 without finding its end); close the list with ']' after its last item; if the text starts "
        "with '[', put the whole text in quotes"
    ) in errors(run, minimal)


def test_an_unclosed_quote_is_reported_where_it_was_opened(run, minimal):
    write(
        minimal / "partners.yaml",
        PARTNER.replace("what_they_do: Helps.", 'what_they_do: "Helps owners.')
        + "    # a comment\n    service_area: Citywide\n",
    )
    assert (
        f"{minimal / 'partners.yaml'}:6:19: not valid YAML: a quote opened here is never closed (the file reads "
        "on to the end of the file without finding its end); end the text with the same quote mark it starts "
        "with (a quote inside '...' is written twice: '')"
    ) in errors(run, minimal)


def test_a_number_where_text_is_expected_gets_the_fix(run, minimal):
    write(minimal / "partners.yaml", PARTNER.replace("category: Housing", "category: 311"))
    assert (
        f'{minimal / "partners.yaml"}:5:15: expected text here, found the number 311; put the text in quotes ("311")'
    ) in errors(run, minimal)


@pytest.mark.parametrize(
    "broken, expected",
    [
        (
            "extends: national\nname: City of Testing\nnote: Call us: any time\n",
            "3:14: not valid YAML: mapping values are not allowed in this context; a value has ': ' in it",
        ),
        (
            "extends: national\nname: City of Testing\nname: Twice\n",
            "3:1: duplicate key 'name' (first written at line 2); each key may appear once in a mapping",
        ),
        (
            "extends: national\nname: City of Testing\n".encode("utf-16-le"),
            "1:1: this file is saved as UTF-16 (or another two-byte encoding), not UTF-8 text; save it as "
            "UTF-8 in your editor",
        ),
    ],
)
def test_a_broken_jurisdiction_file_is_reported_alone(run, tmp_path, broken, expected):
    city = tmp_path / "city"
    write(
        city / "modules" / "05-external-partners.yaml",
        "id: external-partners\ntiming:\n  onboarding:\n    minutes: 90\n",
    )
    path = city / "jurisdiction.yaml"
    path.write_bytes(broken) if isinstance(broken, bytes) else path.write_text(broken)
    err = errors(run, city)
    assert err.startswith(f"{path}:{expected}") and err.count("\n") == 2, err  # the one error, then the count


PROGRAM = """
  - id: {id}
    name: A program
    provider: {provider}
    helps_with: [roofs]
    who_qualifies: Owners
    cost_to_owner: Free
    how_to_apply: Call us.
"""


def test_one_pass_reports_key_type_and_reference_errors_together(run, minimal):
    write(
        minimal / "partners.yaml",
        PARTNER + "    phone_number: 555-0100\n"
        "  - id: police\n    kind: internal\n    category: Police\n"
        "    what_they_do: Helps too.\n",
    )
    write(
        minimal / "programs.yaml",
        "programs:"
        + PROGRAM.format(id="roof-grant", provider="housng")
        + PROGRAM.format(id="paint", provider="police")
        + PROGRAM.format(id="lead", provider="housing")
        + "    status: opened\n",
    )
    path = minimal / "modules" / "01-basics.yaml"
    path.write_text(path.read_text().replace("number: 1", "number: first"))
    lines = errors(run, minimal).splitlines()
    partners, programs, module = (
        str(minimal / name) for name in ("partners.yaml", "programs.yaml", "modules/01-basics.yaml")
    )
    assert lines == [
        f"{module}:2:9: expected a whole number here, found the text 'first'",
        f"{partners}:7:5: unknown key 'phone_number'; allowed keys: id, name, kind, category, what_they_do, "
        "when_to_contact, situations, who_may_contact, contacts, languages, service_area, url, public, "
        "last_verified, remove",
        f"{partners}:8:5: missing required key 'name' in the item with id 'police' (item 2 of 'partners')",
        f"{programs}:4:15: no partner has the id 'housng'; did you mean 'housing'?",  # found in the same run
        f"{programs}:25:13: the text 'opened' is not allowed here; use one of: 'open', 'waitlist' or 'closed'",
        "5 error(s)",
    ]  # the police partner is broken but exists: the paint program's provider is no error


def test_a_broken_list_gives_no_false_reference_errors(run, minimal):
    write(minimal / "partners.yaml", "partners:\n  id: housing\n  name: Housing\n")
    write(minimal / "programs.yaml", "programs:" + PROGRAM.format(id="roof-grant", provider="housing"))
    assert errors(run, minimal).splitlines() == [
        f"{minimal / 'partners.yaml'}:2:3: expected a list (lines starting with '- ') here, found a mapping "
        "(key: value lines)",
        "1 error(s)",
    ]
