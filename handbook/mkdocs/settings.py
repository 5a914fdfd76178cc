"""The build's settings as MkDocs sees them: the only reader of the HANDBOOK_* environment variables.

`handbook build` runs MkDocs once per audience and passes the edition's folder, the audience and
whether PDFs are made through the environment (MkDocs has no other way in); everything else in
the package takes them as arguments.
"""
from __future__ import annotations

import contextlib
import os
import pathlib
from dataclasses import dataclass

from ..paths import PROJECT
from ..view import AUDIENCES

DATA_ENV = "HANDBOOK_DATA"          # the edition's data folder
AUDIENCE_ENV = "HANDBOOK_AUDIENCE"  # staff or public
PDF_ENV = "HANDBOOK_PDF"            # "1" when this build writes the PDFs, so pages link to them
CACHE_ENV = "HANDBOOK_CACHE"        # where the build keeps its cache (PDFs, the input index)


@dataclass(frozen=True)
class Settings:
    data_dir: pathlib.Path
    audience: str
    downloads: bool


def data_dir() -> pathlib.Path:
    """The data folder: $HANDBOOK_DATA, else data/ in the current folder."""
    return pathlib.Path(os.environ.get(DATA_ENV) or "data")


def cache_dir() -> pathlib.Path:
    """The build cache: $HANDBOOK_CACHE, else the project's .cache/ (never beside a published folder)."""
    return pathlib.Path(os.environ.get(CACHE_ENV) or PROJECT / ".cache")


def current(config_dir: pathlib.Path | None = None) -> Settings:
    """This build's settings; without $HANDBOOK_DATA, the data/ folder beside mkdocs.yml."""
    data = os.environ.get(DATA_ENV)
    folder = pathlib.Path(data) if data else pathlib.Path(config_dir or ".") / "data"
    audience = os.environ.get(AUDIENCE_ENV) or "staff"
    if audience not in AUDIENCES:
        raise ValueError(f"{AUDIENCE_ENV}={audience!r}: the audience must be one of {', '.join(AUDIENCES)}")
    return Settings(folder, audience, os.environ.get(PDF_ENV) == "1")


def variables(data: pathlib.Path, audience: str, pdf: bool = False) -> dict[str, str]:
    """The environment a build of data for audience passes to MkDocs."""
    return {DATA_ENV: str(pathlib.Path(data).resolve()), AUDIENCE_ENV: audience, PDF_ENV: "1" if pdf else "0"}


@contextlib.contextmanager
def environ(**values: str):
    """Set environment variables for the duration of a block."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
