"""Every page's Markdown for one audience, as a build would render it, without MkDocs.

Used by the reading-grade check (readability.py) and the benchmark's plain-MkDocs comparison
(scripts/bench.py). Pages come from the page registry, as in the site's sources, with their prose in place.
"""

from __future__ import annotations

import pathlib

from .. import view
from ..edition.own_pages import FRONT_MATTER
from ..pages import registry
from ..paths import CONFIG


def rendered_pages(
    data_dir: pathlib.Path, audience: str, config_file: pathlib.Path = CONFIG
) -> list[tuple[registry.Page, str]]:
    """Each page of the audience's site with its rendered Markdown (front matter removed), in navigation order."""
    edition = view.load(pathlib.Path(data_dir), audience)
    result = []
    for page, markdown_text in registry.render_all(edition, audience):
        match = FRONT_MATTER.match(markdown_text)
        result.append((page, markdown_text[match.end() :] if match else markdown_text))
    return result
