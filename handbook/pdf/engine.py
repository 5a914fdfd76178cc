"""The WeasyPrint engine: what a PDF may load (fetch), the stylesheet and its fonts parsed once per process, the
pydyf patch, layout and atomic saving, and what WeasyPrint logged.

Every other module of pdf/ lays documents out through layout() and writes them through save().
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import logging
import os
import pathlib
import shutil
import tempfile
import urllib.parse

from ..atomic import replacing
from ..paths import ASSETS, PROJECT
from ..problems import LogCollector
from . import access

STYLESHEET = ASSETS / "print.css"
VERSION = "6"  # raise when a change in pdf/ alters the PDFs without altering their HTML
OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF with a structure tree, title and language


def fetch(url: str):
    """What the PDF step may load: the package's own assets and nothing else (no other file, no network).

    Anything else raises, which WeasyPrint turns into a warning naming the URL; the data's place is
    named by `handbook check`, which warns about every link or image it will not show."""
    import weasyprint.urls

    if url.startswith("file://"):
        path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
        if path.is_relative_to(ASSETS.resolve()) and path.is_file():
            return weasyprint.urls.URLFetcher(allowed_protocols={"file"}).fetch(path.as_uri())
    raise ValueError(f"the PDF step loads nothing outside the handbook's own assets: refused {url[:100]}")


def _fetcher():
    """WeasyPrint's url_fetcher object, answering through fetch()."""
    import weasyprint.urls

    class AssetsOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            return fetch(url)

    return AssetsOnly(allowed_protocols={"file"})


@contextlib.contextmanager
def no_collection():
    """No garbage collection while a document is laid out or written: WeasyPrint makes millions of
    objects that live until the end, and scanning them again and again took a sixth of the time.
    What was alive before is frozen out of the scans (without a collection first: a full one cost
    0.12 s, a third of the time of an agenda); the garbage is collected as usual afterwards."""
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def cache_page_references() -> None:
    """pydyf's PDF.page_references rebuilds the tuple of every page's reference each time it is read, and
    WeasyPrint reads it once for every element it tags: writing a tagged PDF took time in the square of
    its pages (at 515 pages, 107,000 readings of 515 references, a third of the writing; at 3,859 pages
    it dominated). From the first PDF written on, the tuple is made again only when a page has been
    added since, by pydyf's own property, so what is read is always what pydyf would give."""
    import pydyf

    original = pydyf.PDF.page_references
    if getattr(original.fget, "cached", False):
        return

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        found = pdf.__dict__.get("_handbook_page_references")
        if found is None or found[0] != kids:
            found = pdf.__dict__["_handbook_page_references"] = (kids, original.fget(pdf))
        return found[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


def layout(html: str, css: str, tagged: bool = True):
    """WeasyPrint's layout of a document, and what WeasyPrint logged while making it."""
    with no_collection():
        return _layout(html, css, OPTIONS if tagged else {})


def save(document, target: str, tagged: bool = True, whole: bool = True) -> None:
    """Write a laid-out document to target atomically (several builds may share the cache). A tagged document
    written whole gets the structure PDF/UA asks for (access.complete); a piece of handbook.pdf gets it in the
    join."""
    cache_page_references()
    with replacing(target) as part:
        with no_collection():
            document.write_pdf(part, **(OPTIONS if tagged else {}))
        if tagged and whole:
            access.complete_file(part)


@contextlib.contextmanager
def logged_by_weasyprint():
    """What WeasyPrint logs while the block runs, as a list of messages."""
    logged: list[str] = []
    handler = LogCollector(logged)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield logged
    finally:
        logger.removeHandler(handler)


BASE = ASSETS.resolve().as_uri() + "/"  # print.css's fonts/ are found beside it


# WeasyPrint copies each @font-face font into a folder of its own for Fontconfig. It would make that folder in
# the system's temporary folder and remove it only when the font configuration is deleted, which a worker
# process never does (it ends with os._exit) and the main process does too late (at shutdown, when shutil is
# gone: "Exception ignored in FontConfiguration.__del__"). 2.2 MB were left in /tmp for every process of every
# build. The folder is made in the build's cache instead, and removed when the process ends; one left by a
# killed process is removed by the next build (prune).
FONTS = "fonts"  # in the PDF cache: a folder of copied fonts per process while it runs
FONT_PREFIX = "weasyprint-"
_font_home: pathlib.Path | None = None


def use_font_home(cache_dir: str | pathlib.Path) -> None:
    """Make this process's font folders under cache_dir/fonts (the build's PDF cache)."""
    global _font_home
    _font_home = pathlib.Path(cache_dir) / FONTS


def font_home() -> pathlib.Path:
    """Where this process's font folder goes: under the PDF cache that the build (run) or the command line
    (cli.main) named, else under the project's."""
    return _font_home or PROJECT / ".cache" / "pdf" / FONTS


def _font_folder(fonts, home: pathlib.Path) -> None:
    """Give a new font configuration its folder under home, removed when the process ends (or the
    configuration is deleted, whichever comes first)."""
    import multiprocessing.util
    import weakref

    home.mkdir(parents=True, exist_ok=True)
    folder = pathlib.Path(tempfile.mkdtemp(prefix=f"{FONT_PREFIX}{os.getpid()}-", dir=home))
    fonts._folder = folder  # WeasyPrint 70 (pinned) keeps it here and makes one only when it is None
    multiprocessing.util.Finalize(fonts, _drop_fonts, args=(weakref.ref(fonts), folder), exitpriority=0)


def _drop_fonts(fonts_ref, folder: pathlib.Path) -> None:
    fonts = fonts_ref()
    if fonts is not None:
        fonts._folder = None  # nothing left for its __del__ to remove at shutdown
    shutil.rmtree(folder, ignore_errors=True)


def stylesheet(css: str):
    """The stylesheet parsed once per process (parsing print.css took a quarter of an agenda's time), with
    the font configuration that holds its @font-face fonts (without one, WeasyPrint ignores @font-face),
    and what WeasyPrint logged while parsing it, reported again with every document."""
    return _stylesheet(css, font_home())


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str, home: pathlib.Path):
    """stylesheet(), its fonts copied under home (a process that builds with another cache uses that one)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    _font_folder(fonts, home)
    with logged_by_weasyprint() as logged:
        parsed = weasyprint.CSS(string=css, base_url=BASE, url_fetcher=_fetcher(), font_config=fonts)
    return parsed, fonts, tuple(logged)


def _layout(html: str, css: str, options: dict):
    import weasyprint

    parsed, fonts, css_logged = stylesheet(css)
    with logged_by_weasyprint() as logged:
        logged.extend(css_logged)
        document = weasyprint.HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).render(
            stylesheets=[parsed], font_config=fonts, **options
        )
    return document, list(logged)


def cache_key(html: str, css: str) -> str:
    """A PDF's inputs as one hash: its HTML, the stylesheet, the engine's and WeasyPrint's versions."""
    digest = hashlib.sha256()
    for part in (VERSION, importlib.metadata.version("weasyprint"), repr(sorted(OPTIONS.items())), css, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]
