"""Build an edition's sites (and PDFs) into a fresh folder, then publish both audiences at once.

The output folder OUT holds every build in its own folder, and OUT/staff and OUT/public are
symbolic links through one link, OUT/current:

    OUT/.builds/<id>/staff, OUT/.builds/<id>/public    one folder per build
    OUT/current -> .builds/<id>                        switched by one atomic rename
    OUT/staff -> current/staff, OUT/public -> current/public

A build writes a new folder under .builds/; only when it has fully succeeded is `current` replaced,
with a rename, so a web server serving OUT/public sees the old build up to that instant and the new
one from then on, never a mix, and the two audiences always come from the same build. A failed or
killed build leaves OUT/current as it was; the next build removes what it left behind (and keeps
the previous build for requests that are still being served from it). One build at a time writes
into an OUT: a lock (filelock) makes a second one wait. A folder that no handbook build made is
never deleted without --force.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import datetime as dt
import logging
import os
import pathlib
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field

import filelock

from .. import paths
from ..cases import exports
from ..edition import Edition, load_edition_cached, scaffold
from ..pages import own
from ..paths import CONFIG
from ..pdf import writer as pdf_step
from ..problems import BuildFailed, EditionError, LogCollector, Problem
from ..site import sources as site_sources
from ..site import zensical
from ..view import AUDIENCES
from . import stamp


@dataclass
class BuildResult:
    edition: Edition | None  # None when nothing was rebuilt (the data was not loaded again)
    out: pathlib.Path
    audiences: list[str]
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing had changed: nothing was rebuilt
    held_back: list[str] = field(default_factory=list)  # audiences not built: the public site while FIXMEs remain
    todo: list[Problem] = field(default_factory=list)  # the FIXMEs still to fill in, at their places


def still_to_fill(warnings: list[Problem]) -> list[Problem]:
    """The warnings that say a value still says FIXME (a new edition's placeholders)."""
    return [w for w in warnings if w.message.startswith(scaffold.STILL_TO_FILL)]


ENGINES = ("mkdocs", "zensical")  # the static site engines a build can make the pages with (MkDocs: the default)


def build_site(
    edition: Edition,
    audience: str,
    site_dir: pathlib.Path,
    config_file: pathlib.Path = CONFIG,
    pdf: bool = False,
    engine: str = "mkdocs",
) -> None:
    """Make edition's site for one audience in site_dir (strict): the sources of handbook.site.sources, made by
    MkDocs (its plugin handed the edition) or by Zensical; with pdf, pages link to the PDFs."""
    if engine == "zensical":
        work = site_dir.with_name(f".sources-{audience}")
        try:
            zensical.build(site_sources.collect(edition, audience, pdf), site_dir, work, config_file)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if engine != "mkdocs":
        raise BuildFailed(f"'{engine}' is not a site engine the handbook knows; use {' or '.join(ENGINES)}")
    # imported here, not at the top: a build with nothing to do (a cron job's usual case) never needs MkDocs
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = LogCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins["handbook"].hand(edition, audience, pdf)
        mkdocs_build(config)
    except (Abort, ConfigurationError, SystemExit) as exc:
        detail = "\n".join(collect.messages) or str(exc)
        raise BuildFailed(f"the {audience} site did not build:\n{detail}") from None
    finally:
        logger.removeHandler(collect)


BUILDS = ".builds"
CURRENT = "current"
LOCK = ".handbook.lock"
LOCK_WAIT = 30 * 60  # seconds a build waits for another one into the same OUT


class OutputRefused(BuildFailed):
    """OUT holds something no handbook build made; nothing was changed."""


def check_output(out: pathlib.Path, force: bool) -> None:
    """Refuse an OUT that holds what no handbook build made (unless force): nothing is ever deleted unasked."""
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: this is a file, not a folder; choose another --out")
    if not out.exists():
        return
    names = set(os.listdir(out))
    marked = (out / stamp.STAMP).exists()
    builds = out / BUILDS
    check_builds(out)
    if builds.is_dir() and not builds.is_symlink() and not any(builds.iterdir()):
        names.discard(BUILDS)  # what a first build that stopped on bad data leaves: ours, and empty
    if not marked and names - {LOCK} and not force:
        raise OutputRefused(
            f"{out}: this folder holds files that no handbook build made "
            f"({', '.join(sorted(names)[:3])}{', ...' if len(names) > 3 else ''}); "
            "build into an empty or new folder, or use --force to replace them"
        )
    for audience in AUDIENCES:
        link = out / audience
        if link.is_symlink() and os.readlink(link) != f"{CURRENT}/{audience}" and not force:
            raise OutputRefused(
                f"{link}: this is a link to {os.readlink(link)}, which no handbook build made; "
                "remove it, or use --force to replace it"
            )


def check_builds(out: pathlib.Path) -> None:
    """Refuse (even with --force) an OUT/.builds, or an entry of it, that is a link or not a folder, and an
    OUT/current that leads anywhere but into it: a build deletes old build folders, and must never delete
    through a link what is outside OUT."""
    builds = out / BUILDS
    fix = "remove it (a handbook build makes a real folder there); nothing was deleted"
    if builds.is_symlink():
        raise OutputRefused(
            f"{builds}: this is a link to {os.readlink(builds)}, not the folder a handbook build "
            f"keeps its builds in; {fix}"
        )
    if os.path.lexists(builds) and not builds.is_dir():
        raise OutputRefused(f"{builds}: this is a file, not the folder a handbook build keeps its builds in; {fix}")
    if builds.is_dir():
        for entry in sorted(os.scandir(builds), key=lambda e: e.name):
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                what = f"a link to {os.readlink(entry.path)}" if entry.is_symlink() else "not a folder"
                raise OutputRefused(
                    f"{entry.path}: this is {what}, where a handbook build keeps only its own build folders; {fix}"
                )
    link = out / CURRENT
    if link.is_symlink() and not re.fullmatch(rf"{re.escape(BUILDS)}/[^/]+", os.readlink(link)):
        raise OutputRefused(f"{link}: this is a link to {os.readlink(link)}, which no handbook build made; {fix}")


def current_build(out: pathlib.Path) -> pathlib.Path | None:
    """The build folder OUT/current points to, if any."""
    link = out / CURRENT
    if link.is_symlink() and link.resolve().is_dir():
        return link.resolve()
    return None


def clean_leftovers(out: pathlib.Path, keep: set[pathlib.Path]) -> None:
    """Remove what killed builds left behind: unfinished build folders, temporary links and files."""
    check_builds(out)  # only real folders under a real OUT/.builds are ever deleted
    builds = out / BUILDS
    if builds.is_dir() and not builds.is_symlink():
        for folder in builds.iterdir():
            if folder.resolve() not in keep and folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
    for path in out.iterdir():
        name = path.name
        if (
            name.endswith(".tmp")
            or name.endswith(".part")
            or name.startswith((".build-", ".staff.old-", ".public.old-"))
        ):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _replace_link(link: pathlib.Path, target: str) -> None:
    """Point link at target with one rename (atomic: a reader sees the old link or the new one)."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    if link.is_dir() and not link.is_symlink():  # an audience folder of an older handbook build
        shutil.rmtree(link)
    os.replace(temporary, link)


def publish(out: pathlib.Path, build_dir: pathlib.Path) -> None:
    """Switch OUT/current to build_dir (both audiences at once), then make sure OUT/staff and
    OUT/public are the links through it."""
    _replace_link(out / CURRENT, f"{BUILDS}/{build_dir.name}")
    for audience in AUDIENCES:
        if (build_dir / audience).is_dir():
            link = out / audience
            if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{audience}"):
                _replace_link(link, f"{CURRENT}/{audience}")


def carry_over(previous: pathlib.Path | None, build_dir: pathlib.Path, audiences: list[str]) -> None:
    """An audience not rebuilt this time keeps the pages of the previous build (hard links, no copy)."""
    if previous is None:
        return
    for audience in AUDIENCES:
        if audience not in audiences and (previous / audience).is_dir():
            shutil.copytree(previous / audience, build_dir / audience, copy_function=os.link)


@dataclass
class OutputLock:
    """One build at a time into an OUT; a second one waits (and says so)."""

    out: pathlib.Path
    waiting: Callable[[str], None] = lambda message: None

    def __enter__(self):
        self.lock = filelock.FileLock(str(self.out / LOCK))
        try:
            self.lock.acquire(timeout=0.2)
        except filelock.Timeout:
            self.waiting(f"another build into {self.out} is running; waiting for it to finish")
            try:
                self.lock.acquire(timeout=LOCK_WAIT)
            except filelock.Timeout:
                raise BuildFailed(
                    f"{self.out}: another build has held it for {LOCK_WAIT // 60} minutes; "
                    f"if none is running, remove {self.out / LOCK} and build again"
                ) from None
        return self

    def __exit__(self, *exc):
        self.lock.release()


def build(
    data_dir: pathlib.Path,
    out: pathlib.Path,
    audiences: list[str],
    strict: bool = False,
    pdf: bool = True,
    config_file: pathlib.Path = CONFIG,
    force: bool = False,
    cache_dir: pathlib.Path | None = None,
    waiting: Callable[[str], None] = lambda message: None,
    allow_fixme: bool = False,
    engine: str = "mkdocs",
) -> BuildResult:
    """Check the data, build each audience's site (and PDFs) into a new build folder and publish it;
    unless nothing has changed since the last build (and force is False)."""
    out = pathlib.Path(out).resolve()  # MkDocs reads a relative site_dir from mkdocs.yml's folder
    cache = pathlib.Path(cache_dir or paths.CACHE).resolve()  # paths.CACHE read now: a test may point it elsewhere
    if cache.is_relative_to(out):
        raise BuildFailed(
            f"{cache}: the cache must not be inside the output folder {out}, which is published; "
            "choose another --cache-dir"
        )
    check_output(out, force)
    out.mkdir(parents=True, exist_ok=True)
    with OutputLock(out, waiting):
        check_output(out, force)
        previous = current_build(out)
        recorded = stamp.read(out)
        inputs = stamp.fingerprint(data_dir, config_file, audiences, pdf, cache, strict=[strict, allow_fixme, engine])
        if (
            not force
            and previous is not None
            and recorded.get("fingerprint") == inputs
            and recorded.get("build") == previous.name
            and recorded.get("outputs") == stamp.outputs(previous)
        ):
            # the data is the same as last time, so are its warnings: no need to load it again
            warnings = [Problem(*fields) for fields in recorded.get("warnings", [])]
            result = BuildResult(edition=None, out=out, audiences=list(audiences), warnings=warnings, up_to_date=True)
            if "public" in audiences and not allow_fixme and still_to_fill(warnings):
                result.held_back, result.todo = ["public"], still_to_fill(warnings)
            result.notes.append(
                f"up to date, nothing rebuilt: nothing has changed since the last build of {out} "
                "(--force builds anyway)"
            )
            return result
        edition = load_edition_cached(data_dir)  # handed to the site engine, never loaded again
        if edition.cases.files:
            exports.cached(edition)  # the exports' errors at FILE:row:column, before anything is built
        if page_problems := own.problems(edition):  # the department pages' macros, as `handbook check` reads them
            raise EditionError(page_problems)
        if strict and edition.warnings:
            raise EditionError([Problem(w.path, w.line, w.column, w.message) for w in edition.warnings])
        fixme = still_to_fill(edition.warnings)
        held_back = []
        if "public" in audiences and fixme and not allow_fixme:
            if audiences == ["public"]:
                raise EditionError(
                    [
                        Problem(
                            w.path,
                            w.line,
                            w.column,
                            w.message + "; the public site is not built "
                            "with FIXME text in it (fill it in, or build with --allow-fixme)",
                        )
                        for w in fixme
                    ]
                )
            # the staff site is built (its FIXMEs are the keeper's to-do list); the public one is held back
            held_back, audiences = ["public"], [a for a in audiences if a != "public"]
        result = BuildResult(
            edition=edition,
            out=out,
            audiences=list(audiences),
            warnings=edition.warnings,
            held_back=held_back,
            todo=fixme if held_back else [],
        )
        clean_leftovers(out, keep={previous} if previous else set())
        build_dir = out / BUILDS / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"
        build_dir.mkdir(parents=True)
        try:
            _build_into(build_dir, edition, audiences, pdf, config_file, cache, result, engine)
            carry_over(previous, build_dir, audiences)
            publish(out, build_dir)
            stamp.write(
                out,
                {
                    "fingerprint": inputs,
                    "build": build_dir.name,
                    "audiences": sorted(p.name for p in build_dir.iterdir() if p.is_dir()),
                    "outputs": stamp.outputs(build_dir),
                    "warnings": [[w.path, w.line, w.column, w.message, w.severity] for w in edition.warnings],
                },
            )
        except BaseException:
            if current_build(out) != build_dir.resolve():
                shutil.rmtree(build_dir, ignore_errors=True)
            raise
        clean_leftovers(out, keep={build_dir.resolve(), *([previous] if previous else [])})
    return result


def _build_into(
    work: pathlib.Path,
    edition: Edition,
    audiences: list[str],
    pdf: bool,
    config_file: pathlib.Path,
    cache: pathlib.Path,
    result: BuildResult,
    engine: str = "mkdocs",
) -> None:
    """Both audiences' sites into work/, with the PDFs laid out while MkDocs builds the sites."""
    pdfs = None
    try:
        if pdf:
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            pdfs = pool.submit(
                pdf_step.build_pdfs, edition, {a: work / ".pdf" / a for a in audiences}, cache_dir=cache / "pdf"
            )
            pool.shutdown(wait=False)
        for audience in audiences:
            build_site(edition, audience, work / audience, config_file, pdf, engine)
        if pdfs is not None:
            try:
                result.notes += pdfs.result()
            except concurrent.futures.process.BrokenProcessPool:
                raise BuildFailed(
                    "a PDF worker process stopped before its work was done (out of memory, or "
                    "killed); build again, or build with --no-pdf"
                ) from None
            except OSError as exc:  # a full or read-only cache disk, most often
                raise BuildFailed(
                    f"the PDF step could not write {exc.filename or 'its files'} under {cache}: "
                    f"{(exc.strerror or str(exc)).lower()}; free some space there (or choose "
                    "another --cache-dir) and build again"
                ) from None
            for audience in audiences:
                made = work / ".pdf" / audience / "downloads"
                if made.exists():  # an audience may have no PDF at all
                    made.rename(work / audience / "downloads")
    finally:
        if pdfs is not None:
            concurrent.futures.wait([pdfs])  # never leave a PDF job writing into a removed folder
        shutil.rmtree(work / ".pdf", ignore_errors=True)
