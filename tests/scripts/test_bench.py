"""scripts/bench.py judges a figure measured several times by its fastest run, and prints every run."""

from __future__ import annotations

import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def test_a_repeated_figure_is_judged_by_its_best_run_and_prints_every_run():
    line = bench.repeated("PDF phase at x10", [26.0, 24.5, 30.0], 25)
    assert line.startswith("meets target (under 25 s)")
    assert "best 24.5 s of 3 runs (26.0, 24.5, 30.0 s; median 26.0 s)" in line


def test_a_repeated_figure_misses_when_no_run_is_under_the_limit():
    line = bench.repeated("whole default build, cold", [10.4, 10.1], 10)
    assert line.startswith("MISSES target (under 10 s)")
    assert "best 10.1 s of 2 runs (10.4, 10.1 s; median 10.2 s)" in line


def test_a_figure_measured_once_says_so():
    assert (
        bench.repeated("PDF phase at x10", [24.0], 25)
        == "meets target (under 25 s): PDF phase at x10: 24.0 s (one run)"
    )


def test_the_bench_refuses_no_run_at_all(capsys):
    with pytest.raises(SystemExit) as stop:
        bench.main(["--print-only", "--repeat", "0"])
    assert stop.value.code == 2
    assert "--repeat must be 1 or more" in capsys.readouterr().err
