"""Build an edition's sites (and PDFs) into a fresh folder, then swap it in.

A failed build leaves the previous output untouched: everything is written under a temporary
folder beside the output, and each finished audience folder replaces the old one only when the
whole build has succeeded.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import pathlib
import shutil
import tempfile
from dataclasses import dataclass, field

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..edition import Edition, load_edition_cached
from ..mkdocs import settings
from ..paths import CONFIG
from ..pdf import writer as pdf_step
from ..problems import BuildFailed, EditionError, Problem
from . import stamp


@dataclass
class BuildResult:
    edition: Edition
    out: pathlib.Path
    audiences: list[str]
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build_site(data_dir: pathlib.Path, audience: str, site_dir: pathlib.Path,
               config_file: pathlib.Path = CONFIG, pdf: bool = False) -> None:
    """Run MkDocs (strict) for one audience into site_dir; with pdf, pages link to the PDFs."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with settings.environ(**settings.variables(data_dir, audience, pdf)):
            config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
            mkdocs_build(config)
    except (Abort, ConfigurationError, SystemExit) as exc:
        detail = "\n".join(collect.messages) or str(exc)
        raise BuildFailed(f"the {audience} site did not build:\n{detail}") from None
    finally:
        logger.removeHandler(collect)


def swap_in(built: pathlib.Path, target: pathlib.Path) -> None:
    """Replace target by built with two renames; the old folder is removed afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(data_dir: pathlib.Path, out: pathlib.Path, audiences: list[str], strict: bool = False,
          pdf: bool = True, config_file: pathlib.Path = CONFIG, force: bool = False) -> BuildResult:
    """Check the data, build each audience's site (and PDFs), and swap the result into out/;
    unless nothing has changed since the last build (and force is False)."""
    edition = load_edition_cached(data_dir)  # the MkDocs hooks and macros reuse this load
    if strict and edition.warnings:
        raise EditionError([Problem(w.path, w.line, w.column, w.message) for w in edition.warnings])
    out = pathlib.Path(out).resolve()  # MkDocs reads a relative site_dir from mkdocs.yml's folder
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(edition=edition, out=out, audiences=list(audiences), warnings=edition.warnings)
    inputs = stamp.fingerprint(data_dir, config_file, audiences, pdf)
    if not force and stamp.up_to_date(out, audiences, inputs):
        result.notes.append(f"nothing has changed since the last build: {out} is up to date (--force builds anyway)")
        return result
    stamp.forget(out)
    work = pathlib.Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    pdfs = None
    try:
        if pdf:  # the PDFs need only the data: lay them out while MkDocs builds the sites
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            pdfs = pool.submit(pdf_step.build_pdfs, edition, {a: work / ".pdf" / a for a in audiences},
                               cache_dir=out.parent / ".cache" / "pdf")
            pool.shutdown(wait=False)
        for audience in audiences:
            build_site(data_dir, audience, work / audience, config_file, pdf)
        if pdfs is not None:
            result.notes += pdfs.result()
            for audience in audiences:
                made = work / ".pdf" / audience / "downloads"
                if made.exists():   # an audience may have no PDF at all
                    made.rename(work / audience / "downloads")
        for audience in audiences:
            swap_in(work / audience, out / audience)
        stamp.record(out, audiences, inputs)
    finally:
        if pdfs is not None:
            concurrent.futures.wait([pdfs])   # never leave a PDF job writing into a removed folder
        shutil.rmtree(work, ignore_errors=True)
    return result
