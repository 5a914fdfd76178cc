"""The overlay: an edition that extends a base is merged item by item before validation."""

from __future__ import annotations

import shutil

import pytest
import yaml

from handbook.edition import load_edition, load_edition_cached, overlay, provenance
from handbook.problems import EditionError
from helpers import DATA, ROOT, write

NATIONAL = ROOT / "national"

BASE_PARTNERS = """
    partners:
      - id: housing
        name: Base Housing Office
        kind: internal
        category: housing
        what_they_do: Runs repair grants.
        when_to_contact: [An owner cannot pay for repairs.]
      - id: police
        name: Base Police
        kind: internal
        category: police
        what_they_do: Helps at unsafe vacant houses.
"""


def errors_of(root) -> list[str]:
    with pytest.raises(EditionError) as caught:
        load_edition(root)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def pair(tmp_path, minimal):
    """A base edition (the minimal fixture plus partners) and a city folder that extends it."""
    write(minimal / "partners.yaml", BASE_PARTNERS)
    city = tmp_path / "city"
    write(
        city / "jurisdiction.yaml",
        """
        extends: ../edition
        name: Cityville
    """,
    )
    return minimal, city


def test_mappings_merge_key_by_key_and_local_keys_win(pair):
    base, city = pair
    edition = load_edition(city)
    assert edition.jurisdiction.name == "Cityville"
    assert edition.jurisdiction.department == "Department of Testing"  # inherited
    assert [m.id for m in edition.modules] == ["basics"]


def test_items_with_ids_merge_by_id_new_ids_are_added_and_remove_drops(pair):
    base, city = pair
    write(
        city / "partners.yaml",
        """
        partners:
          - id: police
            remove: true
          - id: housing
            name: City Housing Department
          - id: aging
            name: Department of Aging
            kind: internal
            category: aging
            what_they_do: Helps older owners.
    """,
    )
    edition = load_edition(city)
    housing = edition.partner("housing")
    assert housing.name == "City Housing Department"
    assert housing.what_they_do == "Runs repair grants."  # kept from the base item
    assert housing.when_to_contact == ["An owner cannot pay for repairs."]
    assert [p.id for p in edition.partners] == ["housing", "aging"]  # base order, new ones after, police removed


def test_a_list_without_ids_is_replaced_and_an_empty_list_empties(pair):
    base, city = pair
    write(
        city / "partners.yaml",
        """
        partners:
          - id: housing
            when_to_contact: [A roof is failing.]
    """,
    )
    assert load_edition(city).partner("housing").when_to_contact == ["A roof is failing."]
    write(city / "partners.yaml", "partners: []\n")
    assert load_edition(city).partners == []


def test_remove_on_an_unknown_id_names_both_files(pair):
    base, city = pair
    write(
        city / "partners.yaml",
        """
        partners:
          - id: polise
            remove: true
    """,
    )
    assert errors_of(city) == [
        f"{city}/partners.yaml:3:5: there is no inherited item with the id 'polise' to remove; "
        f"did you mean 'police'? (base: {base}/partners.yaml)"
    ]


def test_a_partial_item_without_a_base_item_names_both_files(pair):
    base, city = pair
    write(
        city / "partners.yaml",
        """
        partners:
          - id: housing-dept
            name: City Housing Department
    """,
    )
    (error,) = errors_of(city)
    assert error.startswith(
        f"{city}/partners.yaml:2:9: the base has no item with the id 'housing-dept'; did you mean 'housing'?"
    )
    assert "needs kind, category, what_they_do as well" in error
    assert error.endswith(f"(base: {base}/partners.yaml)")


def test_a_partial_module_without_a_base_module_names_the_base_folder(pair):
    base, city = pair
    write(city / "modules" / "01-basics.yaml", "id: basic\ntitle: Our basics\n")
    (error,) = errors_of(city)
    assert error.startswith(f"{city}/modules/01-basics.yaml:1:5: the base has no item with the id 'basic'")
    assert error.endswith(f"(base: {base}/modules)")


def test_remove_in_a_file_the_base_does_not_have_is_an_error(pair):
    base, city = pair
    write(city / "programs.yaml", "programs:\n  - id: roof-grant\n    remove: true\n")
    assert errors_of(city) == [
        f"{city}/programs.yaml:3:5: there is no inherited item with the id 'roof-grant' "
        f"to remove (base: {base} has no programs.yaml)"
    ]


