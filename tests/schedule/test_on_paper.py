"""What a trainer prints: the cohort's plan as a PDF, dated multi-day agendas, the edition's clock, a
warning for a session dated on a day off. Read back from the PDFs (pdfplumber, pypdf) and the commands' output."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pikepdf
import pypdf
import pytest

from handbook.edition import load_edition
from handbook.pdf import documents
from handbook.schedule import agenda as agendas
from handbook.schedule import plan as plans
from helpers import DATA
from printed import pages_text, squeeze

HEADER = "Date Day Time Module Session Room"


def set_clock(folder, value: str) -> None:
    path = folder / "jurisdiction.yaml"
    path.write_text(re.sub(r"(?m)^clock: .*$", f"clock: {value}", path.read_text()))


# --------------------------------------------------------------------------- the plan on paper


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory):
    from handbook import cli

    target = tmp_path_factory.mktemp("plan") / "cohort.pdf"
    assert cli.main(["plan", "--data", str(DATA), "--start", "2027-01-15", "--pdf", str(target)]) == 0
    return target


def test_plan_pdf_is_tagged_titled_and_repeats_its_header(plan_pdf):
    document = pypdf.PdfReader(plan_pdf)
    assert "/StructTreeRoot" in document.trailer["/Root"]
    assert document.metadata.title == "City of Maple Falls: training plan for a cohort starting January 15, 2027"
    assert len(document.pages) >= 2
    pages = pages_text(plan_pdf)
    assert all(page.startswith(HEADER + " ") for page in pages[1:]), pages  # the header row heads every page
    tags = structure(plan_pdf)
    assert tags.count("/Table") >= 1 and tags.count("/TH") >= 6 * tags.count("/Table")  # header cells on every page
    html = documents.plan_html(load_edition(DATA), plans.training_plan(load_edition(DATA), dt.date(2027, 1, 15)), 3)
    assert html.count("<table") == 1 and html.count("<thead>") == 1  # one table, not one per month


def structure(path) -> list[str]:
    """The structure types of a tagged PDF's elements, depth first."""
    found = []
    with pikepdf.open(path) as pdf:

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    found.append(str(node.S))
                if "/K" in node:
                    walk(node.K)

        walk(pdf.Root.StructTreeRoot)
    return found


def test_plan_pdf_lists_every_session_day_by_month_with_a_room_line(plan_pdf):
    edition = load_edition(DATA)
    plan = plans.training_plan(edition, dt.date(2027, 1, 15))
    text = " ".join(pages_text(plan_pdf))
    assert "Training plan" in text and "A cohort starting Friday, January 15, 2027" in text
    assert "Every session starts at 9:00 AM" in text
    for month in ("January 2027", "March 2027", "January 2028"):
        assert month in text
    # onboarding first, each module in order; day 2 of module 2 on the next working day
    assert "January 15 Fri 9:00–10:10 AM 1. Purpose Onboarding" in text
    assert "January 19 Tue 9:00–11:00 AM 2. Codes and processes Onboarding (day 1 of 2)" in text
    assert "January 20 Wed 9:00–10:55 AM 2. Codes and processes Onboarding (day 2 of 2)" in text
    # the holiday skipped on the way is said, and a refresher due on a weekend says where it came from
    assert "Martin Luther King Jr. Day (Mon, January 18) skipped" in text
    assert "Refresher 2 Moved from Saturday, January 15" in text
    assert "Holidays kept free" in text and "Thanksgiving Day" in text
    assert "no session is set on a Saturday or a Sunday" in text
    days = sum(len(s.meetings) for s in plan.sessions)
    assert len(re.findall(r"\d:\d\d(?:–\d{1,2}:\d\d)? [AP]M", text)) == days + 1  # every day, and the start time
    assert text.index("Onboarding (day 2 of 2)") < text.index("Refresher 1")  # the refreshers after


def test_plan_pdf_follows_the_clock_setting(default_copy, run, tmp_path):
    set_clock(default_copy, "24-hour")
    code, out, err = run("plan", "--data", default_copy, "--start", "2027-03-01", "--pdf", tmp_path / "p.pdf")
    assert code == 0, err
    text = " ".join(pages_text(tmp_path / "p.pdf"))
    assert "March 1 Mon 09:00–10:10 1. Purpose" in text and " AM" not in text and " PM" not in text
    assert "2027-03-01  Mon  09:00–10:10" in out


