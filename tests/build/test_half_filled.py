"""A half-filled edition (a fresh `handbook new`): the build makes the staff site, lists the FIXMEs as a to-do
list at their places, holds the public site back with one clear line and exits with 1."""

from __future__ import annotations

import re

from helpers import fill_fixmes


def test_a_fresh_edition_builds_the_staff_site_and_holds_the_public_one_back(run, tmp_path):
    edition, out = tmp_path / "city", tmp_path / "out"
    assert run("new", edition, "--name", "City of Testing")[0] == 0
    code, stdout, err = run("build", "--data", edition, "--out", out, "--no-pdf")
    assert code == 1, err
    assert "Traceback" not in err
    todo = [line for line in err.splitlines() if line.startswith("  [ ] ")]
    assert todo and all(
        re.match(rf"  \[ \] {re.escape(str(edition))}/[\w/.-]+\.yaml:\d+:\d+: FIXME", line) for line in todo
    ), todo
    held = [line for line in err.splitlines() if line.startswith("public site not built: ")]
    assert held == [
        f"public site not built: {len(todo)} value(s) still say FIXME (the to-do list above); fill them "
        "in and build again, or build with --allow-fixme"
    ]
    assert f"built the staff site in {out / 'staff'}/" in stdout and "public site" not in stdout
    staff = (out / "staff" / "index.html").read_text(encoding="utf-8")
    assert "FIXME" in staff  # the staff site shows what is still to be written
    assert not (out / "public").exists()
    code, _, err = run("build", "--data", edition, "--out", out, "--no-pdf")  # nothing changed: still says so
    assert code == 1 and "public site not built: " in err


def test_only_the_public_site_asked_for_is_refused(run, tmp_path):
    edition = tmp_path / "city"
    assert run("new", edition, "--name", "City of Testing")[0] == 0
    code, _, err = run("build", "--data", edition, "--out", tmp_path / "out", "--no-pdf", "--audience", "public")
    assert code == 1 and "the public site is not built with FIXME text in it" in err


def test_a_published_public_site_stays_while_a_fixme_is_back(run, tmp_path):
    edition, out = tmp_path / "city", tmp_path / "out"
    assert run("new", edition, "--name", "City of Testing")[0] == 0
    fill_fixmes(edition)
    code, _, err = run("build", "--data", edition, "--out", out, "--no-pdf")
    assert code == 0, err
    before = (out / "public" / "index.html").read_text(encoding="utf-8")
    path = edition / "jurisdiction.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("mission: ", "mission: FIXME later ", 1), encoding="utf-8")
    code, _, err = run("build", "--data", edition, "--out", out, "--no-pdf")
    assert code == 1 and "public site not built: 1 value(s)" in err
    assert (out / "public" / "index.html").read_text(encoding="utf-8") == before
    assert "FIXME later" in (out / "staff" / "index.html").read_text(encoding="utf-8") or "FIXME later" in "".join(
        p.read_text(encoding="utf-8") for p in (out / "staff").rglob("*.html")
    )
