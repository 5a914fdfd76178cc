"""Every page's Markdown for one audience, rendered with the site's own macros but without MkDocs.

Used by the reading-grade check (handbook.readability) and the benchmark's plain-MkDocs
comparison (scripts/bench.py), so both see exactly what a build would render.
"""
from __future__ import annotations

import pathlib
import re
import types

import jinja2

from . import audience as audiences, site
from .build import CONFIG, environ
from .department_pages import FRONT_MATTER
from .edition import DATA_ENV


def _macros(config_file: pathlib.Path) -> tuple[dict, types.SimpleNamespace]:
    """The site's macros as macros.define_env registers them, with the stand-in environment they read."""
    import macros

    found: dict = {}
    env = types.SimpleNamespace(conf=types.SimpleNamespace(config_file_path=str(config_file)), variables={},
                                macro=lambda fn, name=None: found.__setitem__(name or fn.__name__, fn),
                                filter=lambda fn, name=None: None, page=None)
    macros.define_env(env)
    return found, env


def page_url(page: site.Page) -> str:
    """'training/purpose.md' -> 'training/purpose/'; 'index.md' -> '' (as MkDocs gives page.url)."""
    path = page.src.removesuffix(".md").removesuffix("index").rstrip("/")
    return path + "/" if path else ""


def page_markdown(page: site.Page, docs_dir: pathlib.Path, macro_env: jinja2.Environment) -> str:
    """A page's Markdown after its macros ran, front matter removed, as MkDocs would render it."""
    source = page.source() if page.generated else (docs_dir / page.src).read_text(encoding="utf-8")
    match = FRONT_MATTER.match(source)
    body = source[match.end():] if match else source
    if match and re.search(r"^render_macros:\s*true\s*$", match.group(1) or "", re.M):
        body = macro_env.from_string(body).render()
    return body


def rendered_pages(data_dir: pathlib.Path, audience: str, config_file: pathlib.Path = CONFIG) -> list[tuple[site.Page, str]]:
    """Each page of the audience's site with its rendered Markdown, in navigation order."""
    docs_dir = config_file.parent / "docs"
    with environ(**{DATA_ENV: str(pathlib.Path(data_dir).resolve()), site.AUDIENCE_ENV: audience}):
        macro_env = jinja2.Environment(undefined=jinja2.StrictUndefined)
        found, stand_in = _macros(config_file)
        macro_env.globals.update(found)
        edition = audiences.load(pathlib.Path(data_dir), audience)
        result = []
        for page in site.pages(edition, audience):
            stand_in.page = types.SimpleNamespace(url=page_url(page))
            result.append((page, page_markdown(page, docs_dir, macro_env)))
    return result
