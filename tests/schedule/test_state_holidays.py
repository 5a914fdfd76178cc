"""The state's own holidays (on no federal holiday): skipped as business days unless jurisdiction.yaml lists
them under works_on_state_holidays; check names them, and a name the state does not have is located.

2027 in Texas: San Jacinto Day is Wednesday, April 21; Lyndon Baines Johnson Day Friday, August 27;
Confederate Memorial Day Tuesday, January 19 (in 2026 it falls on Martin Luther King Jr. Day, the 19th).
"""

from __future__ import annotations

import datetime as dt

import pytest

from handbook import cli
from handbook.cases import exports
from handbook.edition import checks, load_edition
from handbook.schedule import plan as plans
from helpers import DATA, ROOT, fill_fixmes, write

D = dt.date
JURISDICTION = """
    name: Testville
    department: Department of Testing
    mission: Keep test homes safe.
    state: TX
"""


@pytest.fixture
def texas(minimal):
    write(minimal / "jurisdiction.yaml", JURISDICTION)
    return minimal


def works(root, *names):
    write(
        root / "jurisdiction.yaml",
        JURISDICTION + "    works_on_state_holidays:\n" + "".join(f"      - {name}\n" for name in names),
    )
    return root


def test_a_texas_edition_skips_san_jacinto_day_unless_the_city_works_it(texas):
    edition = load_edition(texas)
    assert plans.training_plan(edition, D(2027, 4, 21), years=1).sessions[0].date == D(2027, 4, 22)
    calendar = plans.holiday_calendar(edition.jurisdiction, 2026, 2027)
    assert calendar[D(2027, 4, 21)] == "San Jacinto Day" and calendar[D(2027, 8, 27)] == "Lyndon Baines Johnson Day"

    edition = load_edition(works(texas, "San Jacinto Day", "confederate memorial day"))
    assert plans.training_plan(edition, D(2027, 4, 21), years=1).sessions[0].date == D(2027, 4, 21)
    calendar = plans.holiday_calendar(edition.jurisdiction, 2026, 2027)
    assert D(2027, 4, 21) not in calendar and D(2027, 1, 19) not in calendar  # worked (any case)
    assert calendar[D(2027, 8, 27)] == "Lyndon Baines Johnson Day"  # not listed: still skipped
    assert "Martin Luther King Jr. Day" in calendar[D(2026, 1, 19)]  # a federal holiday that day
    assert calendar[D(2027, 9, 6)] == "Labor Day"


def test_response_targets_count_a_worked_state_holiday_as_a_business_day(texas):
    """The table of business days the measures use (cases/exports.days_table) follows the same calendar."""

    def business_days(edition, first, last):
        con = exports.connect()
        exports.days_table(con, edition.jurisdiction, first, last)
        return con.execute("SELECT max(ord) - min(ord) FROM days WHERE day BETWEEN ? AND ?", [first, last]).fetchone()[
            0
        ]

    monday, friday = D(2027, 4, 19), D(2027, 4, 23)
    assert business_days(load_edition(texas), monday, friday) == 3
    assert business_days(load_edition(works(texas, "San Jacinto Day")), monday, friday) == 4


def test_check_notes_the_state_holidays_it_skips_and_how_to_work_one(texas, run):
    code, out, err = run("check", "--data", texas)
    assert code == 0, err
    note = next(line for line in out.splitlines() if ": note: business days" in line)
    assert note.startswith(
        f"{texas / 'jurisdiction.yaml'}:4:1: note: business days skip TX's own holidays (on no federal holiday): "
    )
    skipped = note.split("): ", 1)[1].split("; ")[0].split(", ")
    assert {"San Jacinto Day", "Lyndon Baines Johnson Day", "Cesar Chavez Day", "Confederate Memorial Day"} <= set(
        skipped
    )
    assert "Labor Day" not in skipped and "Independence Day" not in skipped
    assert note.endswith(
        "; to count one the city works as a business day, list it in jurisdiction.yaml as "
        f"works_on_state_holidays: [{skipped[0]}, {skipped[1]}]"
    )

    works(texas, "San Jacinto Day")
    code, out, err = run("check", "--data", texas)
    note = next(line for line in out.splitlines() if ": note: business days" in line)
    assert "San Jacinto Day" not in note.split("; ")[0]
    assert "; the city works San Jacinto Day (works_on_state_holidays); " in note


