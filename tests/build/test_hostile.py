"""Hostile and broken editions: each gives a clear path:line:column error, or builds with its text
shown as written; always in bounded time and memory, and never damaging the site built before.

The corpus is in tests/hostile/<case>/: files laid over a copy of the minimal edition. The cases
too big to commit (a 50 MB file, a deeply nested one) are written by the tests.
"""

from __future__ import annotations

import hashlib
import html.parser
import pathlib
import resource
import shutil
import subprocess
import sys

import pytest

from helpers import FIXTURES, HOSTILE

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for one CLI run
TIME_LIMIT = 120  # seconds; a hang fails the test instead of stopping the suite
MODULE = "edition/modules/01-basics.yaml"

# case -> (the error line expected on stderr, exactly, or its start when it ends with "...")
ERRORS = {
    "syntax-error": f"{MODULE}:4:8: not valid YAML: a quote opened here is never closed...",
    "wrong-type": f"{MODULE}:3:9: expected a whole number here, found the text 'one'",
    "duplicate-key": f"{MODULE}:8:1: duplicate key 'title' (first written at line 4); "
    "each key may appear once in a mapping",
    "unknown-key": f"{MODULE}:4:1: unknown key 'titel'; did you mean 'title'?",
    "unknown-reference": "edition/programs.yaml:5:15: no partner has the id 'land-bnak'; did you mean 'land-bank'?",
    "empty-module": f"{MODULE}:1:1: missing required key 'id'",
    "not-utf8": f"{MODULE}:4:25: this file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor",
    "billion-laughs": "edition/partners.yaml:3:8: aliases like '*a' are not allowed in handbook data; "
    "write the value out in full",
    "python-tag": f"{MODULE}:4:8: tags like '!!python/object/apply:os.system' are not allowed in handbook data; "
    "remove the tag",
    "merge-key": f"{MODULE}:4:1: merge keys ('<<') are not allowed in handbook data",
    "bad-id": f"{MODULE}:2:5: '../../../etc/basics' is not a valid id; "
    "use lowercase letters, digits and hyphens (e.g. 'land-bank')",
}


def _limits() -> None:
    """In the child process: cap the address space, so a memory bomb fails instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def handbook(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    """Run the handbook CLI in a child process with a memory and a time limit."""
    return subprocess.run(
        [sys.executable, "-m", "handbook.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
    )


def edition_with(tmp_path: pathlib.Path, case: str | None = None) -> pathlib.Path:
    """tmp_path/edition: the minimal edition with the case's files laid over it."""
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", target)
    if case:
        shutil.copytree(HOSTILE / case, target, dirs_exist_ok=True)
    return target


def snapshot(folder: pathlib.Path) -> dict[str, str]:
    """Every file under folder with a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A site built from the minimal edition, which every bad build then tries to replace."""
    work = tmp_path_factory.mktemp("good")
    edition_with(work)
    result = handbook(work, "build", "--data", "edition", "--out", "site", "--no-pdf")
    assert result.returncode == 0, result.stderr
    return work / "site", snapshot(work / "site")


def assert_fails_cleanly(tmp_path, good_site, expected: str) -> None:
    """Build the edition in tmp_path over the good site: exit 1, the expected line, the old site intact."""
    site, before = good_site
    result = handbook(tmp_path, "build", "--data", "edition", "--out", str(site), "--no-pdf")
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    if expected.endswith("..."):
        assert any(line.startswith(expected[:-3]) for line in lines), result.stderr
    else:
        assert expected in lines, result.stderr
    assert snapshot(site) == before


def test_every_corpus_case_has_a_test():
    cases = {p.name for p in HOSTILE.iterdir() if p.is_dir()}
    assert cases == set(ERRORS) | {"injection"}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_broken_edition_gives_its_place(tmp_path, good_site, case):
    edition_with(tmp_path, case)
    assert_fails_cleanly(tmp_path, good_site, ERRORS[case])


def test_python_tag_is_never_run(tmp_path, good_site):
    edition_with(tmp_path, "python-tag")
    marker = pathlib.Path("/tmp/handbook-was-hacked")
    marker.unlink(missing_ok=True)
    handbook(tmp_path, "check", "--data", "edition")
    assert not marker.exists()


def test_fifty_megabyte_file_is_refused_unread(tmp_path, good_site):
    edition = edition_with(tmp_path)
    with open(edition / "modules" / "02-huge.yaml", "w", encoding="utf-8") as huge:
        line = "# " + "x" * 97 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            huge.write(line)
    assert_fails_cleanly(
        tmp_path, good_site, "edition/modules/02-huge.yaml:1:1: this file is 50.0 MB; a data file may be at most 2 MB"
    )


