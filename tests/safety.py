"""A hostile edition for the safety tests: every prose, text and URL field of every data file (in the
edition, in its base and in the national base it reaches through `extends`) carries script links,
other schemes, local files, requests to a listener on 127.0.0.1, raw HTML and template code."""

from __future__ import annotations

import html.parser
import http.server
import pathlib
import re
import shutil
import threading
import typing

import yaml

from handbook.edition import kinds
from handbook.edition.checks import field_format
from helpers import DATA, ROOT

BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def payload(port: int) -> str:
    return (
        "[Click to report](javascript:alert(document.domain)) [m](JaVaScRiPt:alert(1)) "
        "[v](vbscript:msgbox(1)) [d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        "[tab](java\tscript:alert(9)) [r][ref] ![i](javascript:alert(2)) ![f](file:///etc/passwd) "
        f"![h](http://127.0.0.1:{port}/image.png) [listener](http://127.0.0.1:{port}/link) "
        '<script>alert(3)</script> <img src=x onerror=alert(4)> <iframe src="javascript:alert(5)"></iframe> '
        '<a href="javascript:alert(10)">raw</a> www.example.org/x {{ 7*7 }} {% if true %}x{% endif %}\n\n'
        "[ref]: javascript:alert(6)\n"
    )


def url_payloads(port: int) -> list[str]:
    return [
        "javascript:alert(7)",
        "www.example.org/x",
        f"http://127.0.0.1:{port}/page",
        "file:///etc/passwd",
        "data:text/html,<script>alert(8)</script>",
        " JaVaScRiPt:alert(11)",
    ]


def field_keys() -> tuple[set[str], set[str]]:
    """The keys that hold free text (prose or plain text) and the keys that hold URLs, from the models."""
    text, urls, seen = set(), set(), set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            fmt = field_format(info)
            key = info.alias or name
            if fmt in ("markdown", "text"):
                text.add(key)
            elif fmt == "uri-reference":
                urls.add(key)
            for arg in [info.annotation, *typing.get_args(info.annotation)]:
                for inner in [arg, *typing.get_args(arg)]:
                    if isinstance(inner, type) and hasattr(inner, "model_fields"):
                        visit(inner)

    for kind in kinds.KINDS:
        visit(kind.model)
    return text - {"id", "training_start"}, urls


def poison(value, text_keys, url_keys, text: str, urls: list[str], key: str = "", counter=None):
    """value with the payload added to every free-text string and a bad address in every URL."""
    counter = counter if counter is not None else [0]
    if isinstance(value, dict):
        return {k: poison(v, text_keys, url_keys, text, urls, k, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, text_keys, url_keys, text, urls, key, counter) for v in value]
    if isinstance(value, str) and key in url_keys:
        counter[0] += 1
        return urls[counter[0] % len(urls)]
    if isinstance(value, str) and key in text_keys:
        return value + " " + text
    return value


def hostile_edition(work: pathlib.Path, port: int) -> pathlib.Path:
    """national/ and data/ copied and poisoned, and a city extending them with hostile pages of its own."""
    text_keys, url_keys = field_keys()
    text, urls = payload(port), url_payloads(port)
    shutil.copytree(ROOT / "national", work / "national")
    shutil.copytree(DATA, work / "base")
    for path in [*(work / "national").rglob("*.yaml"), *(work / "base").rglob("*.yaml")]:
        if path.name.startswith("_"):
            continue
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = poison(original, text_keys, url_keys, text, urls)
        if path.name == "jurisdiction.yaml" and path.parent.name == "base":
            data["extends"] = "../national"
            data["site_url"] = "https://handbook.example.org/"
        if path.name == "programs.yaml":  # the one-page sheet keeps one program with a hostile field, so it fits
            for i, program in enumerate(data.get("programs", [])):
                program["public"] = i == 0
            first = data["programs"][0]
            data["programs"][0] = {
                **original["programs"][0],
                "public": True,
                "url": first["url"],
                "how_to_apply": original["programs"][0]["how_to_apply"] + " " + text,
            }
        if path.name == "cases.yaml":  # column headers of the export, never shown: the payload would hide them
            data["columns"] = original["columns"]
        if path.name == "process.yaml" and path.parent.name == "base":
            data["summary"] = "[" * 20_000  # super-linear for Python-Markdown
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    city = work / "city"
    (city / "pages").mkdir(parents=True)
    (city / "jurisdiction.yaml").write_text("extends: ../base\nname: City of Testing\n", encoding="utf-8")
    (city / "pages" / "raw-html.md").write_text(
        "---\ntitle: Raw HTML\npublic: true\n---\n# Raw HTML\n\n"
        + text
        + '\n<div onclick="alert(12)">div</div>\n<form action="javascript:alert(13)"><button>go</button></form>\n',
        encoding="utf-8",
    )
    (city / "pages" / "second-front-matter.md").write_text(  # as written: render_macros is not on
        "---\npublic: true\n---\n{{ 7*7 }} {{ cycler.__init__.__globals__ }} {% include 'x' %}\n", encoding="utf-8"
    )
    return city


class Listener:
    """An HTTP server on 127.0.0.1 that counts the requests it gets."""

    def __init__(self):
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                listener.requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data", "background"}


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def start_tags(text: str) -> list[tuple[str, list]]:
    """Every real tag in an HTML text, with its attributes (text that only looks like a tag is not one)."""
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def bad_targets(text: str) -> list[str]:
    """Every href/src-like attribute value of a real tag in text that uses a forbidden scheme, read as a
    browser reads it (entities decoded, leading and trailing space and controls stripped, tabs and line
    breaks inside removed, any case)."""
    values = [value or "" for _, attrs in start_tags(text) for name, value in attrs if name in _URL_ATTRIBUTES]
    return [
        value
        for value in values
        if re.sub(r"[\t\n\r]", "", value.strip(" \x00-\x1f" + "".join(map(chr, range(32)))))
        .lower()
        .startswith(BAD_SCHEMES)
    ]
