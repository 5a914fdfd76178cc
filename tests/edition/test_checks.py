"""Rules across values, reported by `handbook check` at the place a keeper edits."""

from __future__ import annotations


def test_duplicate_staff_expectation_ids_are_reported(run, default_copy):
    path = default_copy / "process.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  - id: point-of-contact"))
    copy = ["  - id: point-of-contact\n", "    title: The same expectation again\n", "    body: Twice.\n"]
    path.write_text("".join(lines[:first] + copy + lines[first:]), encoding="utf-8")
    code, _, err = run("check", "--data", default_copy)
    assert code == 1
    assert (
        f"{path}:{first + 4}:9: duplicate staff expectation id 'point-of-contact' (already used at {path}:{first + 1})"
    ) in err


def test_a_training_day_past_midnight_is_reported_at_training_start(run, default_copy):
    path = default_copy / "jurisdiction.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("training_start:"))
    path.write_text(text.replace('training_start: "09:00"', 'training_start: "22:00"'), encoding="utf-8")
    code, _, err = run("check", "--data", default_copy)
    assert code == 1
    assert (
        f"{path}:{line}:17: training_start 22:00 is too late: day 1 of module 3's onboarding session lasts "
        "2 hours 35 minutes (breaks included) and would run past midnight; set an earlier training_start"
    ) in err
    assert "Traceback" not in err
