"""Nothing disappears without a word: an emptied process.yaml is a located warning (an error under --strict);
a missing partners.yaml, programs.yaml or process.yaml is a note saying what the sites lack and how to add it,
unless the edition inherits the file from its base."""
from __future__ import annotations

import pathlib
import shutil

import pytest

from helpers import DATA, ROOT, fill_fixmes, write

EDITIONS = ["data", "cleveland", "carlsbad", "lees-summit", "fresh"]
DEPENDING = {"partners": ["programs", "workshops"], "programs": ["workshops"], "process": ["cases"]}
EMPTIED = ("process.yaml says nothing the sites can show (no categories, steps or summary), so the page 'How we "
           "handle a complaint' and the response targets are left out of the public site")


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, pathlib.Path]:
    from handbook import cli

    fresh = tmp_path_factory.mktemp("fresh") / "fresh"
    assert cli.main(["new", str(fresh), "--name", "City of Testing"]) == 0
    fill_fixmes(fresh)
    return {"data": DATA, "fresh": fresh, **{p.name: p for p in (ROOT / "examples").iterdir() if p.is_dir()}}


@pytest.fixture(params=EDITIONS)
def edition(request, originals, tmp_path) -> pathlib.Path:
    target = tmp_path / request.param
    shutil.copytree(originals[request.param], target)
    return target


def test_an_emptied_process_file_is_a_located_warning_and_fails_strict(run, edition):
    (edition / "cases.yaml").unlink(missing_ok=True)       # its categories would be errors, loud already
    path = edition / "process.yaml"
    path.write_text("# we will write this later\n", encoding="utf-8")
    code, _, err = run("check", "--data", edition)
    assert code == 0 and f"{path}:1:1: warning: {EMPTIED}" in err, err
    code, _, err = run("check", "--strict", "--data", edition)
    assert code == 1 and f"{path}:1:1: warning: {EMPTIED}" in err
    path.write_text("categories: []\n", encoding="utf-8")
    assert f"{path}:1:1: warning: {EMPTIED}" in run("check", "--data", edition)[2]


@pytest.mark.parametrize("name", ["partners", "programs", "process"])
def test_a_missing_file_is_noted_with_how_to_add_it(run, edition, name):
    path = edition / f"{name}.yaml"
    for gone in [name, *DEPENDING[name]]:             # the files that name its ids would be errors, loud already
        (edition / f"{gone}.yaml").unlink(missing_ok=True)
    code, out, err = run("check", "--data", edition)
    assert code == 0, err
    assert "note:" not in err                                 # a note, not a warning: an edition may do without
    assert f"{path}:1:1: note: there is no {name}.yaml, so the sites have no " in out
    assert f"to add them, write {name}.yaml in this folder" in out


def test_a_file_inherited_from_the_base_is_not_noted(run, tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", f"extends: {DATA}\nname: Cityville\n")
    code, out, err = run("check", "--data", city)
    assert code == 0, err
    assert "note: there is no" not in out
