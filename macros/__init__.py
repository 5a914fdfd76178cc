"""mkdocs-macros looks for `module_name: macros`; the registrations live in handbook.mkdocs.macros."""
from handbook.mkdocs.macros import define_env  # noqa: F401