def test_training_plan_page_says_how_to_make_a_plan_for_your_own_start_date():
    from handbook.pages import training

    page = training.plan_page(load_edition(DATA))
    assert "--pdf" in page and "handbook plan --start" in page
    assert "your own" in page.lower()


# --------------------------------------------------------------------------- dated agendas


def test_every_day_of_a_two_day_session_is_dated_skipping_holidays(run, tmp_path):
    """2027-07-02 is a Friday; Monday 2027-07-05 is Independence Day (observed): day 2 is Tuesday the 6th."""
    target = tmp_path / "agenda.pdf"
    code, out, err = run("agenda", "codes-and-processes", "--data", DATA, "--date", "2027-07-02", "--pdf", target)
    assert code == 0, err
    assert "Day 1, Friday, July 2, 2027, 9:00–11:00 AM" in out
    assert "Day 2, Tuesday, July 6, 2027, 9:00–10:55 AM" in out
    words = squeeze(" ".join(pages_text(target)))
    assert "Friday, July 2, 2027 (day 1); Tuesday, July 6, 2027 (day 2)" in words
    assert "Day 2 · Tuesday, July 6, 2027 · 9:00–10:55 AM" in words
    assert err == ""  # a working day: no warning


def test_dated_keeps_the_order_of_the_days():
    module = load_edition(DATA).module("codes-and-processes")
    a = agendas.session_agenda(module, "onboarding", 9 * 60)
    dated = agendas.dated(a, [dt.date(2027, 3, 2), dt.date(2027, 3, 3)])
    assert [d.date_words() for d in dated.days] == ["Tuesday, March 2, 2027", "Wednesday, March 3, 2027"]
    with pytest.raises(ValueError):
        agendas.dated(a, [dt.date(2027, 3, 2)])


@pytest.mark.parametrize(
    ("date", "named"),
    [
        (
            "2027-07-05",
            "Monday 2027-07-05 is Independence Day (observed), a holiday; the next working day is Tuesday 2027-07-06",
        ),
        ("2027-03-06", "Saturday 2027-03-06 is a Saturday; the next working day is Monday 2027-03-08"),
    ],
)
def test_a_session_dated_on_a_day_off_is_warned_about_by_name(run, date, named):
    code, out, err = run("agenda", "purpose", "--data", DATA, "--date", date)
    assert code == 0
    assert f"warning: {named}" in err
    code, out, err = run("plan", "--data", DATA, "--start", date)
    assert code == 0 and f"warning: {named}" in err


# --------------------------------------------------------------------------- the clock


def test_twelve_hour_clock_by_default_everywhere():
    edition = load_edition(DATA)
    assert edition.jurisdiction.clock == "12-hour"
    from handbook.pages import training

    agendas_page = training.agendas_page(edition)
    assert "**9:00 AM**" in agendas_page and "| 9:00–9:10 AM |" in agendas_page
    assert not re.search(r"\| 1[3-9]:\d\d", agendas_page)
    plan_page = training.plan_page(edition)
    assert "starts at 9:00 AM" in plan_page and re.search(r"\| \d{1,2}:\d\d–\d{1,2}:\d\d [AP]M \|", plan_page)


def test_one_setting_gives_the_24_hour_clock_everywhere(default_copy, run, tmp_path):
    set_clock(default_copy, "24-hour")
    edition = load_edition(default_copy)
    from handbook.pages import training

    assert "**09:00**" in training.agendas_page(edition) and " AM" not in training.agendas_page(edition)
    assert "starts at 09:00" in training.plan_page(edition)
    code, out, err = run(
        "agenda", "codes-and-processes", "--data", default_copy, "--start", "13:00", "--pdf", tmp_path / "a.pdf"
    )
    assert code == 0, err
    assert "Day 1, 13:00–15:00" in out
    assert "13:00–13:15" in squeeze(" ".join(pages_text(tmp_path / "a.pdf")))


