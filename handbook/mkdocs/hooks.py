"""MkDocs hooks: load the edition, write the audience's pages from the registry, set the navigation.

Loaded from mkdocs.yml (`hooks:`). Every page's Markdown comes from handbook.pages.registry, so
the site, the offline renderer and handbook.pdf show the same text; PDFs are made by
`handbook build`, outside the MkDocs plugin chain.
"""
from __future__ import annotations

import logging
import pathlib
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from handbook import prose, view
from handbook.edition.overlay import roots
from handbook.mkdocs import settings
from handbook.pages import registry
from handbook.pages.markdown import safe_url
from handbook.problems import BuildFailed, EditionError
from handbook.text import theme_text

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict = {}


def on_config(config):
    """Load the data (once), then set the site name, language and the audience's navigation."""
    try:
        current = settings.current(pathlib.Path(config.config_file_path).parent)
        edition = view.load(current.data_dir, current.audience)
    except EditionError as exc:
        raise PluginError("the handbook data has errors:\n" + str(exc)) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    audience = current.audience
    page_list = registry.pages(edition, audience)
    _state.update(edition=edition, audience=audience, pages=page_list, data_dir=current.data_dir,
                  downloads=current.downloads)
    j = edition.jurisdiction
    if audience == "public":        # the header says what the pages say: a guide for residents
        site_name = f"{j.name}: code enforcement guide for residents"
        description = f"How {j.department} handles a report of a problem with a home, yard or building."
    else:
        site_name = f"{j.name} Code Enforcement Handbook (staff)"
        description = f"How {j.department} trains inspectors and handles code enforcement cases."
    config.site_name = theme_text(site_name)
    config.site_description = theme_text(description)
    config.theme["language"] = j.language.split("-")[0]
    if j.site_url and safe_url(j.site_url):
        config.site_url = safe_url(j.site_url).rstrip("/") + "/" + (audience + "/" if audience == "staff" else "")
    config.nav = registry.nav(page_list)   # titles escaped there, once
    config.extra["audience"] = audience
    return config


def on_files(files: Files, config) -> Files:
    """Keep the site's assets; add every page of the audience, written from the registry.

    Each page's prose waits in its stash (handbook.prose) until MkDocs has made the page's HTML."""
    edition, audience, page_list = _state["edition"], _state["audience"], _state["pages"]
    result = Files([f for f in files if not f.is_documentation_page()])
    stashes = _state["stashes"] = {}
    own = _state["own"] = set()
    for page in page_list:
        ctx = registry.context(edition, audience, page, page_list, _state["downloads"])
        try:
            markdown_text, stashes[page.src] = page.rendered(ctx)
        except BuildFailed as exc:
            raise PluginError(str(exc)) from None
        if page.own:
            own.add(page.src)
        result.append(File.generated(config, page.src, content=markdown_text))
    for path, content in registry.extra_files(edition, audience):
        result.append(File.generated(config, path, content=content))
    return result


def on_page_content(html: str, page, config, files) -> str:
    """Put each page's prose in place (clean HTML); clean a department's own page against the allowlist;
    make every phone number in the page's text a number a phone can call, and wide tables cards on a phone."""
    src = page.file.src_uri
    stash = _state.get("stashes", {}).get(src)
    if stash is not None:
        html = stash.fill(html)
    if src in _state.get("own", set()):
        html = prose.clean_page(html)
        page.toc = table_of_contents(html)   # its own headings were made outside Python-Markdown's toc
    return prose.stack_tables(prose.call_links(html))


def table_of_contents(html: str):
    """The page's table of contents from the headings (with an id) of its final HTML, nested by level."""
    tokens: list[dict] = []
    open_: list[dict] = []
    for level, anchor, inner in re.findall(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', html, re.S):
        name = re.sub(r"<[^>]*>", "", re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)).strip()
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return get_toc(tokens)


def on_serve(server, config, builder):
    """Rebuild when a data file changes (here or in a base edition), not only when docs/ does."""
    for folder in roots(_state["data_dir"]):
        server.watch(str(folder))
    return server
