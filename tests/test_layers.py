"""The package's rooms and the one direction imports may run: a walk over every module's `ast`.

The flow is paths/problems/text -> edition -> view -> schedule -> cases -> pages -> pdf -> mkdocs -> build -> cli.
A module may import from its own room or a room before it, never from one after it; no module
imports a `_private` name from another module; no handbook import hides inside a function to
dodge a cycle; and the modules' import graph has no cycle.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

from helpers import ROOT

PACKAGE = ROOT / "handbook"
ROOMS = [
    ("paths", "problems", "text", "prose", "safeopen", "atomic", "children"),
    ("edition",),
    ("view",),
    ("schedule",),
    ("cases",),
    ("pages",),
    ("site",),
    ("pdf",),
    ("mkdocs",),
    ("build",),
    ("cli",),
]
RANK = {room: i for i, names in enumerate(ROOMS) for room in names}


def module_name(path: pathlib.Path, package: pathlib.Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: pathlib.Path = PACKAGE) -> dict[str, pathlib.Path]:
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def resolve(name: str, importer: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[tuple[str, str]]:
    """(module imported, name taken from it) for each name of an import statement."""
    if isinstance(node, ast.Import):
        return [(alias.name, "") for alias in node.names]
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [(target, alias.name) for alias in node.names]


def imports(found: dict[str, pathlib.Path]) -> list[tuple[str, str, str, int, bool]]:
    """(importer, module, name, line, at the top level) for every import of a handbook module."""
    result = []
    for importer, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target, name in resolve(importer, importer, path.name == "__init__.py", node):
                if target == "handbook" or target.startswith("handbook."):
                    # `from . import x` where x is a module: the module itself is imported
                    if f"{target}.{name}" in found:
                        target, name = f"{target}.{name}", ""
                    result.append((importer, target, name, node.lineno, id(node) in top))
    return result


def room(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def upward(found):
    return [
        f"{importer}:{line} imports {target} ({room(target)} comes after {room(importer)})"
        for importer, target, _, line, _ in imports(found)
        if room(importer) and room(target) and RANK[room(target)] > RANK[room(importer)]
    ]


def private(found):
    return [
        f"{importer}:{line} imports the private name {name} from {target}"
        for importer, target, name, line, _ in imports(found)
        if name.startswith("_") and target != importer
    ]


def hidden(found):
    return [
        f"{importer}:{line} imports {target} inside a function"
        for importer, target, _, line, top in imports(found)
        if not top
    ]


def cycles(found) -> list[list[str]]:
    graph: dict[str, set[str]] = {name: set() for name in found}
    for importer, target, _, _, _ in imports(found):
        while target not in found and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in found and target != importer:
            graph[importer].add(target)
    found_cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found_cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found_cycles


def test_every_module_is_in_a_room():
    assert not [name for name in modules() if room(name) and room(name) not in RANK]


def test_imports_only_run_down_the_flow():
    assert upward(modules()) == []


def test_no_private_name_crosses_a_module():
    assert private(modules()) == []


def test_no_handbook_import_hides_in_a_function():
    assert hidden(modules()) == []


def test_no_import_cycle():
    assert cycles(modules()) == []


@pytest.mark.parametrize(
    "source, rule",
    [
        ("from ..build import build\n", upward),  # edition reaching up to build
        ("from .validate import _unwrap\n", private),
        ("def f():\n    from .. import view\n", hidden),
    ],
)
def test_each_rule_catches_a_planted_fault(tmp_path, source, rule):
    package = tmp_path / "handbook"
    for path in PACKAGE.rglob("*.py"):
        target = package / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (package / "edition" / "planted.py").write_text(source, encoding="utf-8")
    assert rule(modules(package)) != []


def test_a_planted_cycle_is_found(tmp_path):
    package = tmp_path / "handbook"
    (package / "edition").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "edition" / "__init__.py").write_text("")
    (package / "edition" / "a.py").write_text("from . import b\n")
    (package / "edition" / "b.py").write_text("from .a import thing\n")
    assert cycles(modules(package)) == [["handbook.edition.a", "handbook.edition.b", "handbook.edition.a"]]


# Every read of a file's content goes through handbook.safeopen (no link, FIFO or device of an edition is
# ever opened, and every read has a cap), except these, which read the package's own files, the cache or
# the output: (module, the call, its first argument).
READS = {"read_text", "read_bytes", "open", "fdopen", "load_workbook"}
OTHER_FILES = {
    ("handbook.build.stamp", "(out / STAMP).read_text", ""),
    ("handbook.build.stamp", "path.read_text", ""),
    ("handbook.cli", "os.open", "os.devnull"),
    ("handbook.cli.training", "engine.STYLESHEET.read_text", ""),
    ("handbook.pdf.report", "engine.STYLESHEET.read_text", ""),
    ("handbook.pdf.writer", "STYLESHEET.read_text", ""),
    ("handbook.pdf.sheet", "STYLESHEET.read_text", ""),
    ("handbook.pdf.book", "meta_path(target).read_text", ""),
    ("handbook.pdf.book", "pikepdf.open", "front_path"),
    ("handbook.pdf.book", "pikepdf.open", "path"),
    ("handbook.pdf.book", "pikepdf.open", "digits_path"),
    ("handbook.pdf.access", "pikepdf.open", "path"),  # a PDF the build just wrote
    ("handbook.edition.scaffold", "schema.read_text", ""),
    ("handbook.atomic", "os.fdopen", "handle"),
    ("handbook.edition.sheets.spreadsheet", "openpyxl.load_workbook", "data"),  # bytes safeopen.workbook checked
    ("handbook.cases.readers", "openpyxl.load_workbook", "data"),  # the same
    ("handbook.mkdocs.preview", "page.read_bytes", ""),  # the built site
    ("handbook.site.sources", "pathlib.Path(config_file).read_text", ""),  # the project's mkdocs.yml
    ("handbook.pdf.workers", "pathlib.Path(f'/proc/{pid}/stat').read_text", ""),  # is the build still running
}


def reads(found) -> list[str]:
    """Reads of a file's content outside handbook.safeopen that are not in OTHER_FILES."""
    result = []
    for name, path in found.items():
        if name.endswith(".safeopen"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in READS and not (isinstance(func, ast.Attribute) and ast.unparse(func.value) == "safeopen"):
                    key = (name, ast.unparse(func), ast.unparse(node.args[0]) if node.args else "")
                    if key not in OTHER_FILES and key[:2] + ("",) not in OTHER_FILES:
                        result.append(
                            f"{name}:{node.lineno} reads a file with {key[1]}({key[2]}) (use handbook.safeopen)"
                        )
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ("read_csv(" in node.value or "read_parquet(" in node.value)
                and "?" not in node.value
            ):
                result.append(f"{name}:{node.lineno} names a file in SQL (pass safeopen.opened_path as a parameter)")
    return result


