"""Every page's Markdown for one audience, as a build would render it, without MkDocs.

Used by the reading-grade check (readability.py) and the benchmark's plain-MkDocs comparison
(scripts/bench.py). Generated pages come from the page registry, as in the hooks; a department
page that opts in to macros is rendered with the site's own macros, as mkdocs-macros would.
"""
from __future__ import annotations

import pathlib
import re
import types

import jinja2

from .. import view
from ..edition.own_pages import FRONT_MATTER
from ..pages import registry
from ..pages.context import Context
from ..paths import CONFIG
from . import macros, settings


def _macros(config_file: pathlib.Path) -> tuple[dict, types.SimpleNamespace]:
    """The site's macros as define_env registers them, with the stand-in environment they read."""
    found: dict = {}

    def macro(fn, name=None):
        found[name or fn.__name__] = fn
        return fn

    env = types.SimpleNamespace(conf=types.SimpleNamespace(config_file_path=str(config_file)), variables={},
                                macro=macro, filter=lambda fn, name=None: fn, page=None)
    macros.define_env(env)
    return found, env


def _with_macros(source: str, macro_env: jinja2.Environment) -> str:
    """A page's Markdown after its macros ran (when it opts in), front matter removed."""
    match = FRONT_MATTER.match(source)
    body = source[match.end():] if match else source
    if match and re.search(r"^render_macros:\s*true\s*$", match.group(1) or "", re.M):
        body = macro_env.from_string(body).render()
    return body


def rendered_pages(data_dir: pathlib.Path, audience: str,
                   config_file: pathlib.Path = CONFIG) -> list[tuple[registry.Page, str]]:
    """Each page of the audience's site with its rendered Markdown, in navigation order."""
    with settings.environ(**settings.variables(data_dir, audience)):
        macro_env = jinja2.Environment(undefined=jinja2.StrictUndefined)
        found, stand_in = _macros(config_file)
        macro_env.globals.update(found)
        edition = view.load(pathlib.Path(data_dir), audience)
        result = []
        for page, markdown_text in registry.render_all(edition, audience):
            stand_in.page = types.SimpleNamespace(url=Context(edition, audience, page.src).url,
                                                  file=types.SimpleNamespace(src_uri=page.src))
            result.append((page, _with_macros(markdown_text, macro_env)))
    return result
