"""A keeper's usual slips, on every edition (the sample, the three cities, a fresh filled `handbook new`):
each gets one message at the file, line and column to edit, naming the real culprit and the fix."""

from __future__ import annotations

import pathlib

import pytest

from handbook.edition.checks import closest_id


def errors(run, edition) -> str:
    code, _, err = run("check", "--data", edition)
    assert code == 1 and "Traceback" not in err, err
    return err


def edit_line(path: pathlib.Path, starts: str, change) -> int:
    """Change the first line of path that starts with `starts`; returns its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(starts))
    lines[number] = change(lines[number])
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_a_key_indented_one_space_too_far_is_explained_as_indentation(run, each_edition):
    path = each_edition / "jurisdiction.yaml"
    line = edit_line(path, "department:", lambda text: " " + text)
    err = errors(run, each_edition)
    assert (
        f"{path}:{line}:2: not valid YAML: 'department' is indented 1 space further than 'name' on the line "
        "above" in err
    ), err
    assert "start 'department' in column 1, under 'name'" in err
    assert "mapping values are not allowed" not in err and "did not find expected key" not in err


def test_a_key_indented_too_far_inside_a_list_item(run, minimal):
    path = minimal / "partners.yaml"
    path.write_text(
        "partners:\n  - id: housing\n    name: Housing\n     kind: internal\n    category: Housing\n"
        "    what_they_do: Helps.\n"
    )
    assert errors(run, minimal).splitlines()[0] == (
        f"{path}:4:6: not valid YAML: 'kind' is indented 1 space further than 'name' on the line above, so it is "
        "read as more of the value of 'name'; start 'kind' in column 5, under 'name' (if the line is more of that "
        "text, put the whole text in quotes)"
    )


@pytest.mark.parametrize("where", ["top", "nested"])
def test_a_tab_says_to_use_spaces(run, each_edition, where):
    path = each_edition / "jurisdiction.yaml"
    if where == "top":
        line = edit_line(path, "department:", lambda text: "\t" + text)
    else:
        path.write_text(path.read_text(encoding="utf-8") + "public_contact:\n\tphone: 555-0100\n", encoding="utf-8")
        line = path.read_text(encoding="utf-8").count("\n")
    err = errors(run, each_edition)
    assert f"{path}:{line}:1: not valid YAML: " in err, err
    assert "indent with spaces, not tabs" in err


def test_a_missing_key_names_the_item_that_lacks_it(run, each_edition):
    path = each_edition / "partners.yaml"
    if not path.exists():
        path.write_text("partners:\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    start = text.count("\n") + 1
    path.write_text(
        text + "  - id: county-police\n    kind: external\n    category: police\n"
        "    what_they_do: Patrols.\n  - kind: external\n    name: No id\n    category: police\n"
        "    what_they_do: Helps.\n",
        encoding="utf-8",
    )
    err = errors(run, each_edition)
    assert f"{path}:{start}:5: missing required key 'name' in the item with id 'county-police' (item " in err, err
    assert "of 'partners')" in err
    assert f"{path}:{start + 4}:5: missing required key 'id' in item " in err


def test_did_you_mean_prefers_the_id_that_holds_the_words(run, minimal):
    partners = minimal / "partners.yaml"
    partners.write_text(
        "partners:\n"
        + "".join(
            f"  - id: {id_}\n    name: {name}\n    kind: external\n    category: housing\n    what_they_do: Helps.\n"
            for id_, name in (
                ("county-land-bank", "County Land Bank"),
                ("lead-bank", "Lead Bank"),
                ("housing", "Housing Department"),
            )
        ),
        encoding="utf-8",
    )
    programs = minimal / "programs.yaml"
    programs.write_text(
        "programs:\n"
        + "".join(
            f"  - id: {id_}\n    name: A program\n    provider: {provider}\n    helps_with: [roofs]\n"
            "    who_qualifies: Owners\n    cost_to_owner: Free\n    how_to_apply: Call us.\n"
            for id_, provider in (("one", "land-bank"), ("two", "housing-dept"), ("three", "housng"))
        ),
        encoding="utf-8",
    )
    lines = errors(run, minimal).splitlines()
    assert lines[:3] == [
        f"{programs}:4:15: no partner has the id 'land-bank'; did you mean 'county-land-bank'?",
        f"{programs}:11:15: no partner has the id 'housing-dept'; did you mean 'housing'?",
        f"{programs}:18:15: no partner has the id 'housng'; did you mean 'housing'?",
    ]


def test_closest_id():
    known = {"county-land-bank", "lead-bank", "housing", "land-trust"}
    assert closest_id("land-bank", known) == "county-land-bank"  # difflib alone says 'lead-bank'
    assert closest_id("Land Trust", known) == "land-trust"
    assert closest_id("Housing Department", known, {"housing": "Housing Department"}) == "housing"
    assert closest_id("houssing", known) == "housing"
    assert closest_id("zzz", known) is None
