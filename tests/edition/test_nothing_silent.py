"""Nothing disappears without a word: an emptied process.yaml is a located warning (an error under --strict);
a missing partners.yaml, programs.yaml or process.yaml is a note saying what the sites lack and how to add it,
unless the edition inherits the file from its base."""

from __future__ import annotations

import pytest

from helpers import DATA, write

DEPENDING = {"partners": ["programs", "workshops"], "programs": ["workshops"], "process": ["cases"]}
EMPTIED = (
    "process.yaml says nothing the sites can show (no categories, steps or summary), so the page 'How we "
    "handle a complaint' and the response targets are left out of the public site"
)


def test_an_emptied_process_file_is_a_located_warning_and_fails_strict(run, each_edition):
    (each_edition / "cases.yaml").unlink(missing_ok=True)  # its categories would be errors, loud already
    path = each_edition / "process.yaml"
    path.write_text("# we will write this later\n", encoding="utf-8")
    code, _, err = run("check", "--data", each_edition)
    assert code == 0 and f"{path}:1:1: warning: {EMPTIED}" in err, err
    code, _, err = run("check", "--strict", "--data", each_edition)
    assert code == 1 and f"{path}:1:1: warning: {EMPTIED}" in err
    path.write_text("categories: []\n", encoding="utf-8")
    assert f"{path}:1:1: warning: {EMPTIED}" in run("check", "--data", each_edition)[2]


@pytest.mark.parametrize("name", ["partners", "programs", "process"])
def test_a_missing_file_is_noted_with_how_to_add_it(run, each_edition, name):
    path = each_edition / f"{name}.yaml"
    for gone in [name, *DEPENDING[name]]:  # the files that name its ids would be errors, loud already
        (each_edition / f"{gone}.yaml").unlink(missing_ok=True)
    code, out, err = run("check", "--data", each_edition)
    assert code == 0, err
    assert "note:" not in err  # a note, not a warning: an each_edition may do without
    assert f"{path}:1:1: note: there is no {name}.yaml, so the sites have no " in out
    assert f"to add them, write {name}.yaml in this folder" in out


def test_a_file_inherited_from_the_base_is_not_noted(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", f"extends: {DATA}\nname: Cityville\n")
    code, out, err = run("check", "--data", city)
    assert code == 0, err
    assert "note: there is no" not in out