def test_deep_nesting_stops_at_its_place(tmp_path, good_site):
    edition = edition_with(tmp_path)
    with open(edition / "modules" / "01-basics.yaml", "a", encoding="utf-8") as module:
        module.write("why: " + "[" * 100_000 + "]" * 100_000 + "\n")
    # line 24 is the one added; with the file's top mapping, its 64th bracket (column 69) is level 65
    assert_fails_cleanly(tmp_path, good_site, f"{MODULE}:24:69: the data is nested more than 64 levels deep")


def test_build_with_relative_out_from_another_folder(tmp_path):
    """Regression: a relative --out was read from mkdocs.yml's folder, and the build crashed."""
    edition_with(tmp_path)
    result = handbook(tmp_path, "build", "--data", "edition", "--out", "out", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "staff" / "index.html").exists()


# --------------------------------------------------------------------------- text that looks like code


class PageParts(html.parser.HTMLParser):
    """The text, the <title>, the navigation's text, the scripts and the attributes of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.title, self.nav, self.scripts, self.attributes = [], [], [], [], []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag not in ("meta", "link", "img", "input", "br", "hr", "source"):
            self._open.append(tag)
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if "script" in self._open:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if "title" in self._open:
            self.title.append(data)
        if "nav" in self._open:
            self.nav.append(data)

    @classmethod
    def of(cls, path: pathlib.Path) -> PageParts:
        parts = cls()
        parts.feed(path.read_text(encoding="utf-8"))
        return parts


def words(chunks: list[str]) -> str:
    return " ".join(" ".join(chunks).split())


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def injection_site(tmp_path_factory, request):
    """The injection edition built by each site engine: every test below holds for both."""
    work = tmp_path_factory.mktemp("injection")
    edition_with(work, "injection")
    result = handbook(work, "build", "--data", "edition", "--out", "site", "--no-pdf", "--engine", request.param)
    assert result.returncode == 0, result.stderr
    return work / "site"


def test_no_page_runs_injected_code(injection_site):
    pages = sorted(injection_site.rglob("*.html"))
    assert len(pages) > 4
    for page in pages:
        parts = PageParts.of(page)
        assert not [s for s in parts.scripts if "HOSTILE" in s], page
        assert not [a for a in parts.attributes if a[1].startswith("on")], page  # no event handler attributes
        assert not [a for a in parts.attributes if a[1] == "href" and a[2].lower().startswith("javascript")], page
        for name in ("The Basics", "Testville", "Sneaky", "Nobody", "Springfield"):  # {{ 7*7 }} never evaluated
            assert f"{name} 49" not in words(parts.text + parts.title) and f"{name} 42" not in words(parts.text), page


def test_module_title_is_shown_as_written(injection_site):
    title = "The Basics {{ 7*7 }} <script>window.HOSTILE=3</script>"
    parts = PageParts.of(injection_site / "staff" / "training" / "basics" / "index.html")
    assert f"Module 1: {title}" in words(parts.text)
    assert words(parts.title).startswith(f"1. {title} - Testville {{{{ 7*7 }}}} <script>")
    assert f"1. {title}" in words(parts.nav)


def test_jurisdiction_and_partner_names_are_shown_as_written(injection_site):
    home = PageParts.of(injection_site / "public" / "index.html")
    name = "Testville {{ 7*7 }} <script>window.HOSTILE=1</script>"
    assert words(home.title) == f"{name}: code enforcement guide for residents"
    assert f"{name}: code enforcement guide for residents" in words(home.text)
    assert "Department of {% if true %}Testing{% endif %}" in words(home.text)
    assert '{{ config }} <img src=x onerror="window.HOSTILE=2">' in words(home.text)
    data = PageParts.of(injection_site / "staff" / "about-data" / "index.html")
    assert "Sneaky {{ 7*7 }} Partners <script>window.HOSTILE=8</script>" in words(data.text)


def test_spotlight_and_summary_are_shown_as_written(injection_site):
    text = words(PageParts.of(injection_site / "staff" / "training" / "basics" / "index.html").text)
    assert "A spotlight with {{ 7*7 }} and {% for x in range(3) %}loops{% endfor %}." in text
    assert "<script>window.HOSTILE=6</script>" in text
    assert 'Field spotlight: Springfield {{ 6*7 }}" onclick="window.HOSTILE=5' in text
    assert 'A module about {% raw %}templates{% endraw %} and <b onmouseover="window.HOSTILE=4">markup</b>.' in text
    assert "{{ lipsum() }}" in text
