"""`handbook new`: a minimal edition that checks with warnings for each FIXME and builds."""

from __future__ import annotations

import re

import yaml

from handbook.edition import load_edition
from helpers import ROOT, fill_as_a_city, other_warnings, write


def test_new_then_check_lists_what_to_fill_in_and_build_succeeds(run, tmp_path):
    target = tmp_path / "our-city"
    code, out, err = run("new", target, "--name", "City of X")
    assert code == 0, err
    assert "wrote" in out and "handbook check --data" in out
    code, out, err = run("check", "--data", target)
    assert code == 0, err
    warnings = err.splitlines()
    assert len(warnings) == 13 + 2  # nine to say who we are, four for the first program,
    fixme = [w for w in warnings if "still to be filled in" in w]  # and how to report and whom to contact
    assert len(fixme) == 13
    assert all(re.match(rf"{target}/\S+\.yaml:\d+:\d+: warning: still to be filled in: FIXME", w) for w in fixme)
    lines = (target / "jurisdiction.yaml").read_text(encoding="utf-8").splitlines()
    phone, email = (
        next(n for n, line in enumerate(lines, 1) if line.startswith(f"  {key}:")) for key in ("phone", "email")
    )
    assert (
        f"{target}/jurisdiction.yaml:{phone}:3: warning: the public site cannot help a resident yet: it gives no "
        "way to report a problem; write the number residents call in public_contact.phone" in err
    )
    assert (
        f"{target}/jurisdiction.yaml:{email}:3: warning: the public site cannot help a resident yet: it names no "
        "one to contact" in err
    )
    assert f"{target}/jurisdiction.yaml:9:13: warning: still to be filled in: FIXME: the full name" in err
    assert "5 modules" in out  # the national curriculum, inherited
    edition = load_edition(target)
    assert edition.jurisdiction.name == "City of X" and edition.jurisdiction.extends == "national"
    code, out, err = run("build", "--data", target, "--out", tmp_path / "site", "--no-pdf", "--allow-fixme")
    assert code == 0, err
    assert (tmp_path / "site" / "staff" / "training" / "internal-partners" / "index.html").is_file()
    assert "City of X" in (tmp_path / "site" / "public" / "index.html").read_text()
    code, out, err = run("check", "--data", target, "--strict")
    assert code == 1  # FIXMEs left are warnings, and --strict refuses them


def test_every_new_file_names_its_schema_on_the_first_line(run, tmp_path):
    target = tmp_path / "our-city"
    assert run("new", target, "--name", "City of X")[0] == 0
    files = sorted(p for p in target.rglob("*.yaml") if "_schemas" not in p.parts)
    assert {f.relative_to(target).as_posix() for f in files} == {
        "jurisdiction.yaml",
        "partners.yaml",
        "process.yaml",
        "programs.yaml",
        "workshops.yaml",
        "modules/_04-internal-partners.yaml",
        "policies/_template.yaml",
        "_cases.yaml",
    }
    for path in files:
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+\.schema\.json)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve().is_file(), first


def test_the_module_example_becomes_an_override_when_renamed(run, tmp_path):
    target = tmp_path / "our-city"
    run("new", target, "--name", "City of X")
    (target / "modules" / "_04-internal-partners.yaml").rename(target / "modules" / "04-internal-partners.yaml")
    (target / "policies" / "_template.yaml").rename(target / "policies" / "proactive-enforcement.yaml")
    edition = load_edition(target)
    module = edition.module("internal-partners")
    national = yaml.safe_load((ROOT / "national" / "modules" / "04-internal-partners.yaml").read_text())
    assert module.components[0].body.startswith("FIXME: name the departments")  # changed by its id
    assert module.components[0].title == "Know the departments and what they offer"  # the rest inherited
    assert [c.id for c in module.components] == [c["id"] for c in national["components"]]
    assert [s.id for s in module.steps.short_term][-1] == "our-first-step"  # added
    assert "build-full-list-departments" not in [s.id for s in module.steps.long_term]  # removed
    assert module.timing.onboarding.minutes.low == 90  # inherited from the national module
    assert edition.policy("proactive-enforcement").commitments[0].target.words() == "within 5 business days"
    assert len(edition.warnings) == 13 + 2 + 3 + 2  # and the public contact (no phone, no e-mail)


