"""mkdocs-macros module: registrations only. The work is in handbook.render and handbook.process_pages.

Each macro renders one thing from the edition as the build's audience may see it
(handbook.audience.load: loaded once per change of the data, shared with the MkDocs hooks).
"""
from __future__ import annotations

import pathlib

from handbook import audience as audiences, process_pages, render, site


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def current():
        data_dir, audience = site.settings(config_dir)
        edition = audiences.load(data_dir, audience)
        return edition, audience, site.pages(edition, audience)

    env.macro(lambda: render.home_page(current()[0], site.guide(current()[2]), current()[1]), "home_page")
    env.macro(lambda: render.curriculum_page(current()[0]), "curriculum_page")
    env.macro(lambda module_id: render.module_page(current()[0], module_id), "module_page")
    env.macro(lambda: render.data_page(current()[0]), "data_page")
    env.macro(lambda: process_pages.complaint_guide(current()[0]), "complaint_guide")
    env.macro(lambda: process_pages.standards_page(current()[0]), "service_standards")
    env.macro(lambda: process_pages.expectations_page(current()[0]), "staff_expectations")
    env.macro(lambda: process_pages.help_page(current()[0]), "help_page")
    env.macro(lambda policy_id: process_pages.policy_page(current()[0], policy_id), "policy_page")
