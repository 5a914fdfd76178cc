"""The training plan: dates for every cadence, weekends and holidays skipped, the calendar file."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from handbook.edition import load_edition
from handbook.schedule import plan as plans
from helpers import DATA, write

D = dt.date


@pytest.fixture
def cadences(minimal):
    """Three modules with every cadence: yearly, twice a year, every two years, every two months."""
    write(
        minimal / "jurisdiction.yaml",
        """
        name: Testville
        department: Department of Testing
        mission: Keep test homes safe.
        holidays:
          - {date: 2027-03-03, name: Founders Day}
          - {date: 2027-09-02, name: Harvest Day}
    """,
    )
    common = """
        summary: A module used by the tests.
        goal: Inspectors learn.
        audience: Inspectors
        training_staff: Senior inspectors
        topics: [A topic]
        materials: [Slides]
    """
    write(
        minimal / "modules" / "02-twice.yaml",
        common
        + """
        id: twice
        number: 2
        title: Twice a year
        timing:
          onboarding: {minutes: 120, days: 2}
          refresher: {minutes: 30, every_months: 6}
    """,
    )
    write(
        minimal / "modules" / "03-rare.yaml",
        common
        + """
        id: rare
        number: 3
        title: Every two years
        timing:
          onboarding: {minutes: 45-60}
          refresher: {minutes: 60, every_months: 24}
          recurring:
            - {id: neighborhood, title: Neighborhood session, minutes: 60, every_months: 2}
    """,
    )
    return load_edition(minimal)


def dates(plan, module_id, series):
    return [[m.date for m in s.meetings] for s in plan.sessions if s.module.id == module_id and s.series == series]


def test_onboarding_in_module_order_one_a_day_multi_day_on_working_days(cadences):
    plan = plans.training_plan(cadences, D(2027, 3, 1), years=3)
    assert dates(plan, "basics", "onboarding") == [[D(2027, 3, 1)]]
    assert dates(plan, "twice", "onboarding") == [[D(2027, 3, 2), D(2027, 3, 4)]]  # 3 March is Founders Day
    assert dates(plan, "rare", "onboarding") == [[D(2027, 3, 5)]]


def test_each_cadence_gives_the_expected_dates(cadences):
    plan = plans.training_plan(cadences, D(2027, 3, 1), years=3)
    assert dates(plan, "basics", "refresher") == [[D(2028, 3, 1)], [D(2029, 3, 1)]]  # yearly
    assert dates(plan, "twice", "refresher") == [  # twice a year
        [D(2027, 9, 3)],  # due Thu 2 Sep, Harvest Day
        [D(2028, 3, 2)],
        [D(2028, 9, 4)],  # due Sat 2 Sep
        [D(2029, 3, 2)],
        [D(2029, 9, 3)],  # due Sun 2 Sep
    ]
    assert dates(plan, "rare", "refresher") == [[D(2029, 3, 5)]]  # every two years
    assert dates(plan, "rare", "neighborhood") == [
        [d]
        for d in [  # every two months
            D(2027, 5, 5),
            D(2027, 7, 5),
            D(2027, 9, 6),
            D(2027, 11, 5),
            D(2028, 1, 5),
            D(2028, 3, 6),
            D(2028, 5, 5),
            D(2028, 7, 5),
            D(2028, 9, 5),
            D(2028, 11, 6),
            D(2029, 1, 5),
            D(2029, 3, 6),  # due Mon 5 March 2029, the day of the two-yearly refresher
            D(2029, 5, 7),
            D(2029, 7, 5),
            D(2029, 9, 5),
            D(2029, 11, 5),
            D(2030, 1, 7),
        ]
    ]
    assert plan.end == D(2030, 3, 1)


def test_years_limits_the_plan(cadences):
    plan = plans.training_plan(cadences, D(2027, 3, 1), years=1)
    assert dates(plan, "basics", "refresher") == []
    assert dates(plan, "rare", "refresher") == []
    assert len(dates(plan, "twice", "refresher")) == 1
    assert max(s.due for s in plan.sessions) < D(2028, 3, 1)


@pytest.mark.parametrize("start", [D(2026, 12, 5), D(2027, 1, 1), D(2027, 6, 30), D(2027, 11, 22), D(2028, 2, 29)])
def test_never_on_a_weekend_a_holiday_or_a_day_twice(start):
    edition = load_edition(DATA)
    plan = plans.training_plan(edition, start, years=3)
    days = [m.date for s in plan.sessions for m in s.meetings]
    listed = {h.date for h in edition.jurisdiction.holidays}
    assert all(day.weekday() < 5 for day in days)
    assert not listed & set(days)
    assert not set(plan.holidays) & set(days)
    assert len(days) == len(set(days))
    assert all(s.date >= s.due for s in plan.sessions)


def test_state_holidays_are_combined_with_the_listed_ones(cadences, minimal):
    assert plans.training_plan(cadences, D(2027, 9, 6), years=1).sessions[0].date == D(2027, 9, 6)
    path = minimal / "jurisdiction.yaml"
    path.write_text(path.read_text() + "state: OH\n")
    edition = load_edition(minimal)
    plan = plans.training_plan(edition, D(2027, 9, 6), years=1)  # Labor Day, from the holidays package
    assert plan.holidays[D(2027, 9, 6)] == "Labor Day"
    assert plan.holidays[D(2027, 9, 2)] == "Harvest Day"  # still the listed one too
    assert plan.sessions[0].date == D(2027, 9, 7)


def test_meetings_take_their_length_from_the_agenda(cadences):
    plan = plans.training_plan(cadences, D(2027, 3, 1))
    first = plan.sessions[0]
    assert first.meetings[0].times() == "9:00–10:05 AM"  # 40 + 25 minutes of agenda
    twice = next(s for s in plan.sessions if s.module.id == "twice")
    assert [m.times() for m in twice.meetings] == ["9:00–10:00 AM", "9:00–10:00 AM"]  # 120 minutes over 2 days


def test_sample_start_is_deterministic(cadences, minimal):
    edition = load_edition(DATA)
    assert plans.sample_start(edition) == D(2026, 12, 7)  # first Monday after last_verified 2026-11-01
    assert plans.sample_start(cadences) is None  # no date in the data: no sample
    path = minimal / "jurisdiction.yaml"
    path.write_text(path.read_text() + "state: OH\nlast_verified: 2027-08-15\n")
    assert plans.sample_start(load_edition(minimal)) == D(2027, 9, 13)  # 6 September is Labor Day
    path.write_text(path.read_text() + "plan_sample_start: 2027-10-04\n")
    assert plans.sample_start(load_edition(minimal)) == D(2027, 10, 4)


def test_calendar_file_parses_back_with_the_same_events(cadences):
    plan = plans.training_plan(cadences, D(2027, 3, 1))
    stamp = dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)
    data = plans.to_ics(cadences, plan, stamp)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    expected = [(m.date, m.start, m.end, s) for s in plan.sessions for m in s.meetings]
    assert len(events) == len(expected)
    for event, (day, start, end, session) in zip(events, expected):
        assert event.decoded("dtstart") == dt.datetime.combine(day, dt.time(*divmod(start, 60)))
        assert event.decoded("dtend") == dt.datetime.combine(day, dt.time(*divmod(end, 60)))
        assert str(event["summary"]).startswith(session.name())
        assert f"Topics:\n- {session.module.topics[0]}" in str(event["description"])
        assert "Materials:\n- Slides" in str(event["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    twice = [str(e["summary"]) for e in events if "Module 2 onboarding" in str(e["summary"])]
    assert twice == ["Module 2 onboarding: Twice a year (day 1 of 2)", "Module 2 onboarding: Twice a year (day 2 of 2)"]
    again = icalendar.Calendar.from_ical(plans.to_ics(cadences, plans.training_plan(cadences, D(2027, 3, 1)), stamp))
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]  # stable ids
    assert data == plans.to_ics(cadences, plan, stamp)


def test_calendar_description_has_the_days_agenda():
    edition = load_edition(DATA)
    plan = plans.training_plan(edition, D(2027, 3, 1))
    events = list(icalendar.Calendar.from_ical(plans.to_ics(edition, plan, dt.datetime(2027, 1, 1))).walk("VEVENT"))
    day2 = next(e for e in events if str(e["summary"]) == "Module 2 onboarding: Codes and processes (day 2 of 2)")
    assert "Agenda:\n9:00–9:20 AM The case management system" in str(day2["description"])
    assert "9:45–10:00 AM Break" in str(day2["description"])


def test_plan_command_prints_the_table_and_writes_the_calendar(run, tmp_path):
    ics = tmp_path / "out" / "cohort.ics"
    code, out, err = run("plan", "--data", DATA, "--start", "2027-03-01", "--years", "2", "--ics", ics)
    assert code == 0, err
    assert "2027-03-01  Mon  9:00–10:10 AM   Module 1 onboarding: Purpose\n" in out
    assert "2027-03-03  Wed  9:00–10:55 AM   Module 2 onboarding: Codes and processes (day 2 of 2)\n" in out
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert f"wrote {ics} ({len(events)} events)" in out
    assert len(events) == len(re.findall(r"^\d{4}-\d\d-\d\d  [A-Z][a-z]{2}  \d{1,2}:\d\d", out, re.M))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--start", "2027-02-30"], "'2027-02-30' is not a date; write it as YYYY-MM-DD"),
        (["--start", "2027-03-01", "--years", "0"], "'0' is not a number of years from 1 to 10"),
        ([], "the following arguments are required: --start"),
    ],
)
def test_plan_command_usage_mistakes(run, args, message):
    code, _, err = run("plan", "--data", DATA, *args)
    assert code == 2
    assert message in err


def test_plan_command_reports_a_day_past_midnight(run, default_copy):
    path = default_copy / "jurisdiction.yaml"
    path.write_text(path.read_text().replace('training_start: "09:00"', 'training_start: "23:00"'))
    code, _, err = run("plan", "--data", default_copy, "--start", "2027-03-01")
    assert code == 1
    assert re.search(
        r"jurisdiction\.yaml:\d+:\d+: training_start 23:00 is too late: day 1 of module 1's onboarding "
        r"session lasts .* and would run past midnight",
        err,
    )
