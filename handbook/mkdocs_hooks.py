"""MkDocs hooks: load the edition, choose the audience's pages and navigation, watch the data.

Loaded from mkdocs.yml (`hooks:`). Rendering itself is in handbook.render; PDFs are made by
`handbook build`, outside the MkDocs plugin chain.
"""
from __future__ import annotations

import logging
import pathlib

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from handbook import audience as audiences, render, site
from handbook.errors import EditionError
from handbook.overlay import roots
from handbook.text import theme_text

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict = {}



def on_config(config):
    """Load the data (once), then set the site name, language and the audience's navigation."""
    try:
        data_dir, audience = site.settings(pathlib.Path(config.config_file_path).parent)
        edition = audiences.load(data_dir, audience)
    except EditionError as exc:
        raise PluginError("the handbook data has errors:\n" + str(exc)) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    page_list = site.pages(edition, audience)
    _state.update(edition=edition, audience=audience, pages=page_list, data_dir=data_dir)
    j = edition.jurisdiction
    site_name = f"{j.name} Code Enforcement Handbook" + (" (staff)" if audience == "staff" else "")
    config.site_name = theme_text(site_name)
    config.site_description = theme_text(f"How {j.department} trains inspectors and handles code enforcement cases.")
    config.theme["language"] = j.language.split("-")[0]
    if j.site_url and render.safe_url(j.site_url) != "#":
        config.site_url = render.safe_url(j.site_url).rstrip("/") + "/" + (audience + "/" if audience == "staff" else "")
    config.nav = site.nav(page_list)   # titles escaped there, once
    config.extra["audience"] = audience
    return config


def on_files(files: Files, config) -> Files:
    """Keep only this audience's pages; add the pages generated from the data."""
    page_list = _state["pages"]
    wanted = {page.src for page in page_list}
    kept = [f for f in files if not f.is_documentation_page() or f.src_uri in wanted]
    result = Files(kept)
    for page in page_list:
        if page.generated and result.get_file_from_path(page.src) is None:
            result.append(File.generated(config, page.src, content=page.source()))
    missing = sorted(wanted - {f.src_uri for f in result})
    if missing:
        raise PluginError(f"pages listed for the {_state['audience']} site are missing from docs/: {', '.join(missing)}")
    return result


def on_serve(server, config, builder):
    """Rebuild when a data file changes (here or in a base edition), not only when docs/ does."""
    for folder in roots(_state["data_dir"]):
        server.watch(str(folder))
    return server
