"""The one list of slow tests, tests/conftest.py's SLOW: every name in it is a folder, a test file, a test or a
fixture that exists (a renamed test or fixture would quietly come back into `make fast`), a fixture name is defined
once (so no other fixture of that name is marked by mistake), and no test file marks itself slow."""

from __future__ import annotations

import ast
import collections
import pathlib

from helpers import TESTS

SKIP = {"fixtures", "hostile", "__pycache__"}  # editions, not test code


def code_files() -> list[pathlib.Path]:
    return sorted(p for p in TESTS.rglob("*.py") if not SKIP & set(p.relative_to(TESTS).parts))


def tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_fixture(decorator: ast.expr) -> bool:
    """@pytest.fixture, @pytest.fixture(...), @fixture."""
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    return (isinstance(decorator, ast.Attribute) and decorator.attr == "fixture") or (
        isinstance(decorator, ast.Name) and decorator.id == "fixture"
    )


def fixtures() -> collections.Counter:
    """How many times each fixture name is defined under tests/."""
    found = collections.Counter()
    for path in code_files():
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.FunctionDef) and any(map(is_fixture, node.decorator_list)):
                found[node.name] += 1
    return found


def functions_named_test(path: pathlib.Path) -> set[str]:
    return {
        node.name for node in tree(path).body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def slow_registry(config) -> dict[str, set[str]]:
    """SLOW of the root conftest.py, as pytest loaded it (another conftest may hold its module name)."""
    conftest = next(
        plugin
        for plugin in config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) and pathlib.Path(plugin.__file__) == TESTS / "conftest.py"
    )
    return conftest.SLOW


def test_every_slow_name_is_a_folder_file_test_or_fixture_that_exists(pytestconfig):
    registry = slow_registry(pytestconfig)
    defined = fixtures()
    wrong = []
    for names in registry.values():
        for name in sorted(names):
            if name.endswith("/"):
                ok = (TESTS / name).is_dir()
            elif "::" in name:
                file, test = name.split("::")
                ok = (TESTS / file).is_file() and test in functions_named_test(TESTS / file)
            elif name.endswith(".py"):
                ok = (TESTS / name).is_file() and bool(functions_named_test(TESTS / name))
            else:
                ok = defined[name] == 1
            if not ok:
                wrong.append(
                    name
                    if name.endswith(("/", ".py")) or "::" in name
                    else f"{name} (a fixture defined {defined[name]} times; once is needed)"
                )
    assert wrong == [], f"tests/conftest.py SLOW names what does not exist (or is ambiguous): {wrong}"
    everything = [name for names in registry.values() for name in names]
    assert len(everything) == len(set(everything)), "a name is listed under two reasons in SLOW"


def test_no_test_file_marks_itself_slow():
    """Only conftest.py's SLOW says what is slow: a `pytest.mark.slow` anywhere else is a second place to look."""
    found = []
    for path in code_files():
        if path == TESTS / "conftest.py":
            continue
        for node in ast.walk(tree(path)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "slow"
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "mark"
            ):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert found == [], f"mark these slow in tests/conftest.py's SLOW instead: {found}"