def test_every_file_is_read_through_safeopen():
    assert reads(modules()) == []


@pytest.mark.parametrize(
    "source",
    [
        "import pathlib\npathlib.Path('x').read_text()\n",
        "open('x')\n",
        "import openpyxl\nopenpyxl.load_workbook(path)\n",
    ],
)
def test_a_planted_read_is_found(tmp_path, source):
    package = tmp_path / "handbook"
    (package / "edition").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "edition" / "planted.py").write_text(source)
    assert reads(modules(package)) != []


# --------------------------------------------------------------------------- the environment


def environment_reads(found) -> list[str]:
    """Uses of the process environment (os.environ, os.getenv, environ imported from os) outside handbook.cli:
    everything below the command line takes what it needs as arguments."""
    result = []
    for name, path in found.items():
        if name == "handbook.cli" or name.startswith("handbook.cli."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "environb", "getenv", "getenvb", "putenv"):
                result.append(f"{name}:{node.lineno} uses os.{node.attr} (take it as an argument from handbook.cli)")
            elif (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and {a.name for a in node.names} & {"environ", "getenv", "putenv"}
            ):
                result.append(f"{name}:{node.lineno} imports the environment from os")
    return result


def test_nothing_below_the_command_line_reads_the_environment():
    assert environment_reads(modules()) == []


@pytest.mark.parametrize(
    "source",
    ["import os\nos.environ.get('HANDBOOK_DATA')\n", "import os\nos.getenv('X')\n", "from os import environ\n"],
)
def test_a_planted_environment_read_is_found(tmp_path, source):
    package = tmp_path / "handbook"
    (package / "site").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "site" / "planted.py").write_text(source)
    assert environment_reads(modules(package)) != []
