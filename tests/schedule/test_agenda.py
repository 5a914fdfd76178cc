"""Session agendas with clock times: the pure schedule, the `handbook agenda` command and the data key."""

from __future__ import annotations

import re

import pypdf
import pytest

from handbook.edition import load_edition
from handbook.problems import EditionError
from handbook.schedule import agenda as agendas
from helpers import DATA, write


@pytest.fixture(scope="module")
def edition():
    return load_edition(DATA)


def test_clock_times_add_up_for_every_session_and_day(edition):
    start = 9 * 60
    for plan in agendas.all_agendas(edition.modules, start):
        for day in plan.days:
            segments = [slot.segment for slot in day.slots]
            assert day.slots[0].start == start
            assert day.slots[-1].end == start + sum(s.minutes for s in segments)  # breaks included
            for before, after in zip(day.slots, day.slots[1:]):
                assert before.end == after.start


def test_two_day_onboarding_starts_each_day_at_the_start_time(edition):
    plan = agendas.session_agenda(edition.module("codes-and-processes"), "onboarding", 8 * 60 + 30)
    assert [day.number for day in plan.days] == [1, 2]
    assert [day.times() for day in plan.days] == ["8:30–10:30 AM", "8:30–10:25 AM"]
    assert plan.minutes - plan.teaching_minutes == 30  # two 15-minute breaks
    breaks = [slot.times() for day in plan.days for slot in day.slots if slot.segment.is_break]
    assert breaks == ["9:25–9:40 AM", "9:15–9:30 AM"]


def test_a_day_past_midnight_is_refused(edition):
    with pytest.raises(ValueError, match="past midnight"):
        agendas.session_agenda(edition.module("codes-and-processes"), "onboarding", 23 * 60)


def test_agenda_command_prints_clock_times_and_breaks(run):
    code, out, err = run("agenda", "codes-and-processes", "--data", DATA, "--start", "13:00")
    assert code == 0, err
    assert "Day 1, 1:00–3:00 PM" in out
    assert "Day 2, 1:00–2:55 PM" in out
    assert "  1:55–2:10 PM  Break\n" in out
    assert "Materials: Decision matrix, Sample case files" in out


def test_agenda_command_takes_the_module_number_and_the_refresher(run):
    code, out, _ = run("agenda", "1", "--data", DATA, "--session", "refresher")
    assert code == 0
    assert "Module 1: Establishing the Purpose of Code Enforcement (refresher session)" in out
    assert "9:00–9:35 AM" in out  # training_start from jurisdiction.yaml


def test_agenda_command_default_start_comes_from_the_data(run, default_copy):
    path = default_copy / "jurisdiction.yaml"
    path.write_text(path.read_text().replace('training_start: "09:00"', 'training_start: "07:45"'))
    code, out, _ = run("agenda", "purpose", "--data", default_copy)
    assert code == 0 and "7:45–8:55 AM" in out


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["agenda", "no-such-module"], 2, "no module 'no-such-module'; modules: purpose (1)"),
        (["agenda", "purpose", "--start", "25:00"], 2, "'25:00' is not a time of day"),
    ],
)
def test_agenda_command_usage_mistakes(run, args, code, message):
    result, _, err = run(*args, "--data", DATA)
    assert result == code
    assert message in err


def test_agenda_command_session_without_agenda(run, minimal):
    code, _, err = run("agenda", "basics", "--data", minimal, "--session", "refresher")
    assert code == 1
    assert "module 'basics' has no refresher agenda (sessions with an agenda: onboarding)" in err


def test_bad_training_start_is_a_load_error_with_its_line(minimal):
    path = minimal / "jurisdiction.yaml"
    path.write_text(path.read_text() + "training_start: 9 o'clock\n")
    with pytest.raises(EditionError) as caught:
        load_edition(minimal)
    assert str(caught.value).endswith(
        "jurisdiction.yaml:4:17: '9 o'clock' is not a time of day; write it as HH:MM, e.g. 09:00 or 13:30 (or 1:30 PM)"
    )


def test_breaks_and_days_in_the_minimal_edition(minimal, run):
    write(
        minimal / "modules" / "01-basics.yaml",
        (minimal / "modules" / "01-basics.yaml")
        .read_text()
        .replace("    minutes: 60-75\n", "    minutes: 60-75\n    days: 2\n", 1)
        .replace(
            "    - minutes: 25\n      activity: Practice\n",
            "    - minutes: 10\n      activity: Coffee\n      break: true\n"
            "    - minutes: 25\n      activity: Practice\n      day: 2\n",
        ),
    )
    code, out, err = run("agenda", "basics", "--data", minimal, "--start", "10:00")
    assert code == 0, err
    assert "Day 1, 10:00–10:50 AM" in out and "10:40–10:50 AM  Coffee" in out
    assert "Day 2, 10:00–10:25 AM" in out


def test_agenda_pdf_is_dated_with_clock_times_and_everything_to_bring(run, tmp_path):
    target = tmp_path / "out" / "agenda.pdf"
    code, out, err = run(
        "agenda", "codes-and-processes", "--data", DATA, "--date", "2027-03-02", "--start", "13:00", "--pdf", target
    )
    assert code == 0, err
    assert f"wrote {target} (1 page)" in out
    doc = pypdf.PdfReader(target)
    words = " ".join(" ".join(page.extract_text().split()) for page in doc.pages)
    assert len(doc.pages) == 1
    assert "Trainer" in words and "Room" in words
    # both days of the two-day session dated: day 2 on the next working day, on the line and in its heading
    assert "Dates Tuesday, March 2, 2027 (day 1); Wednesday, March 3, 2027 (day 2)" in words
    assert "Day 1 · Tuesday, March 2, 2027 · 1:00–3:00 PM" in words
    assert "Day 2 · Wednesday, March 3, 2027 · 1:00–2:55 PM" in words
    assert "1:00–1:15 PM" in words and not re.search(r"(?<!\d)0:\d\d", words)  # clock times, not offsets
    module = load_edition(DATA).module("codes-and-processes")
    assert " ".join(module.goal.split()[:6]) in words
    assert "Bring" in words
    for segment in module.agenda.onboarding:  # every material a segment names is on the list
        for item in segment.materials:
            covered = agendas.material_words(item)
            assert any(
                covered <= agendas.material_words(listed)
                for listed in agendas.session_agenda(module, "onboarding", 0).bring()
            ), item
    for item in agendas.session_agenda(module, "onboarding", 0).bring():
        assert " ".join(item.split()[:3]) in words, item
    assert not re.search(r"\b(\d+) · \1 minutes", words)  # no "70 · 70 minutes of training"


def test_bring_lists_module_and_segment_materials_once():
    module = load_edition(DATA).module("codes-and-processes")
    bring = agendas.session_agenda(module, "onboarding", 540).bring()
    assert bring[: len(module.materials)] == module.materials
    assert "Camera or tablet" in bring and "Evidence checklist" in bring
    assert "Slide presentation" not in bring  # "Slide presentations" covers it


def test_agenda_pdf_to_a_folder_that_cannot_be_written_says_so(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("agenda", "1", "--data", DATA, "--pdf", blocker / "agenda.pdf")
    assert code == 1 and "Traceback" not in err and str(blocker / "agenda.pdf") in err
