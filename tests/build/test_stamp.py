"""A build with nothing changed since the last one does nothing; any change builds again."""

from __future__ import annotations

from handbook.build import build

UP_TO_DATE = "nothing has changed since the last build"


def _index_time(out):
    return (out / "staff" / "index.html").stat().st_mtime_ns


def test_second_build_with_nothing_changed_is_skipped(minimal, tmp_path):
    out = tmp_path / "site"
    first = build(minimal, out, ["staff"], pdf=False)
    assert not any(UP_TO_DATE in note for note in first.notes)
    built_at = _index_time(out)
    second = build(minimal, out, ["staff"], pdf=False)
    assert any(UP_TO_DATE in note for note in second.notes)
    assert _index_time(out) == built_at


def test_a_data_change_an_output_change_or_force_builds_again(minimal, tmp_path):
    out = tmp_path / "site"
    build(minimal, out, ["staff"], pdf=False)
    module = minimal / "modules" / "01-basics.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("The Basics", "The New Basics"), encoding="utf-8")
    changed = build(minimal, out, ["staff"], pdf=False)
    assert not any(UP_TO_DATE in note for note in changed.notes)
    assert "The New Basics" in (out / "staff" / "training" / "basics" / "index.html").read_text(encoding="utf-8")

    (out / "staff" / "index.html").write_text("edited by hand", encoding="utf-8")
    assert not any(UP_TO_DATE in note for note in build(minimal, out, ["staff"], pdf=False).notes)
    assert "edited by hand" not in (out / "staff" / "index.html").read_text(encoding="utf-8")

    assert not any(UP_TO_DATE in note for note in build(minimal, out, ["staff"], pdf=False, force=True).notes)


def test_another_audience_builds_again(minimal, tmp_path):
    out = tmp_path / "site"
    build(minimal, out, ["staff"], pdf=False)
    both = build(minimal, out, ["staff", "public"], pdf=False)
    assert not any(UP_TO_DATE in note for note in both.notes)
    assert (out / "public" / "index.html").exists()
