"""Write a larger copy of an edition, for measuring how build time grows with the data.

    python scripts/synthetic.py 10 /tmp/edition-x10          # 10 times the partners, programs, modules

Every partner, program and module of the source edition is repeated FACTOR times with new ids
(`<id>-<n>`); programs point at the copy of their provider. Module numbers may go up to 99 (the
data model's limit), so the module count is capped there; the other files are copied as they are.
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys

import yaml

PROJECT = pathlib.Path(__file__).resolve().parent.parent
NATIONAL = PROJECT / "national"
MAX_MODULES = 99


def _load(path: pathlib.Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Dumper(yaml.SafeDumper):
    """Writes shared values out in full: handbook data refuses YAML aliases."""

    def ignore_aliases(self, data):
        return True


def _dump(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def _copies(items: list[dict], factor: int, change) -> list[dict]:
    """The items, then factor-1 numbered copies of each (change(copy, n) renames a copy)."""
    result = list(items)
    for n in range(2, factor + 1):
        for item in items:
            copy = dict(item)
            change(copy, n)
            result.append(copy)
    return result


def _partner_copy(partner: dict, n: int) -> None:
    partner["id"] = f"{partner['id']}-{n}"
    partner["name"] = f"{partner['name']} ({n})"


def _program_copy(program: dict, n: int) -> None:
    program["id"] = f"{program['id']}-{n}"
    program["name"] = f"{program['name']} ({n})"
    program["provider"] = f"{program['provider']}-{n}"
    program["public"] = False  # the one-page repair sheet keeps the original programs; staff pages get them all


def make(source: pathlib.Path, factor: int, target: pathlib.Path) -> dict[str, int]:
    """Write the enlarged edition to target; return how many of each kind it has."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    partners = _load(source / "partners.yaml")
    partners["partners"] = _copies(partners["partners"], factor, _partner_copy)
    _dump(target / "partners.yaml", partners)
    programs = _load(source / "programs.yaml")
    programs["programs"] = _copies(programs["programs"], factor, _program_copy)
    _dump(target / "programs.yaml", programs)
    # the edition's own modules, or those of the national base it extends
    modules = sorted((source / "modules").glob("*.yaml")) or sorted((NATIONAL / "modules").glob("*.yaml"))
    number = len(modules)
    for n in range(2, factor + 1):
        for path in modules:
            if number >= MAX_MODULES:
                break
            number += 1
            module = _load(path)
            module["id"] = f"{module['id']}-{n}"
            module["number"] = number
            module["title"] = f"{module['title']} ({n})"
            if module.get("short_title"):
                module["short_title"] = f"{module['short_title']} ({n})"
            _dump(target / "modules" / f"{number:02d}-{module['id']}.yaml", module)
    return {"partners": len(partners["partners"]), "programs": len(programs["programs"]), "modules": number}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int, help="how many times the partners, programs and modules")
    parser.add_argument("target", type=pathlib.Path, help="the folder to write (replaced if it exists)")
    parser.add_argument("--source", type=pathlib.Path, default=PROJECT / "data", help="the edition to enlarge")
    args = parser.parse_args(argv)
    counts = make(args.source, args.factor, args.target)
    print(f"{args.target}: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