def test_remove_must_be_true_or_false(pair):
    base, city = pair
    write(city / "partners.yaml", "partners:\n  - id: police\n    remove: yes please\n")
    assert errors_of(city) == [
        f"{city}/partners.yaml:3:5: write 'remove: true' to drop the inherited item, or delete this line"
    ]


def test_the_same_id_twice_in_an_overlay_list_is_an_error(pair):
    base, city = pair
    write(
        city / "partners.yaml",
        """
        partners:
          - id: police
            name: One
          - id: police
            name: Two
    """,
    )
    assert errors_of(city) == [f"{city}/partners.yaml:4:9: the id 'police' is already used in this list at line 2"]


def test_a_module_is_changed_by_a_file_with_its_id_and_removed_with_remove_true(pair):
    base, city = pair
    write(city / "modules" / "basics.yaml", "id: basics\ntitle: Our own basics\n")
    module = load_edition(city).module("basics")
    assert module.title == "Our own basics"
    assert module.goal  # inherited from the base file
    write(
        base / "modules" / "02-more.yaml",
        (base / "modules" / "01-basics.yaml")
        .read_text()
        .replace("id: basics", "id: more")
        .replace("number: 1", "number: 2"),
    )
    write(city / "modules" / "more.yaml", "id: more\nremove: true\n")
    assert [m.id for m in load_edition(city).modules] == ["basics"]


def test_a_file_named_like_a_base_module_with_another_id_is_an_error(pair):
    base, city = pair
    text = (base / "modules" / "01-basics.yaml").read_text().replace("id: basics", "id: our-basics")
    write(city / "modules" / "01-basics.yaml", text.replace("number: 1", "number: 2"))
    (error,) = errors_of(city)
    assert error.startswith(
        f"{city}/modules/01-basics.yaml:1:5: this file has the same name as the base's "
        "module 'basics' but the id 'our-basics'"
    )


def test_validation_errors_point_at_the_file_that_wrote_the_value(pair):
    base, city = pair
    write(city / "partners.yaml", "partners:\n  - id: housing\n    kind: inside\n")
    assert errors_of(city) == [
        f"{city}/partners.yaml:3:11: the text 'inside' is not allowed here; use one of: 'internal' or 'external'"
    ]
    write(city / "partners.yaml", "partners:\n  - id: housing\n    name: Fine\n")
    (base / "partners.yaml").write_text(
        BASE_PARTNERS.replace("kind: internal\n        category: police", "kind: inside\n        category: police")
    )
    (error,) = errors_of(city)
    assert error.startswith(f"{base}/partners.yaml:")  # the base wrote the wrong value
    assert "'inside' is not allowed here" in error


def test_a_chain_of_bases_merges_in_order(pair, tmp_path):
    base, city = pair
    state = tmp_path / "state"
    write(state / "jurisdiction.yaml", "extends: ../edition\ndepartment: State Department of Housing\n")
    write(state / "partners.yaml", "partners:\n  - id: housing\n    name: State Housing Office\n")
    write(city / "jurisdiction.yaml", "extends: ../state\nname: Cityville\n")
    write(city / "partners.yaml", "partners:\n  - id: police\n    name: City Police\n")
    edition = load_edition(city)
    assert edition.jurisdiction.department == "State Department of Housing"
    assert [(p.id, p.name) for p in edition.partners] == [
        ("housing", "State Housing Office"),
        ("police", "City Police"),
    ]
    assert overlay.roots(city) == [city, state, base]
    statuses = {(r.kind, r.name): (r.status, r.changed) for r in provenance.rows(edition)}
    assert statuses[("partner", "City Police")] == (provenance.CHANGED, ["name"])
    assert statuses[("partner", "State Housing Office")] == (provenance.INHERITED, [])


def test_a_cycle_of_bases_is_an_error(pair, tmp_path):
    base, city = pair
    (base / "jurisdiction.yaml").write_text((base / "jurisdiction.yaml").read_text() + "extends: ../city\n")
    (error,) = errors_of(city)
    assert error.startswith(
        f"{base}/jurisdiction.yaml:4:10: extends: '../city' leads back to an edition already in the chain"
    )


def test_extends_to_a_missing_folder_is_an_error(pair):
    base, city = pair
    write(city / "jurisdiction.yaml", "extends: ../nowhere\nname: Cityville\n")
    (error,) = errors_of(city)
    assert error.startswith(f"{city}/jurisdiction.yaml:1:10: extends: there is no edition folder at '../nowhere'")


