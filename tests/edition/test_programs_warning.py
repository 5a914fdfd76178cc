"""A programs.yaml that feeds no handout says, at its place, what disappears from the sites."""

from __future__ import annotations

from handbook.edition import load_edition
from helpers import other_warnings, write

EMPTY = (
    "programs.yaml lists no programs, so the one-page repair sheet for owners (repair-resources.pdf) and the "
    "staff page 'Repair and assistance programs' are left out of the sites; add the repair programs owners can "
    "apply to (with public: true on those residents may see)"
)
NONE_PUBLIC = (
    "no program in programs.yaml is both public: true and open (or on a waitlist), so the one-page repair "
    "sheet for owners (repair-resources.pdf) is left out of both sites and the public site lists no "
    "programs; add public: true to the programs residents may see"
)

PARTNERS = """
partners:
  - id: housing
    name: Housing office
    kind: internal
    category: housing
    what_they_do: Repairs.
"""


def program(public: str, status: str = "open") -> str:
    return f"""
    # the programs owners can apply to
    programs:
      - id: roof-grant
        name: Roof grant
        provider: housing
        helps_with: [roof]
        who_qualifies: Owners who live in the home
        cost_to_owner: Nothing
        how_to_apply: Call us.
        status: {status}
        public: {public}
    """


def warnings_of(root) -> list[str]:
    return other_warnings(load_edition(root))


def test_an_empty_programs_file_names_the_sheet_and_the_page_that_disappear(minimal):
    write(minimal / "programs.yaml", "# we will add them later\nprograms: []\n")
    assert f"{minimal / 'programs.yaml'}:2:1: warning: {EMPTY}" in warnings_of(minimal)
    write(minimal / "programs.yaml", "# only a comment\n")
    assert f"{minimal / 'programs.yaml'}:1:1: warning: {EMPTY}" in warnings_of(minimal)


def test_programs_none_of_them_public_and_open_warn_that_the_sheet_disappears(minimal):
    write(minimal / "partners.yaml", PARTNERS)
    for public, status in (("false", "open"), ("true", "closed")):
        write(minimal / "programs.yaml", program(public, status))
        assert warnings_of(minimal) == [f"{minimal / 'programs.yaml'}:2:1: warning: {NONE_PUBLIC}"]


def test_no_warning_with_a_public_program_or_without_the_file(minimal):
    assert warnings_of(minimal) == []
    write(minimal / "partners.yaml", PARTNERS)
    write(minimal / "programs.yaml", program("true", "waitlist"))
    assert warnings_of(minimal) == []
