"""The live preview's rebuilds, without a browser: the last good build is kept, the errors are shown in it."""

from __future__ import annotations

import io
import pathlib
import shutil
import wsgiref.util

from handbook.mkdocs import preview


def get(server: preview.Preview, path: str) -> tuple[str, str]:
    """(status, body) of a request for path, through the preview's WSGI app."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
    wsgiref.util.setup_testing_defaults(environ)
    got = {}
    body = b"".join(server.app(environ, lambda status, headers, exc_info=None: got.update(status=status)))
    return got["status"], body.decode("utf-8")


def test_the_banner_escapes_every_message():
    page = preview.with_banner(
        b"<html><body class='x'><p>old</p></body></html>", ["a.yaml:1:2: unknown key '<script>alert(1)</script>'"]
    )
    text = page.decode()
    assert text.index("handbook-serve-errors") > text.index("<body class='x'>")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<p>old</p>" in text


def test_a_failed_rebuild_keeps_the_last_good_build_and_lists_the_errors(minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    server = preview.Preview(pathlib.Path("edition"), "staff", "127.0.0.1", 0)
    jurisdiction = minimal / "jurisdiction.yaml"
    good = jurisdiction.read_text(encoding="utf-8")
    try:
        jurisdiction.write_text(good + "colour: blue\n", encoding="utf-8")
        server.build()  # started on broken data: no site yet, the errors page
        assert server.good is None
        assert server.errors == [server.errors[0]] and server.errors[0].startswith(
            "edition/jurisdiction.yaml:4:1: unknown key 'colour'"
        )
        status, body = get(server, "/")
        assert status.startswith("503") and "edition/jurisdiction.yaml:4:1" in body

        jurisdiction.write_text(good, encoding="utf-8")
        server.build()
        first = server.good
        assert server.errors == [] and (first / "index.html").is_file()
        status, body = get(server, "/")
        assert status.startswith("200") and "handbook-serve-errors" not in body

        jurisdiction.write_text(good + "colour: blue\n", encoding="utf-8")
        server.build()
        assert server.good == first and (first / "index.html").is_file()  # the last good build stays
        status, body = get(server, "/")
        assert status.startswith("200") and "edition/jurisdiction.yaml:4:1" in body and "Testville" in body
        status, body = get(server, "/no-such-page/")
        assert status.startswith("503") and "edition/jurisdiction.yaml:4:1" in body
    finally:
        server.server.server_close()
        shutil.rmtree(server.work)