def test_a_name_the_state_does_not_have_is_located_with_the_one_meant(texas, run):
    works(texas, "San Jacinto Day", "LBJ Day", "Confederate Heroes Day", "Labor Day", "Arbor Day")
    code, out, err = run("check", "--data", texas)
    assert code == 1
    where = texas / "jurisdiction.yaml"
    assert err.splitlines() == [
        f"{where}:7:5: 'LBJ Day' is not one of TX's own holidays (those that are no federal holiday, as the holidays "
        "package names them); did you mean 'Lyndon Baines Johnson Day'?",
        f"{where}:8:5: 'Confederate Heroes Day' is not one of TX's own holidays (those that are no federal holiday, "
        "as the holidays package names them); did you mean 'Confederate Memorial Day'?",
        f"{where}:9:5: 'Labor Day' is a federal holiday, which business days always skip; only TX's own holidays can "
        "be worked: remove it",
        f"{where}:10:5: 'Arbor Day' is not one of TX's own holidays (those that are no federal holiday, as the "
        "holidays package names them); TX's own holidays are: "
        + err.split("TX's own holidays are: ")[1].split("\n")[0],
        "4 error(s)",
    ]
    assert "San Jacinto Day" in err.splitlines()[3]
    code, out, err = run("build", "--data", texas, "--out", texas.parent / "site", "--no-pdf")
    assert code == 1 and f"{where}:7:5: 'LBJ Day'" in err


def test_works_on_state_holidays_without_a_state_and_an_unknown_state(texas, run):
    write(texas / "jurisdiction.yaml", JURISDICTION.replace("state: TX", "works_on_state_holidays: [Truman Day]"))
    code, out, err = run("check", "--data", texas)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{texas / 'jurisdiction.yaml'}:4:1: works_on_state_holidays names holidays of "
        "the state, but 'state' is not set; write the state's two-letter code as state: "
        "(e.g. TX)"
    )
    write(texas / "jurisdiction.yaml", JURISDICTION.replace("state: TX", "state: ZZ"))
    code, out, err = run("check", "--data", texas)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{texas / 'jurisdiction.yaml'}:4:8: there is no state 'ZZ' in the holidays "
        "calendar; write the state's two-letter postal code, e.g. TX"
    )


EDITIONS = {
    "data": lambda tmp: DATA,
    **{name: (lambda tmp, name=name: ROOT / "examples" / name) for name in ("cleveland", "carlsbad", "lees-summit")},
}


def fresh(tmp):
    folder = tmp / "fresh"
    assert cli.main(["new", str(folder), "--name", "City of Testing"]) == 0
    fill_fixmes(folder)
    text = (folder / "jurisdiction.yaml").read_text(encoding="utf-8")
    (folder / "jurisdiction.yaml").write_text(text.replace('state: ""', "state: MO"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", [*EDITIONS, "fresh"])
def test_every_edition_notes_the_state_holidays_it_skips(name, tmp_path):
    """Ohio has no holiday of its own on a working day; California and Missouri have."""
    folder = fresh(tmp_path) if name == "fresh" else EDITIONS[name](tmp_path)
    edition = load_edition(folder)
    note = checks.state_holiday_note(edition, D(2027, 1, 1))
    expected = {"OH": None, "CA": "Cesar Chavez Day", "MO": "Truman Day"}[edition.jurisdiction.state]
    if expected is None:
        assert note is None
    else:
        assert note.severity == "note" and expected in note.message.split("; ")[0]
        assert "works_on_state_holidays: [" in note.message
        calendar = plans.holiday_calendar(edition.jurisdiction, 2027, 2027)
        assert expected in calendar.values()
