"""Zensical as the site engine (`handbook build --engine zensical`): the same sources, the same Markdown step.

Zensical, from the makers of Material for MkDocs, reads mkdocs.yml and renders each page with Python-Markdown
and the extensions the configuration lists, but runs no MkDocs plugin or hook. So the build writes the
audience's sources to a folder of their own (handbook.site.sources: every page, the stash, a configuration
that lists handbook.site.markdown) and runs Zensical on it in a process of its own, which dies with the build.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import subprocess
import sys

from .. import children
from ..paths import CONFIG
from ..problems import BuildFailed
from ..text import visible
from . import sources as site_sources

VERSION = "0.0.73"  # the version the project's `zensical` extra pins and its tests build with
THEME = {"variant": "classic"}  # Material's look (Zensical's own "modern" look differs from the MkDocs site's)
TIMEOUT = 30 * 60  # seconds; a site of thousands of pages builds in well under a minute


def installed() -> str | None:
    """The installed Zensical's version, or None."""
    try:
        return importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        return None


def build(
    sources: site_sources.Sources, site_dir: pathlib.Path, work: pathlib.Path, config_file: pathlib.Path = CONFIG
) -> None:
    """Build the sources' site into site_dir with Zensical, through the folder work (new; the build removes it)."""
    version = installed()
    if version is None:
        raise BuildFailed(
            "Zensical is not installed; install the project with its extra (pip install -e "
            f"'.[zensical]', which pins zensical=={VERSION}), or build with --engine mkdocs"
        )
    made = pathlib.Path(work) / "site"  # Zensical builds only inside the folder of its configuration
    config = site_sources.write(sources, work, made, config_file, theme=THEME)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            preexec_fn=children.die_with_parent,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BuildFailed(
            f"the {sources.audience} site did not build: Zensical ran for over {TIMEOUT // 60} minutes and was stopped"
        ) from None
    said = [visible(line) for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0 or not (made / "index.html").is_file():
        detail = "\n".join(said[-20:]) or f"Zensical {version} stopped with exit code {done.returncode}"
        raise BuildFailed(f"the {sources.audience} site did not build with Zensical {version}:\n{detail}")
    made.rename(site_dir)
