"""The data reference lists every key of every file, for a keeper: no code names, an example per key,
who sees each key, page front matter, `remove`, and what the process guide shows."""

import re

from handbook.edition import kinds
from handbook.edition import models as m
from handbook.edition.edition import Edition
from handbook.pages import reference, registry
from handbook.pages.process import complaint_guide


def test_every_key_of_every_file_is_listed_with_an_example():
    page = reference.reference_page()
    for kind in kinds.KINDS:
        for table in reference.tables(kind.model, False):
            for name, info in table.model.model_fields.items():
                assert f"| `{info.alias or name}` |" in page, (table.model.__name__, name)
    for line in page.splitlines():
        if line.startswith("| `") and "a group of keys" not in line and "list of items" not in line:
            assert line.split(" | ")[2].strip(), line  # the Example column is filled in


def test_no_name_from_the_code_is_shown():
    page = reference.reference_page()
    names = {model.__name__ for kind in kinds.KINDS for model in reference.nested_models(kind.model)}
    assert {"PartnersFile", "MatrixRow", "Segment"} <= names
    for name in names | {"PageFrontMatter"}:
        if re.fullmatch(r"[A-Z][a-z]+([A-Z][a-z]+)+", name):  # the code's names: PartnersFile, MatrixRow
            assert not re.search(rf"\b{name}\b", page), name
    assert "**Segment**" not in page and "**Module**" not in page


def test_tables_are_named_by_where_their_keys_are_written():
    page = reference.reference_page()
    assert "### Each item of `partners` → `contacts`" in page
    assert "### Under `timing` → `onboarding`, and the same under `timing` → `refresher`" in page
    assert "### Each item of `agenda` → `onboarding`, and the same under `agenda` → `refresher`" in page
    assert "### Each item of `matrix`" in page


def test_each_key_says_who_sees_it():
    page = reference.reference_page()
    assert (
        "| `who_may_contact` | one of: `any inspector`, `senior inspector`, `leadership`: who on the team may call "
        "them; left out, staff pages say it is not set yet (never shown on the public site) | any inspector "
        "|  |  | never |"
    ) in page
    assert (
        "| `name` | text, shown exactly as written | Home Repair front desk | yes |  | only with `public: true` |"
        in page
    )
    assert "| `public` | `true` or `false` | `true` |  | `false` | decides it |" in page
    assert "| `mission` | prose (may use a little Markdown: see *Text* above) | We keep every neighborhood" in page


def test_remove_and_page_front_matter_are_documented():
    page = reference.reference_page()
    assert page.count("| `remove` | `true`: in an edition that extends a base, drops the inherited item") >= 10
    assert "## `pages/<name>.md`" in page
    for key in m.PageFrontMatter.model_fields:
        assert f"| `{key}` |" in page.split("## `pages/<name>.md`")[1]
    assert "| `section` | text, shown exactly as written | How we work |  | `More` | only with `public: true` |" in page


def test_summary_and_escalation_show_without_steps_as_the_page_says():
    page = reference.reference_page()
    assert (
        'The `summary` and the `appeal` ("If you do\nnot agree": what a resident can do, and by when) are shown '
        "whether or not any steps are written"
    ) in page
    process = m.Process(summary="How a report becomes a case.", appeal="Ask for a hearing.")
    edition = Edition(
        root=None, jurisdiction=m.Jurisdiction(name="T", department="D", mission="M"), modules=[], process=process
    )
    assert [p.src for p in registry.process_pages(edition)] == ["process/complaints.md"]
    guide = complaint_guide(edition)
    assert "How a report becomes a case." in guide and "Ask for a hearing." in guide


def test_reference_page_is_on_the_staff_site_only(built_site_html):
    assert "who_may_contact" in (built_site_html / "staff/reference/index.html").read_text()
    assert not (built_site_html / "public/reference").exists()


def test_no_python_type_name_and_case_columns_reach_the_public_only_as_totals():
    page = reference.reference_page()
    section = page[page.index("## `cases.yaml`") :]
    section = section[: section.index("\n## ", 1)]
    for word in ("dict", "str", "int", "NoneType"):
        assert not re.search(rf"\b{word}\b", page), word
    assert "| `categories` | pairs, one per line (`name: value`)" in section
    columns = section[section.index("### Under `columns`") :]
    columns = columns[: columns.index("\n### ")]
    id_row = next(line for line in columns.splitlines() if line.startswith("| `id` |"))
    assert id_row.endswith("| only as counts and rates |")  # a case number never reaches the public site
    assert "| `remove` |" not in columns  # columns is not a list an overlay drops from
