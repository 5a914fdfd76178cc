"""The handbook's Python-Markdown extension: the safe path for every page, inside the Markdown step.

Listed in the site configuration (`markdown_extensions: - handbook.site.markdown: {stash: ...}`), so that
any engine that renders the pages with Python-Markdown (MkDocs, Zensical) makes the same pages. After
Python-Markdown has made a page's HTML, its last step:

1. cleans the page against an allowlist (nh3): a department's own page against the page allowlist, any
   other page against the site allowlist (the page allowlist and the decision matrix's filter);
2. puts each prose token in place, each piece cleaned again by the allowlist of what it is
   (handbook.prose.fill): tokens carry a random nonce, so no text can forge one;
3. makes every phone number a link a phone can call and each wide table cards on a phone;
4. gives a department's own page its table of contents from its headings (made outside Python-Markdown).

`stash` is the sources' stash: a mapping of nonce to a page's stash data (in memory, as MkDocs' plugin
passes it) or the path of the JSON file `sources.write` made (as a configuration file names it).
"""

from __future__ import annotations

import functools
import json
import pathlib
import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .. import prose, safeopen
from . import EXTENSION

NAME = EXTENSION
STASH_CAP = 256 * 1024 * 1024
_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


@functools.lru_cache(maxsize=4)
def _stash_file(path: str, changed: int) -> dict:
    folder = pathlib.Path(path).parent
    return json.loads(safeopen.read_bytes(pathlib.Path(path), root=folder, cap=STASH_CAP).decode("utf-8"))


def load_stash(stash: dict | str | None) -> dict:
    """The stash data by nonce, from a mapping or from the JSON file a site's sources hold."""
    if not stash:
        return {}
    if isinstance(stash, dict):
        return stash
    path = pathlib.Path(stash)
    return _stash_file(str(path), path.stat().st_mtime_ns)


def toc_tokens(page_html: str) -> list[dict]:
    """A table of contents (Python-Markdown's toc_tokens) from the headings of a page's final HTML."""
    tokens: list[dict] = []
    open_: list[dict] = []
    for level, anchor, inner in _HEADING.findall(page_html):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        name = re.sub(r"<[^>]*>", "", inner).strip()
        token = {"level": int(level), "id": anchor, "name": name, "html": name, "data-toc-label": "", "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return tokens


def finish(page_html: str, stashes: dict) -> tuple[str, bool]:
    """A page's HTML as Python-Markdown made it, cleaned, its prose in place, its numbers callable and its wide
    tables cards; and whether it is a department's own page."""
    own = any(stash.get("own") for stash in prose.stashes_in(page_html, stashes))
    page_html = prose.clean_page(page_html) if own else prose.clean_site(page_html)
    page_html = prose.fill(page_html, stashes)
    return prose.stack_tables(prose.call_links(page_html)), own


class HandbookPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, stash: dict | str | None):
        super().__init__(md)
        self.stash = stash

    def run(self, text: str) -> str:
        page_html, own = finish(text, load_stash(self.stash))
        if own:
            self.md.toc_tokens = toc_tokens(page_html)
        return page_html


class HandbookExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"stash": [{}, "the stash by nonce, or the path of the sources' stash file (JSON)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # priority 0: after every other postprocessor (raw HTML put back at 30, entities at 20, unescape at 10)
        md.postprocessors.register(HandbookPostprocessor(md, self.getConfig("stash")), "handbook", 0)


def makeExtension(**kwargs) -> HandbookExtension:  # noqa: N802 (the name Python-Markdown looks for)
    return HandbookExtension(**kwargs)
