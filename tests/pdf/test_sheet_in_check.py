"""`handbook check` reports a repair sheet that cannot fit on its page, at the same place and in the same words as
the build, which stops on it; the message names the program whose long text pushed it over."""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest

from helpers import DATA, ROOT, fill_fixmes, write

LONG = (
    "Owners who live in the home, who have owned it for at least five years, whose household income is at or "
    "below the limit the program sets for the size of the household, who are current on their property "
    "taxes or on a payment plan, who carry homeowner's insurance, and whose home is not in a flood zone. "
) * 6

PARTNER = (
    "partners:\n  - id: repair-office\n    name: Repair Office\n    kind: internal\n    category: housing\n"
    "    what_they_do: Runs the repair programs.\n"
)


def program(i: int, who: str) -> str:
    return (
        f"  - id: fund-{i}\n    name: Repair Fund {i}\n    provider: repair-office\n    helps_with: [roof]\n"
        f'    who_qualifies: "{who}"\n    cost_to_owner: Free\n    how_to_apply: Call the office.\n'
        "    public: true\n"
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> pathlib.Path:
    from handbook import cli

    target = tmp_path_factory.mktemp("fresh") / "fresh"
    assert cli.main(["new", str(target), "--name", "City of Testing"]) == 0
    fill_fixmes(target)
    return target


@pytest.mark.parametrize("name", ["data", "cleveland", "fresh"])
def test_check_reports_the_sheet_the_build_refuses_at_the_long_program(run, tmp_path, fresh, name):
    source = {"data": DATA, "fresh": fresh}.get(name, ROOT / "examples" / name)
    edition = tmp_path / name
    shutil.copytree(source, edition)
    # the long program first, then short ones: it is not the first program that no longer fits
    write(edition / "partners.yaml", PARTNER)
    write(
        edition / "programs.yaml",
        "programs:\n" + program(1, LONG) + "".join(program(i, "Owners who live in the home.") for i in range(2, 12)),
    )
    for stale in ("workshops.yaml", "cases.yaml"):  # they name the sample's partners, programs, categories
        (edition / stale).unlink(missing_ok=True)
    code, _, err = run("check", "--data", edition)
    assert code == 1, err
    line = next(
        i
        for i, text in enumerate((edition / "programs.yaml").read_text().splitlines(), 1)
        if text.startswith('    who_qualifies: "Owners who live in the home, who have')
    )
    expected = f"{edition / 'programs.yaml'}:{line}:20: the repair resource sheet (repair-resources.pdf) must fit"
    (said,) = [text for text in err.splitlines() if "repair resource sheet" in text] or [err]
    assert said.startswith(expected), said
    assert "the text of 'Repair Fund 1' is what pushes it over" in said
    assert re.search(r"only the first \d+ programs fit, so 'Repair Fund \d+' and the", said)
    code, _, build_err = run("build", "--data", edition, "--out", tmp_path / "out")
    assert code == 1 and f"error: {said}\n" in build_err  # the build's words, at the same place


def test_check_passes_a_sheet_that_fits_and_keeps_it_for_the_build(run, tmp_path, build_cache):
    edition = tmp_path / "data"
    shutil.copytree(DATA, edition)
    before = set((build_cache / "pdf").glob("*.pdf")) if (build_cache / "pdf").exists() else set()
    code, _, err = run("check", "--data", edition)
    assert code == 0, err
    assert "repair resource sheet" not in err
    assert len(set((build_cache / "pdf").glob("*.pdf")) - before) <= 1
