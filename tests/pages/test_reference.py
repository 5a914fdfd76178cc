"""The data reference lists every key of every model, so it cannot drift from the checks."""
from handbook.edition import kinds
from handbook.pages import reference


def test_every_key_of_every_model_is_listed():
    page = reference.reference_page()
    for model in [kind.model for kind in kinds.KINDS]:
        for part in reference.nested_models(model):
            assert f"**{part.__name__}**" in page
            for name, info in part.model_fields.items():
                assert f"| `{info.alias or name}` |" in page, (part.__name__, name)


def test_allowed_values_and_required_keys_are_spelled_out():
    page = reference.reference_page()
    assert ("| `who_may_contact` | one of: `any inspector`, `senior inspector`, `leadership`: who on the team may call "
            "them; left out, the handbook says it is to be decided (never shown on the public site) |") in page
    assert "| `mission` | prose: *emphasis*, **bold**, lists and links `[text](https://…)` allowed; links only to https, http, mailto and tel addresses; no HTML or images | yes |" in page
    assert "| `url` | web address, written with `https://` in front (other addresses are shown as text) |" in page
    assert "| `id` | id (lowercase letters, digits, hyphens) | yes |" in page


def test_reference_page_is_on_the_staff_site_only(built_site_html):
    assert "who_may_contact" in (built_site_html / "staff/reference/index.html").read_text()
    assert not (built_site_html / "public/reference").exists()
