"""The handbook command: exit codes, every problem printed, and a failed build that changes nothing."""

from __future__ import annotations

from helpers import write


def test_check_clean_edition(run, minimal):
    code, out, err = run("check", "--data", minimal)
    assert code == 0, err
    assert "1 modules" in out and "no errors" in out


def test_check_prints_every_problem_and_exits_1(run, minimal):
    write(minimal / "jurisdiction.yaml", "name: Testville\ndepartment: 5\nmision: x\n")
    code, out, err = run("check", "--data", minimal)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[-1] == "3 error(s)"
    assert any(":2:13: expected text here" in line for line in lines)
    assert any(":3:1: unknown key 'mision'; did you mean 'mission'?" in line for line in lines)


def test_usage_mistakes_exit_2(run):
    assert run()[0] == 2
    assert run("build", "--audience", "everyone")[0] == 2
    assert run("frobnicate")[0] == 2


def test_strict_turns_warnings_into_errors(run, minimal):
    write(
        minimal / "partners.yaml",
        """
        partners:
          - id: fire
            name: Fire Department
            kind: internal
            category: fire
            what_they_do: Inspects for fire hazards.
            last_verified: 2001-01-01
        """,
    )
    assert run("check", "--data", minimal)[0] == 0
    code, _, err = run("check", "--data", minimal, "--strict")
    assert code == 1 and "last verified on 2001-01-01" in err
    code, _, err = run("build", "--data", minimal, "--out", minimal.parent / "out", "--no-pdf", "--strict")
    assert code == 1 and not (minimal.parent / "out/staff").exists()


def test_data_folder_from_environment(run, minimal, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATA", str(minimal))
    code, out, _ = run("check")
    assert code == 0 and str(minimal) in out


def site_files(out) -> dict:
    """Every file of the built sites (the build's stamp beside them is not part of a site)."""
    return {p: p.read_bytes() for audience in ("staff", "public") for p in (out / audience).rglob("*") if p.is_file()}


def test_failed_build_leaves_previous_site_untouched(run, minimal, tmp_path):
    out = tmp_path / "site"
    code, stdout, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 0, err
    before = site_files(out)
    assert any(p.name == "index.html" and p.parent.name == "basics" for p in before)

    path = minimal / "modules/01-basics.yaml"
    path.write_text(path.read_text().replace("number: 1", "number: one"))
    code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf")
    assert code == 1
    assert "01-basics.yaml:2:9: expected a whole number" in err and "was not changed" in err
    after = site_files(out)
    assert after == before
    builds = list((out / ".builds").iterdir())  # no half-written build folder left
    assert builds == [(out / "current").resolve()]


def test_build_failing_inside_mkdocs_leaves_previous_site_untouched(run, minimal, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert run("build", "--data", minimal, "--out", out, "--no-pdf", "--audience", "staff")[0] == 0
    before = site_files(out)
    from mkdocs.exceptions import PluginError

    from handbook.mkdocs.plugin import HandbookPlugin

    def fails(self, files, config):  # midway through MkDocs: the configuration is read, no page is written yet
        raise PluginError("the pages could not be added")

    monkeypatch.setattr(HandbookPlugin, "on_files", fails)
    code, _, err = run("build", "--data", minimal, "--out", out, "--no-pdf", "--audience", "staff", "--force")
    assert code == 1 and "did not build" in err and "the pages could not be added" in err
    assert site_files(out) == before
