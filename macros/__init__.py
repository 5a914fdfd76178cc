"""mkdocs-macros module: registrations only. The work is in handbook.render and its siblings.

Each macro renders one thing from the loaded edition; the edition is loaded once per change
of the data (handbook.edition.load_edition_cached), shared with the MkDocs hooks.
"""
from __future__ import annotations

import pathlib

from handbook import reference, render, render_training, site
from handbook.edition import load_edition_cached


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def current():
        data_dir, audience = site.settings(config_dir)
        edition = load_edition_cached(data_dir)
        return edition, audience, site.pages(edition, audience)

    def with_edition(function, name):
        """Register function(edition, *args) as the macro name(*args)."""
        env.macro(lambda *args: function(current()[0], *args), name)

    env.macro(lambda: render.home_page(current()[0], site.guide(current()[2])), "home_page")
    with_edition(render.curriculum_page, "curriculum_page")
    with_edition(render.module_page, "module_page")
    with_edition(render.data_page, "data_page")
    env.macro(reference.reference_page, "data_reference")
    with_edition(render_training.agendas_page, "agendas_page")
    with_edition(render_training.plan_page, "plan_page")
    with_edition(render_training.case_studies_page, "case_studies_page")
    with_edition(render_training.matrix_page, "matrix_page")
    with_edition(render_training.economics_page, "economics_page")
