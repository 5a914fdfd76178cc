"""The mkdocs-macros module: named registrations only, for a department's own pages.

Generated pages do not need macros (the hooks write their Markdown from the page registry). A
department page that says `render_macros: true` may call these, each rendering one part of the
handbook as the build's audience may see it. Each is a named function with a docstring, so
`macros_info()` lists what a page may call. The root `macros/` package is a one-line shim to this.
"""
from __future__ import annotations

import pathlib

from .. import view
from ..pages import about, home, partners, process, registry, training
from ..pages.context import Context
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

    @env.macro
    def home_page() -> str:
        """The home page: who we are, how to reach us, and the map of the site."""
        return home.home_page(context())

    @env.macro
    def curriculum_page() -> str:
        """The training curriculum: every module with its session lengths."""
        return training.curriculum_page(context().edition)

    @env.macro
    def module_page(module_id: str) -> str:
        """One training module's page, e.g. module_page("purpose")."""
        return training.module_page(context(), module_id)

    @env.macro
    def partners_page(kind: str) -> str:
        """One partner directory: partners_page("internal") or partners_page("external")."""
        return partners.partners_section(context(), kind)

    @env.macro
    def situations_page() -> str:
        """Which partner to call for which situation."""
        return partners.situations_section(context())

    @env.macro
    def programs_page() -> str:
        """The repair and assistance programs for owners."""
        return partners.programs_section(context())

    @env.macro
    def complaint_guide() -> str:
        """How a complaint becomes a case: categories with their targets, and the steps."""
        return process.complaint_guide(context().edition)

    @env.macro
    def service_standards() -> str:
        """The service standards with their measurable targets."""
        return process.standards_page(context().edition)

    @env.macro
    def staff_expectations() -> str:
        """What every inspector does on every case (staff site only)."""
        return process.expectations_page(context().edition)

    @env.macro
    def help_page() -> str:
        """Programs and partners that help owners, with their contacts."""
        return process.help_page(context().edition)

    @env.macro
    def policy_page(policy_id: str) -> str:
        """One adopted policy, e.g. policy_page("proactive-enforcement")."""
        return process.policy_page(context().edition, policy_id)

    @env.macro
    def agendas_page() -> str:
        """Every session agenda with clock times."""
        return training.agendas_page(context().edition)

    @env.macro
    def data_page() -> str:
        """What the data holds and when each part was last verified."""
        return about.data_page(context().edition)
