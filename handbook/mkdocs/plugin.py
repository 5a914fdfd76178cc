"""The handbook's MkDocs plugin: the site's sources handed to MkDocs, the edition handed to the plugin.

mkdocs.yml lists it (`plugins: - handbook`, found through the `mkdocs.plugins` entry point). `handbook build`
and `handbook serve` load the configuration, hand the plugin the checked edition with `hand()`, and run
MkDocs; run by hand (`mkdocs build`, `mkdocs serve`), the plugin loads the edition its typed configuration
names (`edition`, relative to mkdocs.yml). Either way the pages are handbook.site.sources' and are made safe by
the handbook's Markdown extension inside the Markdown step (handbook.site.markdown), as with any engine.
"""

from __future__ import annotations

import pathlib

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..edition import Edition, load_edition_cached
from ..edition.overlay import roots
from ..problems import BuildFailed, EditionError
from ..site import EXTENSION
from ..site import sources as site_sources
from ..view import AUDIENCES


class HandbookConfig(base.Config):
    edition = c.Type(str, default="data")  # the edition's folder, relative to mkdocs.yml (run by hand)
    audience = c.Choice(AUDIENCES, default="staff")
    downloads = c.Type(bool, default=False)  # the build makes the PDFs, so pages link to them


class HandbookPlugin(BasePlugin[HandbookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.edition: Edition | None = None  # the checked edition, handed by `handbook build` or `serve`
        self.sources: site_sources.Sources | None = None

    def hand(self, edition: Edition, audience: str, downloads: bool = False) -> None:
        """Build edition's site for audience (downloads: pages link to the PDFs) instead of what mkdocs.yml names."""
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}; use {' or '.join(AUDIENCES)}")
        self.edition = edition
        self.config.audience, self.config.downloads = audience, downloads

    def on_config(self, config):
        """Collect the sources; set the site's name, language, address, navigation and the Markdown extension."""
        edition = self.edition
        try:
            if edition is None:
                edition = load_edition_cached(pathlib.Path(config.config_file_path).parent / self.config.edition)
            self.sources = found = site_sources.collect(edition, self.config.audience, self.config.downloads)
        except EditionError as exc:
            raise PluginError("the handbook data has errors:\n" + str(exc)) from None
        except BuildFailed as exc:
            raise PluginError(str(exc)) from None
        found.apply(config)
        if EXTENSION not in config.markdown_extensions:  # the safe path never hangs on mkdocs.yml listing it
            config.markdown_extensions.append(EXTENSION)
        config.mdx_configs[EXTENSION] = {"stash": found.stash}
        return config

    def on_files(self, files: Files, config) -> Files:
        """Keep the site's assets; add every page and extra file of the sources."""
        result = Files([f for f in files if not f.is_documentation_page()])
        for path, content in [*self.sources.pages.items(), *self.sources.files.items()]:
            result.append(File.generated(config, path, content=content))
        return result

    def on_serve(self, server, config, builder):
        """Rebuild when a data file changes (here or in a base edition), not only when docs/ does."""
        for folder in roots(self.sources.roots[0]):
            server.watch(str(folder))
        return server
