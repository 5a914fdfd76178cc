"""Time the PDF phase of `handbook build`: cold (empty cache) and warm (nothing changed).

    .venv/bin/python scripts/bench_pdf.py [--data data]

Builds the sites once with MkDocs (not timed), then runs handbook.pdf.writer.build_pdfs twice against
a fresh cache folder and prints wall-clock and CPU seconds of each run and the cold/warm ratio.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from handbook.build import build_site  # noqa: E402
from handbook.edition import load_edition  # noqa: E402
from handbook.pdf import writer  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(edition, sites, cache) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    notes = writer.build_pdfs(edition, sites, cache_dir=cache)
    return time.perf_counter() - wall, cpu_seconds() - cpu, notes[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=pathlib.Path("data"))
    args = parser.parse_args()
    edition = load_edition(args.data)
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        sites = {a: root / a for a in ("staff", "public")}
        for audience, site_dir in sites.items():
            build_site(edition, audience, site_dir, pdf=True)
        cold = timed(edition, sites, root / "cache")
        warm = timed(edition, sites, root / "cache")
    print(f"cores: {os.cpu_count()}")
    print(f"cold: {cold[0]:6.2f} s wall, {cold[1]:6.2f} s CPU   {cold[2]}")
    print(f"warm: {warm[0]:6.2f} s wall, {warm[1]:6.2f} s CPU   {warm[2]}")
    print(f"ratio cold/warm (wall): {cold[0] / warm[0]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
