"""The trainers' pages: agendas, training plan, case studies, decision matrix (with its filter) and economics."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from handbook.edition import load_edition
from handbook.pages import downloads
from handbook.pages import registry as site
from handbook.pages import training as render_training
from handbook.problems import EditionError
from helpers import DATA, ROOT

TRAINER_PAGES = [
    "trainers/agendas",
    "trainers/plan",
    "trainers/case-studies",
    "trainers/decision-matrix",
    "trainers/economics",
]


@pytest.fixture(scope="module")
def edition():
    return load_edition(DATA)


@pytest.fixture
def trainer_site(built_site_html):
    """The default edition's sites without PDFs (built once for the whole test session)."""
    return built_site_html


def page_text(site_dir, page: str) -> str:
    """The visible text of a built page's article, tags removed."""
    raw = (site_dir / page / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index("<article") : raw.index("</article>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)))


# --------------------------------------------------------------------------- registry and audiences


def test_trainer_pages_are_staff_only_in_their_own_section(edition, trainer_site):
    staff = [p for p in site.pages(edition, "staff") if p.section == "Trainers"]
    assert [p.title for p in staff] == [
        "Session agendas",
        "Training plan",
        "Case studies",
        "Decision matrix",
        "Economics of compliance",
    ]
    assert not [p for p in site.pages(edition, "public") if p.section == "Trainers"]
    for page in TRAINER_PAGES:
        assert (trainer_site / "staff" / page / "index.html").exists()
        assert not (trainer_site / "public" / page).exists()
    assert "trainers/" not in (trainer_site / "public" / "search" / "search_index.json").read_text()


# --------------------------------------------------------------------------- agendas and plan


def test_agenda_page_shows_clock_times_from_training_start(trainer_site):
    text = page_text(trainer_site / "staff", "trainers/agendas")
    assert "Day 1: 9:00–11:00 AM" in text and "Day 2: 9:00–10:55 AM" in text
    assert "9:55–10:10 AM Break" in text
    assert "3 hours 25 minutes of training over 2 days, plus 30 minutes of breaks." in text


def test_agenda_page_follows_the_data_start_time(default_copy):
    path = default_copy / "jurisdiction.yaml"
    path.write_text(path.read_text().replace('training_start: "09:00"', 'training_start: "13:30"'))
    page = render_training.agendas_page(load_edition(default_copy))
    assert "#### Day 2: 1:30–3:25 PM" in page
    assert "starts at **1:30 PM**" in page


def test_plan_page_has_a_cadence_table_and_the_sample_plan(trainer_site):
    text = page_text(trainer_site / "staff", "trainers/plan")
    assert "5. External partners Neighborhood partner session 1 hour every two months (every 2 months)" in text
    assert "2. Codes and processes Onboarding 3–4 hours over 2 days once, in the first weeks" in text
    assert "A cohort starting on Monday, December 7, 2026" in text
    assert "Tue, December 8, 2026 9:00–11:00 AM Module 2 onboarding: Codes and processes (day 1 of 2)" in text
    assert "Christmas Day (December 25, 2026)" in text
    assert "handbook plan --start 2026-12-07 --pdf cohort-plan.pdf --ics cohort.ics" in text


def test_plan_page_is_the_same_on_every_build(edition):
    assert render_training.plan_page(edition) == render_training.plan_page(load_edition(DATA))


def test_plan_page_uses_plan_sample_start(default_copy):
    path = default_copy / "jurisdiction.yaml"
    path.write_text(path.read_text() + "plan_sample_start: 2027-03-01\n")
    page = render_training.plan_page(load_edition(default_copy))
    assert "**Monday, March 1, 2027**" in page
    assert "first working Monday" not in page


# --------------------------------------------------------------------------- workshops


def test_case_studies_page_has_questions_variations_and_tools(edition, trainer_site):
    text = page_text(trainer_site / "staff", "trainers/case-studies")
    for case in edition.workshops.case_studies:
        assert case.title in text
        assert " ".join(case.question.split()) in text
        for what_if in case.what_if:
            assert what_if in text
    for tool in edition.workshops.tools:
        assert tool.title in text
    raw = (trainer_site / "staff" / "trainers/case-studies/index.html").read_text()
    assert 'href="../../training/purpose/"' in raw


def test_matrix_row_naming_an_unknown_partner_is_a_load_error_with_its_line(default_copy):
    path = default_copy / "workshops.yaml"
    source = path.read_text()
    old = "    partners: [fire, health-human-services]\n"
    assert source.count(old) == 1
    path.write_text(source.replace(old, "    partners: [fire, health-services]\n"))
    line = source[: source.index(old)].count("\n") + 1
    column = old.index("health") + 1
    with pytest.raises(EditionError) as caught:
        load_edition(default_copy)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}:{column}: no partner has the id 'health-services'; did you mean 'health-human-services'?"
    ]


def test_matrix_shows_partner_and_program_names_not_ids(trainer_site):
    text = page_text(trainer_site / "staff", "trainers/decision-matrix")
    assert "Silver Maple Senior Alliance" in text and "Senior Yard and Sidewalk Help" in text
    assert "Give the owner clear directions" in text
    table = text[text.index("Property type Occupancy Owner situation") :]
    assert "silver-maple-alliance" not in table and "senior-yard-help" not in table


def test_economics_page_shows_the_computed_total(trainer_site):
    text = page_text(trainer_site / "staff", "trainers/economics")
    assert "Owner's share before repairs $25,000" in text
    assert "Left to the owner after repairs -$6,000" in text
    assert "The repairs cost $6,000 more than the owner's share" in text
    assert "Left to the owner after repairs $47,000" in text


def test_economics_total_follows_the_figures(default_copy, tmp_path):
    national = tmp_path / "national"  # the worked examples are national
    shutil.copytree(ROOT / "national", national)
    jurisdiction = default_copy / "jurisdiction.yaml"
    jurisdiction.write_text(jurisdiction.read_text().replace("extends: national", f"extends: {national}"))
    path = national / "workshops.yaml"
    source = path.read_text()
    assert "        amount: 31000\n" in source
    path.write_text(source.replace("        amount: 31000\n", "        amount: 20000\n"))
    page = render_training.economics_page(load_edition(default_copy))
    assert "| **Left to the owner after repairs** | **$5,000** |" in page
    assert "-$6,000" not in page
    assert "still keeps $5,000" in page


def test_filter_controls_have_labels(trainer_site):
    raw = (trainer_site / "staff" / "trainers/decision-matrix/index.html").read_text()
    selects = re.findall(r'<select id="([^"]+)"', raw)
    assert len(selects) == 4
    for select_id in selects:
        assert f'<label for="{select_id}">' in raw


def test_the_agendas_page_links_every_agenda_pdf():
    edition = load_edition(DATA)
    page = dict((p.src, md) for p, md in site.render_all(edition, "staff", downloads=True))["trainers/agendas.md"]
    assert "**9:00 AM**" in page  # times from training_start (09:00), on the 12-hour clock
    files = [d.file for module in edition.modules for d in downloads.agendas(module)]
    assert len(files) == 10
    for file in files:
        assert f'downloads/{file}"' in page, file
    without = dict((p.src, md) for p, md in site.render_all(edition, "staff"))["trainers/agendas.md"]
    assert "downloads/" not in without  # no links when no PDFs are made