def test_the_default_edition_is_the_same_as_one_written_in_a_single_folder(tmp_path):
    standalone = tmp_path / "standalone"
    shutil.copytree(DATA, standalone)
    shutil.copytree(NATIONAL / "modules", standalone / "modules")
    workshops = yaml.safe_load((NATIONAL / "workshops.yaml").read_text())  # national, with this city's matrix
    workshops["matrix"] = yaml.safe_load((DATA / "workshops.yaml").read_text())["matrix"]
    (standalone / "workshops.yaml").write_text(yaml.safe_dump(workshops, sort_keys=False))
    jurisdiction = standalone / "jurisdiction.yaml"
    jurisdiction.write_text(
        "".join(line for line in jurisdiction.read_text().splitlines(keepends=True) if not line.startswith("extends:"))
    )
    merged, alone = load_edition(DATA), load_edition(standalone)
    assert merged.jurisdiction.extends == "national" and alone.jurisdiction.extends is None
    for name in ("modules", "partners", "programs", "policies"):
        assert [x.model_dump() for x in getattr(merged, name)] == [x.model_dump() for x in getattr(alone, name)]
    for name in ("process", "workshops"):
        assert getattr(merged, name).model_dump() == getattr(alone, name).model_dump()
    assert not (DATA / "modules").exists()  # national/modules is the only copy of the five modules


def test_an_error_in_a_national_module_points_at_the_national_file(tmp_path):
    shutil.copytree(NATIONAL, tmp_path / "national")
    shutil.copytree(DATA, tmp_path / "data")
    jurisdiction = tmp_path / "data" / "jurisdiction.yaml"
    jurisdiction.write_text(jurisdiction.read_text().replace("extends: national", "extends: ../national"))
    module = tmp_path / "national" / "modules" / "03-critical-skills.yaml"
    module.write_text(module.read_text().replace("number: 3", "number: three"))
    (error,) = errors_of(tmp_path / "data")
    line = next(i for i, text in enumerate(module.read_text().splitlines(), 1) if text.startswith("number:"))
    assert error == f"{module}:{line}:9: expected a whole number here, found the text 'three'"


def test_the_cached_edition_is_reloaded_when_the_base_changes(pair):
    base, city = pair
    assert load_edition_cached(city).partner("police").name == "Base Police"
    text = (base / "partners.yaml").read_text().replace("Base Police", "Base Police Department")
    (base / "partners.yaml").write_text(text)
    assert load_edition_cached(city).partner("police").name == "Base Police Department"


def test_serve_watches_the_base_folders_too(pair):
    from handbook.mkdocs.plugin import HandbookPlugin
    from handbook.site import sources

    base, city = pair
    watched = []
    server = type("Server", (), {"watch": lambda self, path: watched.append(path)})()
    plugin = HandbookPlugin()
    plugin.sources = sources.collect(load_edition(city), "staff")
    plugin.on_serve(server, None, None)
    assert watched == [str(city), str(base)]


def test_an_item_written_in_full_under_an_inherited_id_is_changed_here(pair, tmp_path):
    base, city = pair
    full = BASE_PARTNERS.split("\n")
    write(city / "partners.yaml", "\n".join(full))  # every key of every base partner, written again here
    edition = load_edition(city)
    statuses = {r.name: (r.status, r.changed) for r in provenance.rows(edition) if r.kind == "partner"}
    assert statuses and all(status == provenance.CHANGED for status, _ in statuses.values()), statuses
    assert all("name" in changed for _, changed in statuses.values())
    write(
        city / "partners.yaml",
        "partners:\n  - id: brand-new\n    name: New Office\n    kind: external\n"
        "    category: housing\n    what_they_do: Helps.\n",
    )
    statuses = {r.name: r.status for r in provenance.rows(load_edition(city)) if r.kind == "partner"}
    assert statuses["New Office"] == provenance.LOCAL


def test_a_national_module_copied_whole_is_changed_here(tmp_path):
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", "extends: national\nname: Cityville\ndepartment: Testing\nmission: Safe homes.\n")
    source = sorted((provenance.NATIONAL / "modules").glob("*.yaml"))[0]
    (city / "modules").mkdir()
    (city / "modules" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    rows = [r for r in provenance.rows(load_edition(city)) if r.kind == "module"]
    assert [r.status for r in rows].count(provenance.CHANGED) == 1, [(r.name, r.status) for r in rows]
    assert [r.status for r in rows].count(provenance.NATIONAL_WORD) == len(rows) - 1
