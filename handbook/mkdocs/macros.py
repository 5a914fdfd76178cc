"""The mkdocs-macros module: registrations only.

Generated pages do not need macros (the hooks write their Markdown from the page registry), and a
department's own page runs its macros in handbook.pages.own's sandbox before MkDocs sees it. The
same functions (handbook.pages.macros.MACROS) are registered here by name, each with its
description, so `macros_info()` lists what a page may call; the root `macros/` package is a one-line
shim to this.
"""
from __future__ import annotations

import pathlib

from .. import view
from ..pages import registry
from ..pages.context import Context
from ..pages.macros import DESCRIPTIONS, MACROS
from . import settings


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def context() -> Context:
        """The current page's context: the audience's edition (loaded once per change) and the page."""
        current = settings.current(config_dir)
        edition = view.load(current.data_dir, current.audience)
        page = getattr(env, "page", None)
        src = page.file.src_uri if page is not None and getattr(page, "file", None) else "index.md"
        page_list = registry.pages(edition, current.audience)
        return Context(edition=edition, audience=current.audience, src=src, downloads=current.downloads,
                       guide=registry.guide(page_list))

    def registered(name: str, function):
        def macro(*args):
            return function(context(), *args)
        macro.__name__ = name
        macro.__doc__ = DESCRIPTIONS[name]
        return macro

    for name, function in MACROS.items():
        env.macro(registered(name, function), name)
