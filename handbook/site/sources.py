"""A site's sources: for an edition and an audience, everything a static site engine needs, and a folder of them.

`collect` makes them from the edition (a plain function of loaded data; no engine involved): the site's
settings (its name and description as text, its language and address), the navigation, every page of the
audience's registry as Markdown with its prose as inert tokens, the stash those tokens stand for, and the
extra files (the figures as CSV). `write` puts them in a folder with a configuration made from the project's
mkdocs.yml that lists the handbook's Markdown extension (handbook.site.markdown) with the stash, so any
engine that reads mkdocs.yml and renders with Python-Markdown builds the same pages from it.
"""

from __future__ import annotations

import json
import pathlib
import shutil
from dataclasses import dataclass, field

import yaml

from .. import atomic
from ..edition import Edition
from ..pages import registry
from ..pages.markdown import safe_url
from ..paths import CONFIG, DOCS
from ..problems import BuildFailed
from ..text import theme_text
from ..view import for_audience
from . import EXTENSION

STASH_FILE = "stash.json"
DOCS_DIR = "docs"
SHARED = ("assets", "overrides")  # what the project's docs/ folder gives every site: CSS, scripts, the theme's override


@dataclass
class Sources:
    """One audience's site, before any engine has made it."""

    audience: str
    site_name: str  # as the theme shows it (escaped text)
    description: str
    language: str
    site_url: str | None
    nav: list
    pages: dict[str, str] = field(default_factory=dict)  # src -> Markdown, prose as tokens
    stash: dict[str, dict] = field(default_factory=dict)  # nonce -> a page's stash data (handbook.prose.Stash.data)
    files: dict[str, str] = field(default_factory=dict)  # path in the site -> text (CSV of the figures)
    roots: list[pathlib.Path] = field(default_factory=list)  # the edition's folder (a preview watches it)

    def apply(self, config) -> None:
        """Set this site's name, description, address, navigation, language and audience in a configuration: a
        mapping read from mkdocs.yml, or the configuration MkDocs loaded (the handbook plugin's on_config)."""
        config["site_name"], config["site_description"], config["nav"] = self.site_name, self.description, self.nav
        if self.site_url:
            config["site_url"] = self.site_url
        config["theme"]["language"] = self.language
        config["extra"]["audience"] = self.audience


def collect(edition: Edition, audience: str, downloads: bool = False) -> Sources:
    """The sources of edition's site for audience (edition: the checked edition, as loaded; its audience's view is
    taken here). With downloads, pages link to the PDFs the build makes."""
    seen = for_audience(edition, audience)
    page_list = registry.pages(seen, audience)
    j = seen.jurisdiction
    if audience == "public":  # the header says what the pages say: a guide for residents
        site_name = f"{j.name}: code enforcement guide for residents"
        description = f"How {j.department} handles a report of a problem with a home, yard or building."
    else:
        site_name = f"{j.name} Code Enforcement Handbook (staff)"
        description = f"How {j.department} trains inspectors and handles code enforcement cases."
    site_url = None
    if j.site_url and safe_url(j.site_url):
        site_url = safe_url(j.site_url).rstrip("/") + "/" + (audience + "/" if audience == "staff" else "")
    sources = Sources(
        audience=audience,
        site_name=theme_text(site_name),
        description=theme_text(description),
        language=j.language.split("-")[0],
        site_url=site_url,
        nav=registry.nav(page_list),
        roots=[edition.root],
    )
    for page in page_list:
        ctx = registry.context(seen, audience, page, page_list, downloads)
        sources.pages[page.src], stash = page.rendered(ctx)
        sources.stash[stash.nonce] = stash.data()
    sources.files.update(registry.extra_files(seen, audience))
    return sources


def configuration(sources: Sources, config_file: pathlib.Path = CONFIG, stash: object = None) -> dict:
    """The project's mkdocs.yml with this site's settings, navigation and the handbook's Markdown extension (given
    stash: the mapping, or the path of its file); without the handbook's MkDocs plugin, which made these."""
    config = yaml.safe_load(pathlib.Path(config_file).read_text(encoding="utf-8"))
    config.setdefault("theme", {})
    config["extra"] = config.get("extra") or {}
    sources.apply(config)
    config["plugins"] = [
        p for p in config.get("plugins", []) if p != "handbook" and "handbook" not in (p if isinstance(p, dict) else {})
    ]
    extensions = [
        e
        for e in config.get("markdown_extensions", [])
        if e != EXTENSION and EXTENSION not in (e if isinstance(e, dict) else {})
    ]
    config["markdown_extensions"] = [*extensions, {EXTENSION: {"stash": stash if stash is not None else sources.stash}}]
    return config


def write(
    sources: Sources,
    folder: pathlib.Path,
    site_dir: pathlib.Path,
    config_file: pathlib.Path = CONFIG,
    theme: dict | None = None,
) -> pathlib.Path:
    """Write the sources into folder (a new, empty folder the build made): docs/ with every page and extra file and
    the project's assets and theme override, the stash, and mkdocs.yml building into site_dir. Returns mkdocs.yml.
    theme: settings an engine needs besides the project's (Zensical's variant)."""
    folder = pathlib.Path(folder)
    docs = folder / DOCS_DIR
    docs.mkdir(parents=True)
    for name in SHARED:
        if (DOCS / name).is_dir():
            shutil.copytree(DOCS / name, docs / name)
    for src, body in [*sources.pages.items(), *sources.files.items()]:
        target = docs / src
        if not target.resolve().is_relative_to(docs.resolve()):
            raise BuildFailed(f"{src}: a page's path leads outside the site's folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    stash_file = folder / STASH_FILE
    atomic.write_atomically(stash_file, json.dumps(sources.stash))
    config = configuration(sources, config_file, stash=str(stash_file))
    config.update(docs_dir=DOCS_DIR, site_dir=str(site_dir))
    if theme:
        config["theme"] = {**config["theme"], **theme}
    written = folder / "mkdocs.yml"
    written.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written