def test_a_wrong_clock_value_is_reported_at_its_line(default_copy, run):
    set_clock(default_copy, "military")
    code, out, err = run("check", "--data", default_copy)
    assert code != 0
    assert re.search(r"jurisdiction\.yaml:\d+:\d+: .*12-hour.*24-hour", err), err


# --------------------------------------------------------------------------- Bring lists

EXAMPLES = ["data", "examples/cleveland", "examples/carlsbad", "examples/lees-summit"]


def editions_to_try(tmp_path_factory):
    from handbook import cli
    from helpers import ROOT, fill_fixmes

    folders = [ROOT / name for name in EXAMPLES]
    scaffold = tmp_path_factory.mktemp("scaffold") / "our-city"
    assert cli.main(["new", str(scaffold), "--name", "City of X"]) == 0
    fill_fixmes(scaffold)
    bare = tmp_path_factory.mktemp("bare") / "no-programs"  # Cleveland as it was before it had programs
    shutil.copytree(ROOT / "examples" / "cleveland", bare)
    (bare / "programs.yaml").unlink(missing_ok=True)
    return folders + [scaffold, bare]


@pytest.fixture(scope="module")
def module4_agendas(tmp_path_factory):
    """Module 4's onboarding agenda PDF of the sample, the three examples and a fresh filled scaffold, with
    the words of its Bring list as printed."""
    from handbook.pdf import engine, sheet

    css = engine.STYLESHEET.read_text(encoding="utf-8")
    found = []
    for folder in editions_to_try(tmp_path_factory):
        edition = load_edition(folder)
        module = edition.module("internal-partners")
        target = tmp_path_factory.mktemp("agenda") / "agenda.pdf"
        sheet.write_pdf(documents.agenda_html(edition, module, "onboarding"), css, str(target), one_page=False)
        words = squeeze(" ".join(pages_text(target)))
        found.append((folder.name, edition, words[words.rindex("Bring") :]))
    return found


def test_bring_lists_name_only_what_the_edition_has(module4_agendas):
    names = [name for name, _, _ in module4_agendas]
    assert names == ["data", "cleveland", "carlsbad", "lees-summit", "our-city", "no-programs"]
    for name, edition, bring in module4_agendas:
        has_sheet = bool([p for p in edition.programs if p.public and p.status != "closed" and p.on_sheet is not False])
        assert ("repair resource sheet" in bring) == has_sheet, (name, bring)
        has_internal = any(p.kind == "internal" for p in edition.partners)
        assert ("Internal partner list" in bring) == has_internal, (name, bring)
    by_name = {name: bring for name, _, bring in module4_agendas}
    assert "repair resource sheet" in by_name["data"] and "repair resource sheet" not in by_name["no-programs"]


def test_bring_lists_name_each_thing_once(module4_agendas):
    for name, edition, bring in module4_agendas:
        assert bring.count("partner list") + bring.count("contact sheet") <= 1, (name, bring)
        for module in edition.modules:
            for session in agendas.sessions_with_agenda(module):
                items = agendas.session_agenda(module, session, 540).bring(edition)
                kinds = [agendas.handbook_material(item) for item in items]
                provided = [k[0] for k in kinds if k]
                assert len(provided) == len(set(provided)), (name, module.id, session, items)
                assert len(items) == len(set(items))


# --------------------------------------------------------------------------- Cleveland's Roundtable


def test_clevelands_module_4_agenda_gives_the_roundtable_its_segment(run, tmp_path):
    from helpers import ROOT

    cleveland = ROOT / "examples" / "cleveland"
    code, out, err = run("agenda", "internal-partners", "--data", cleveland, "--pdf", tmp_path / "a.pdf")
    assert code == 0, err
    words = squeeze(" ".join(pages_text(tmp_path / "a.pdf")))
    assert "10:15–10:25 AM 10 The Problem Properties" in words and "Roundtable: how the Mayor" in words
    assert "10:25–10:30 AM 5 Questions and wrap-up" in words  # the wrap-up still last
    assert "Total: 90 minutes" in words  # the session's length kept
    from handbook.pages import training

    page = training.agendas_page(load_edition(cleveland))
    assert "The Problem Properties Roundtable" in page
