"""Where the project's own files are: defined once, read by every layer."""

from __future__ import annotations

import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parent
PROJECT = PACKAGE.parent  # the checkout: mkdocs.yml, docs/, national/, data/, schemas/
CONFIG = PROJECT / "mkdocs.yml"  # the one MkDocs configuration of every edition and audience
DOCS = PROJECT / "docs"  # theme overrides and site assets (no page sources)
CACHE = PROJECT / ".cache"  # the build cache (PDFs, the input index) unless --cache-dir says otherwise
NATIONAL = PROJECT / "national"  # the national base edition every city extends
NATIONAL_NAME = "national"  # how `extends:` names it
DEFAULT_DATA = PROJECT / "data"  # the sample edition, built by `make site`
SCHEMAS = PROJECT / "schemas"  # JSON Schemas for editors (handbook schema)
TEMPLATES = PACKAGE / "templates"  # Jinja templates: pages/, pdf/, scaffold/
ASSETS = PACKAGE / "assets"  # print.css and anything else a PDF may load
