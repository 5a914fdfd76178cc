"""mkdocs-macros module: registrations only. The work is in handbook.render.

Each macro renders one thing from the loaded edition; the edition is loaded once per change
of the data (handbook.edition.load_edition_cached), shared with the MkDocs hooks.
"""
from __future__ import annotations

import pathlib

from handbook import provenance, render, site
from handbook.edition import load_edition_cached


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def current():
        data_dir, audience = site.settings(config_dir)
        edition = load_edition_cached(data_dir)
        return edition, audience, site.pages(edition, audience)

    env.macro(lambda: render.home_page(current()[0], site.guide(current()[2])), "home_page")
    env.macro(lambda: render.curriculum_page(current()[0]), "curriculum_page")
    env.macro(lambda module_id: render.module_page(current()[0], module_id), "module_page")
    env.macro(lambda: render.data_page(current()[0]), "data_page")
    env.macro(lambda: provenance.provenance_page(current()[0]), "provenance_page")