def test_new_extends_another_edition_by_a_relative_path(run, tmp_path):
    state = tmp_path / "state"
    assert run("new", state, "--name", "State of Y")[0] == 0
    write(
        state / "partners.yaml",
        (state / "partners.yaml")
        .read_text()
        .replace('name: "FIXME: the department that runs home repair programs"', "name: State Housing Office"),
    )
    city = tmp_path / "cities" / "z"
    code, out, err = run("new", city, "--name", "City of Z", "--extends", state)
    assert code == 0, err
    assert "extends: ../../state" in (city / "jurisdiction.yaml").read_text()
    (city / "partners.yaml").unlink()
    assert load_edition(city).partner("community-development").name == "State Housing Office"


def test_new_refuses_a_folder_that_holds_files_and_a_base_that_is_not_an_edition(run, tmp_path):
    write(tmp_path / "busy" / "notes.txt", "keep me\n")
    code, out, err = run("new", tmp_path / "busy", "--name", "City of X")
    assert code == 1 and "already exists and is not empty" in err
    assert (tmp_path / "busy" / "notes.txt").read_text() == "keep me\n"
    code, out, err = run("new", tmp_path / "fresh", "--name", "City of X", "--extends", tmp_path / "busy")
    assert code == 1 and "no edition there" in err
    assert run("new", tmp_path / "fresh")[0] == 2  # --name is required


def test_the_name_is_written_as_a_quoted_yaml_string(run, tmp_path):
    target = tmp_path / "odd"
    assert run("new", target, "--name", 'Town of "Colon: Hash #" {{ x }}')[0] == 0
    assert load_edition(target).jurisdiction.name == 'Town of "Colon: Hash #" {{ x }}'


def test_fixme_in_a_comment_is_not_a_warning_but_fixme_in_a_value_is(minimal):
    assert not [w for w in load_edition(ROOT / "data").warnings if "FIXME" in w.message]  # comments only
    jurisdiction = minimal / "jurisdiction.yaml"
    jurisdiction.write_text(jurisdiction.read_text() + "division: FIXME  # FIXME in a comment\n")
    assert other_warnings(load_edition(minimal)) == [f"{jurisdiction}:4:11: warning: still to be filled in: FIXME"]


def test_the_cases_example_measures_a_citys_export_once_renamed(run, tmp_path):
    """What a city does once it can export its cases: fill in the edition, rename _cases.yaml, save the
    export beside it; the sites get "How we are doing" with the export's figures, and nothing of a case."""
    target = tmp_path / "our-city"
    assert run("new", target, "--name", "City of X")[0] == 0
    fill_as_a_city(target)
    (target / "_cases.yaml").rename(target / "cases.yaml")
    (target / "exports").mkdir()
    rows = ["Case Number,Case Type,Date Opened,First Inspection,Date Closed,Origin,Council District,Owner"]
    for day in range(1, 8):  # 7 cases, each answered within 24 hours but one
        answered = f"2026-03-{day + 1:02d} 09:00" if day != 7 else "2026-03-10 09:00"
        rows.append(
            f"XC-{day},Dangerous Building,2026-03-{day:02d} 10:00,{answered},2026-03-{day + 2:02d},"
            f"Complaint,Ward 1,OWNER-MARKER-{day}"
        )
    rows.append("XC-99,Animal Control,2026-03-03,,,Inspector,Ward 2,OWNER-MARKER-99")
    (target / "exports" / "cases.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run("check", "--strict", "--data", target)
    assert code == 0, err
    out = tmp_path / "out"
    code, _, err = run("build", "--data", target, "--out", out, "--no-pdf")
    assert code == 0, err
    page = (out / "public" / "process" / "how-we-are-doing" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "OWNER-MARKER" not in page and "XC-" not in page
    # 7 received; 6 of 7 answered within 24 hours (the 7th took 71 hours): 85.7%
    assert re.search(r"\b7 85\.7%", text), text[:1500]
