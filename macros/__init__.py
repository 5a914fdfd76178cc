"""mkdocs-macros module: registrations only. The work is in handbook.render and handbook.directory.

Each macro renders one thing from the loaded edition; the edition is loaded once per change
of the data (handbook.edition.load_edition_cached), shared with the MkDocs hooks.
"""
from __future__ import annotations

import pathlib

from handbook import directory, downloads, render, site
from handbook.edition import load_edition_cached


def define_env(env):
    config_dir = pathlib.Path(env.conf.config_file_path).parent

    def current():
        data_dir, audience = site.settings(config_dir)
        edition = load_edition_cached(data_dir)
        return edition, audience, site.pages(edition, audience)

    def pdf_links(found: list, heading: str = "") -> str:
        """The "Download PDF" links of the page being rendered, for this build's audience."""
        return downloads.links(found, current()[1], downloads.root_of(env.page.url), heading)

    def module_page(module_id):
        edition = current()[0]
        module = edition.module(module_id)
        block = directory.partners_block(edition.partners, module.shows_partners, f"training/{module_id}.md")
        return render.module_page(edition, module_id, block, pdf_links(downloads.agendas(module)))

    env.macro(lambda: render.home_page(current()[0], site.guide(current()[2])), "home_page")
    env.macro(lambda: pdf_links(downloads.whole_handbook(current()[0]) + downloads.repair_sheet(current()[0]),
                                "Printable copies"), "home_downloads")
    env.macro(lambda: render.curriculum_page(current()[0]), "curriculum_page")
    env.macro(module_page, "module_page")
    env.macro(lambda: render.data_page(current()[0]), "data_page")
    env.macro(lambda kind: directory.partners_page(current()[0].partners, kind,
                                                   pdf_links(downloads.contact_list(current()[0]))), "partners_page")
    env.macro(lambda: directory.situations_page(current()[0].partners,
                                                pdf_links(downloads.contact_list(current()[0]))), "situations_page")
    env.macro(lambda: directory.programs_page(current()[0].programs, current()[0].partners,
                                              pdf_links(downloads.repair_sheet(current()[0]))), "programs_page")
