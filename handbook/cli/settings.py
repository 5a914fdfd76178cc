"""The command line's defaults from the environment: the only reader of the HANDBOOK_* variables.

Everything below the command line takes folders as arguments; `handbook build` hands the checked edition
to the site engine itself (handbook.mkdocs.plugin), never through the environment.
"""

from __future__ import annotations

import os
import pathlib

from .. import paths

DATA_ENV = "HANDBOOK_DATA"  # the edition's data folder
CACHE_ENV = "HANDBOOK_CACHE"  # where the build keeps its cache (PDFs, the input index)


def data_dir() -> pathlib.Path:
    """The data folder: $HANDBOOK_DATA, else data/ in the current folder."""
    return pathlib.Path(os.environ.get(DATA_ENV) or "data")


def cache_dir() -> pathlib.Path:
    """The build cache: $HANDBOOK_CACHE, else the project's .cache/ (never beside a published folder)."""
    return pathlib.Path(os.environ.get(CACHE_ENV) or paths.CACHE)


def matplotlib_home() -> None:
    """matplotlib keeps its font list in the folder $MPLCONFIGDIR names: the build cache's, never one elsewhere on
    the machine (unless the caller chose one)."""
    os.environ.setdefault("MPLCONFIGDIR", str(cache_dir() / "matplotlib"))
