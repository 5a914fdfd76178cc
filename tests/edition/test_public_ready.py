"""The public-readiness rule: a public site that cannot tell a resident how to report a problem, whom to
contact and how long it takes, or that would show placeholder text, is a warning at the key to fill in,
and an error under --strict. A fresh scaffold filled in as a city would passes; so does the sample."""

from __future__ import annotations

import re

import pytest

from handbook.edition import load_edition
from handbook.edition.checks import NOT_READY
from helpers import DATA, fill_as_a_city, write


@pytest.fixture
def city(run, tmp_path):
    """A new edition (`handbook new`) filled in as a city would before it publishes."""
    target = tmp_path / "our-city"
    assert run("new", target, "--name", "City of X")[0] == 0
    fill_as_a_city(target)
    return target


def place(path, pattern: str) -> tuple[int, int]:
    """(line, column) of the first match of pattern in the file, 1-based (column of group 1 if any)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        found = re.search(pattern, line)
        if found:
            return n, (found.start(1) if found.groups() else found.start()) + 1
    raise AssertionError(f"{pattern} not in {path}")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def not_ready(target) -> list[str]:
    return [str(w) for w in load_edition(target).warnings if NOT_READY in w.message]


def strict_fails_with(run, target, expected: str) -> None:
    code, _, err = run("check", "--strict", "--data", target)
    assert code == 1 and expected in err, err


def test_a_filled_scaffold_and_the_sample_are_ready(run, city):
    assert not_ready(city) == []
    code, _, err = run("check", "--strict", "--data", city)
    assert code == 0, err
    assert not_ready(DATA) == []


def test_no_way_to_report_is_named_at_the_phone_key(run, city):
    j = city / "jurisdiction.yaml"
    edit(j, '  phone: "311, or 555-0100 from outside the city"\n', '  phone: ""\n')
    assert not_ready(city) == []  # the web form is a way to report, the e-mail a contact
    edit(j, "  report_url: https://www.example.org/report\n", "")
    line, column = place(j, r"^  (phone):")
    expected = f"{j}:{line}:{column}: warning: {NOT_READY}: it gives no way to report a problem; write the number"
    warnings = not_ready(city)
    assert len(warnings) == 1 and warnings[0].startswith(expected)
    strict_fails_with(run, city, expected)


def test_no_contact_is_named_at_the_email_key(run, city):
    j = city / "jurisdiction.yaml"
    edit(j, '  phone: "311, or 555-0100 from outside the city"\n', "")
    edit(j, "  email: codes@example.org\n", '  email: ""\n')
    line, column = place(j, r"^  (email):")
    assert not_ready(city) == [
        f"{j}:{line}:{column}: warning: {NOT_READY}: it names no one to contact; write the "
        "department's public_contact.phone or public_contact.email"
    ]
    strict_fails_with(run, city, "it names no one to contact")


def test_a_public_category_without_a_resolution_target_is_ready(run, city):
    """Its first response says how fast; a closing time the city does not publish is left out, never invented
    (the page says no time is set yet)."""
    edit(city / "process.yaml", "    resolution_target: 3 calendar days\n", "")
    assert not_ready(city) == []


def test_no_public_category_is_named_at_categories(run, city):
    process = city / "process.yaml"
    edit(process, "    public: true ", "    public: false ")
    line, column = place(process, r"^(categories):")
    warnings = not_ready(city)
    assert len(warnings) == 1 and warnings[0].startswith(
        f"{process}:{line}:{column}: warning: {NOT_READY}: it does not say how fast you respond to a report"
    )
    strict_fails_with(run, city, "does not say how fast you respond")


def test_how_long_it_takes_is_told_in_one_of_three_ways(run, city):
    """A public category, a public service standard with a target, or the city's word that it publishes no
    time and whom to ask: each alone satisfies the rule; with none, the warning names all three ways."""
    process = city / "process.yaml"
    edit(process, "    public: true ", "    public: false ")  # the scaffold's one category, staff-only now
    line, column = place(process, r"^(categories):")
    expected = (
        f"{process}:{line}:{column}: warning: {NOT_READY}: it does not say how fast you respond to a report; "
        "in process.yaml, either list the case categories under 'categories:'"
    )
    warnings = not_ready(city)
    assert len(warnings) == 1 and warnings[0].startswith(expected), warnings
    assert "'service_standards:'" in warnings[0] and "'timing_not_published:'" in warnings[0]
    strict_fails_with(run, city, expected)

    standard = (
        "service_standards:\n  - id: return-calls\n    commitment: We return every call.\n"
        "    target: 1 business day\n    public: false\n"
    )
    edit(process, "service_standards: []", standard.rstrip("\n"))
    assert len(not_ready(city)) == 1  # a standard only staff see tells a resident nothing
    edit(process, "    target: 1 business day\n    public: false", "    public: true")
    assert len(not_ready(city)) == 1  # nor one without a time
    edit(
        process,
        "    commitment: We return every call.\n",
        "    commitment: We return every call.\n    target: 1 business day\n",
    )
    assert not_ready(city) == []
    code, _, err = run("check", "--strict", "--data", city)
    assert code == 0, err

    edit(process, "    target: 1 business day\n", "")
    assert len(not_ready(city)) == 1
    with process.open("a", encoding="utf-8") as f:
        f.write(
            "\ntiming_not_published: We publish no time for a first visit; call 311 to ask where your report stands.\n"
        )
    assert not_ready(city) == []
    code, _, err = run("check", "--strict", "--data", city)
    assert code == 0, err


@pytest.mark.parametrize("words", ["to be decided", "To be confirmed", "TBD"])
def test_placeholder_text_on_a_public_page_is_named_with_its_key(run, city, words):
    j = city / "jurisdiction.yaml"
    edit(j, "  hours: Monday to Friday, 8 a.m. to 5 p.m.\n", f"  hours: Open hours {words}\n")
    line, column = place(j, r"^  hours: (Open)")
    assert not_ready(city) == [
        f"{j}:{line}:{column}: warning: {NOT_READY}: public_contact.hours says '{words}', "
        "which residents would read on a public page; write the real value, or leave the key "
        "out (the page then says whom to ask)"
    ]
    strict_fails_with(run, city, "public_contact.hours says")


def test_placeholder_text_only_staff_see_is_not_a_public_problem(city):
    programs = city / "programs.yaml"
    edit(programs, "    public: true ", "    public: false ")
    edit(programs, '    how_to_apply: "How to apply, in one sentence"', '    how_to_apply: "To be decided"')
    assert not_ready(city) == []
    edit(programs, "    public: false ", "    public: true ")
    line, column = place(programs, r"how_to_apply: (\")")
    assert not_ready(city) == [
        f"{programs}:{line}:{column}: warning: {NOT_READY}: programs.0.how_to_apply says "
        "'To be decided', which residents would read on a public page; write the real value, "
        "or leave the key out (the page then says whom to ask)"
    ]


def test_placeholder_text_in_a_public_department_page_is_named_at_its_line(city):
    page = write(
        city / "pages" / "hours.md",
        """\
        ---
        title: Opening hours
        public: true
        ---
        We are open every weekday.

        Saturday hours are TBD for now.
        """,
    )
    assert not_ready(city) == [
        f"{page}:7:20: warning: {NOT_READY}: this public page says 'TBD'; write the real "
        "text, or leave the sentence out"
    ]
    edit(page, "public: true", "public: false")
    assert not_ready(city) == []


def test_a_phone_field_a_phone_cannot_call_says_how_to_write_it(run, city):
    j = city / "jurisdiction.yaml"
    edit(j, '  phone: "311, or 555-0100 from outside the city"', '  phone: "call 55501OO"')
    line, column = place(j, r'^  phone: (")')
    code, _, err = run("check", "--data", city)
    assert code == 0
    assert (
        f"{j}:{line}:{column}: warning: the phone number 'call 55501OO' is not a number a phone can call; write "
        "each number as 216-664-2000"
    ) in err, err
    edit(j, '  phone: "call 55501OO"', '  phone: "555-0100 or 555-01001"')
    code, _, err = run("check", "--data", city)
    assert "holds digits that are not part of a number a phone can call ('or 555-01001')" in err, err
    edit(j, '  phone: "555-0100 or 555-01001"', '  phone: "555-0100 ext. 12, or 3-1-1"')
    code, _, err = run("check", "--strict", "--data", city)
    assert code == 0, err
