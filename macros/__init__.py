"""mkdocs-macros module: registrations only. The work is in handbook.render, handbook.compose and their siblings.

Each macro renders one thing from the edition as the build's audience may see it
(handbook.audience.load: loaded once per change of the data, shared with the MkDocs hooks).
"""
from __future__ import annotations

import pathlib

from handbook import audience as audiences, compose, process_pages, provenance, reference, render, render_training, site


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def current():
        data_dir, audience = site.settings(config_dir)
        edition = audiences.load(data_dir, audience)
        return edition, audience, site.pages(edition, audience)

    def with_edition(function, name):
        """Register function(edition, *args) as the macro name(*args)."""
        env.macro(lambda *args: function(current()[0], *args), name)

    def with_context(function, name):
        """Register function(edition, audience, page_url, *args) as the macro name(*args)."""
        env.macro(lambda *args: function(*current()[:2], env.page.url, *args), name)

    env.macro(lambda: render.home_page(current()[0], site.guide(current()[2]), current()[1]), "home_page")
    with_context(compose.home_downloads, "home_downloads")
    with_edition(render.curriculum_page, "curriculum_page")
    with_context(compose.module_page, "module_page")
    with_edition(render.data_page, "data_page")
    with_edition(provenance.provenance_page, "provenance_page")
    env.macro(reference.reference_page, "data_reference")
    with_context(compose.partners_page, "partners_page")
    with_context(compose.situations_page, "situations_page")
    with_context(compose.programs_page, "programs_page")
    with_context(compose.complaint_guide, "complaint_guide")
    with_edition(process_pages.standards_page, "service_standards")
    with_edition(process_pages.expectations_page, "staff_expectations")
    with_edition(process_pages.help_page, "help_page")
    with_edition(process_pages.policy_page, "policy_page")
    with_edition(render_training.agendas_page, "agendas_page")
    with_edition(render_training.plan_page, "plan_page")
    with_edition(render_training.case_studies_page, "case_studies_page")
    with_edition(render_training.matrix_page, "matrix_page")
    with_edition(render_training.economics_page, "economics_page")
