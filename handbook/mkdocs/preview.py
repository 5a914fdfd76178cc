"""`handbook serve`: a live preview that keeps the last good build and shows the current errors in the page.

MkDocs' own `mkdocs serve` stops when the data is broken at start, and after a failed rebuild it keeps
the stale page with nothing in the browser. Here every build goes into a fresh folder; the server is
switched to it only when it succeeded. A build that fails leaves the last good build in place, and
every page of it is then served with a banner (no script: plain HTML, escaped) listing each
`path:line:column` problem. A page the last good build does not have, or any page before a first good
build, is the errors page. MkDocs' live reload then reloads the browser after every build, good or
failed, so the banner appears when the data breaks and goes when it is fixed.
"""

from __future__ import annotations

import html
import logging
import pathlib
import shutil
import signal
import tempfile
import threading

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from ..edition import load_edition_cached
from ..edition.overlay import roots
from ..paths import ASSETS, CONFIG, DOCS
from ..problems import EditionError, LogCollector

log = logging.getLogger("mkdocs.handbook.serve")
ERRORS_PAGE = "handbook-serve-errors.html"  # written into the served folder while the data has errors
ERRORS_CSS = "handbook-serve-errors.css"  # the project's own stylesheet for the banner and the page
BANNER_ID = "handbook-serve-errors"


def banner(errors: list[str]) -> str:
    """The banner put at the top of every page while the data has errors: every message, escaped."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    count = f"{len(errors)} problem" + ("" if len(errors) == 1 else "s")
    return (
        f'<link rel="stylesheet" href="/{ERRORS_CSS}">'
        f'<section id="{BANNER_ID}" class="handbook-serve-errors" role="alert" aria-labelledby="{BANNER_ID}-title">'
        f'<h2 id="{BANNER_ID}-title">The handbook did not rebuild: {count}</h2>'
        "<p>What you see below is the last build that worked. Fix the files named here and save: "
        "this page reloads by itself.</p>"
        f"<ul>\n{items}\n</ul></section>"
    )


def errors_page(errors: list[str]) -> str:
    """The page shown where the last good build has no page (or there is none yet)."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>The handbook has errors</title></head>\n<body>\n<main>"
        + banner(errors).replace("What you see below is the last build that worked. ", "")
        + "</main>\n</body></html>\n"
    )


def with_banner(page: bytes, errors: list[str]) -> bytes:
    """page with the banner right after its <body> tag."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner(errors).encode("utf-8") + page[end:]


def console() -> None:
    """Print MkDocs' messages (and ours) in the terminal, as `mkdocs serve` does."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, LogCollector) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


class Preview:
    """One edition and audience served on host:port, rebuilt whenever a watched file changes."""

    def __init__(self, data: pathlib.Path, audience: str, host: str, port: int, config_file: pathlib.Path = CONFIG):
        self.data, self.audience, self.config_file = pathlib.Path(data).resolve(), audience, config_file
        self.url = f"http://{host}:{port}/"
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="handbook-serve-"))
        self.good: pathlib.Path | None = None  # the folder of the last good build
        self.errors: list[str] = []  # the problems of the last build, if it failed
        self.builds = 0
        empty = self.work / "none"
        empty.mkdir()
        self.server = LiveReloadServer(builder=self.build, host=host, port=port, root=str(empty))
        self.inner = self.server.serve_request
        self.server.set_app(self.app)
        self.server.error_handler = self.not_found
        self.watched: set[pathlib.Path] = set()

    # ----------------------------------------------------------------------- building

    def build(self) -> None:
        """Build into a fresh folder; serve it if it worked, else keep the last good one and show why.
        Never raises: the live reload server reloads the browsers after every build."""
        self.builds += 1
        target = self.work / f"build-{self.builds}"
        errors = self.problems(target)
        if errors:
            shutil.rmtree(target, ignore_errors=True)
            self.errors = errors
            self.write_errors_page(pathlib.Path(self.server.root))
            log.error(
                "the handbook did not rebuild:\n%s\nwaiting for a fix (the browser shows these errors)",
                "\n".join(errors),
            )
        else:
            old, self.good = self.good, target
            self.server.root = str(target)
            self.errors = []
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self.watch()

    def problems(self, target: pathlib.Path) -> list[str]:
        """Build into target; the problems found, one line each (none when the build worked)."""
        try:
            edition = load_edition_cached(self.data)
        except EditionError as exc:
            return [str(problem) for problem in exc.problems]
        collect = LogCollector()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            config = load_config(str(self.config_file), site_dir=str(target), strict=True)
            config.plugins["handbook"].hand(edition, self.audience)
            config.site_url = self.url
            mkdocs_build(config, serve_url=self.url)
        except Abort as exc:  # strict: the warnings it counted are the reasons
            return collect.messages or [str(exc)]
        except (Exception, SystemExit) as exc:  # any other failure is shown too, never a traceback
            return [*collect.messages, str(exc) or type(exc).__name__]
        finally:
            logger.removeHandler(collect)
        return []

    def write_errors_page(self, folder: pathlib.Path) -> None:
        (folder / ERRORS_PAGE).write_text(errors_page(self.errors), encoding="utf-8")
        shutil.copyfile(ASSETS / ERRORS_CSS, folder / ERRORS_CSS)

    def watch(self) -> None:
        """Watch the edition and every base it extends (the chain may change with jurisdiction.yaml)."""
        for folder in (*roots(self.data), DOCS, self.config_file):
            folder = pathlib.Path(folder).resolve()
            if folder not in self.watched and folder.exists():
                self.watched.add(folder)
                self.server.watch(str(folder))

    # ----------------------------------------------------------------------- serving

    def app(self, environ, start_response):
        """MkDocs' server, with the errors shown on every page while the last build failed."""
        errors, path = self.errors, environ.get("PATH_INFO", "")
        if path == "/" + ERRORS_CSS:
            return self.inner(environ, start_response)
        if not errors or path.startswith("/livereload/") or not (path.endswith("/") or path.endswith(".html")):
            return self.inner(environ, start_response)
        got: dict = {}

        def keep(status, headers, exc_info=None):
            got.update(status=status, headers=headers)

        body = b"".join(self.inner(environ, keep))
        if got.get("status", "").startswith("200"):
            body = with_banner(body, errors)
            status = got["status"]
        elif got.get("status", "").startswith("404"):
            body = b"".join(self.inner(dict(environ, PATH_INFO="/" + ERRORS_PAGE), keep))
            status = "503 Service Unavailable"
        else:
            start_response(got.get("status", "500 Internal Server Error"), got.get("headers", []))
            return [body]
        headers = [(k, v) for k, v in got.get("headers", []) if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def not_found(self, code: int) -> bytes | None:
        """The site's own 404 page, as `mkdocs serve` shows it."""
        page = pathlib.Path(self.server.root) / f"{code}.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    def serve(self) -> None:
        """Build once, then serve and rebuild on every change until interrupted (Ctrl-C, or the SIGTERM of a
        service manager or `kill`: both remove the preview's builds from the temporary folder)."""
        console()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupted)
        try:
            self.build()
            if self.errors:
                log.info("started on data with errors: %s shows them until they are fixed", self.url)
            self.server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            self.server.shutdown()
            shutil.rmtree(self.work, ignore_errors=True)


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt
