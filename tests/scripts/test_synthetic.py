"""scripts/synthetic.py writes a valid edition with FACTOR times the partners, programs and modules."""

from __future__ import annotations

import sys

from handbook.edition import load_edition
from helpers import DATA, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import synthetic  # noqa: E402


def test_three_times_the_default_edition_loads(tmp_path):
    base = load_edition(DATA)
    counts = synthetic.make(DATA, 3, tmp_path / "x3")
    bigger = load_edition(tmp_path / "x3")
    assert counts == {
        "partners": 3 * len(base.partners),
        "programs": 3 * len(base.programs),
        "modules": 3 * len(base.modules),
    }
    assert len(bigger.partners) == counts["partners"] and len(bigger.modules) == counts["modules"]
    assert {p.provider for p in bigger.programs} <= {p.id for p in bigger.partners}
