"""The one rendering path for text from an edition: prose to clean HTML, links checked, in linear time.

Every prose field (a summary, a step, a partner's description) goes through `html()`:

1. markdown-it-py parses it. It follows CommonMark, runs in linear time on any input (Python-Markdown
   does not: a field of 20,000 '[' took minutes), and lets us switch on only the small subset a
   keeper needs: paragraphs, emphasis, lists, links, line breaks, code. Raw HTML and images are off;
   a link whose target is not allowed (`validateLink`) is not made, so it shows as the text written.
2. nh3 (the Rust sanitizer ammonia) cleans the HTML against an allowlist of tags, attributes and link
   schemes (http, https, mailto, tel, and relative links inside the site). It is the second lock:
   whatever the parser let through, no script, event handler, frame or other scheme survives.

Pages are Markdown that a site engine (MkDocs, Zensical) renders with Python-Markdown, so the clean HTML
must not be parsed again. While a page renders (`collecting()`), each piece of prose is put in a stash and
the page gets an inert token in its place; once Python-Markdown has made the page's HTML, the handbook's
Markdown extension (handbook.site.markdown) cleans the page and `fill` swaps each token for its HTML,
cleaned again by the allowlist of what it is. Tokens carry a random nonce, so no text can forge one.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

from .text import PHONE_IN_TEXT, phone_parts

SCHEMES = frozenset({"http", "https", "mailto", "tel"})
TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "a", "br", "code"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
RULES = ["emphasis", "list", "link", "newline", "backticks", "escape", "entity"]


# A mailto: target is one address and nothing else: no '?' (cc, bcc, subject, body headers), '&', '%' (an
# encoded line break), space, comma or semicolon (a second address).
MAILTO = re.compile(r"mailto:[^\s?&%,;<>\"'()\[\]\\@]+@[^\s?&%,;<>\"'()\[\]\\@/]+", re.I)


def link_allowed(url: str) -> bool:
    """Whether a link target may be shown as a link: web, mail and phone links, or a link inside the site."""
    url = url.strip()
    if not url or url.startswith("//") or "\\" in url:
        return False
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "mailto":
        return bool(MAILTO.fullmatch(url))
    if scheme:
        return scheme in SCHEMES
    return ":" not in url.split("/")[0]  # 'javascript&colon;...' decoded, 'a:b' with no scheme


def has_scheme(url: str) -> bool:
    return bool(urllib.parse.urlsplit(url.strip()).scheme)


def url_problem(url: str) -> str:
    """Why a URL written in the data will not be a link ('' when it will), with the fix."""
    value = url.strip()
    if not value:
        return ""
    scheme = urllib.parse.urlsplit(value).scheme.lower()
    if not scheme and re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", value, re.I):
        return (
            f"the address '{value}' has no scheme, so it is shown as text; write it with https:// in front "
            f"(https://{value})"
        )
    if scheme == "mailto" and not link_allowed(value):
        return (
            f"the e-mail link '{value[:60]}' is not a single address, so it is shown as text; write only the "
            "address after mailto: (no '?', '&', '%', spaces or second address)"
        )
    if not link_allowed(value):
        return (
            f"the link target '{value[:60]}' is not allowed, so it is shown as text; use an address that "
            "starts with https://, http://, mailto: or tel:"
        )
    return ""


def _parser(validate=link_allowed) -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(RULES)
    md.validateLink = validate
    return md


_PARSER = _parser()
_SCANNER = _parser(lambda url: True).enable(["image"])  # finds every link and image, allowed or not


def allowlisted(html_text: str, tags: frozenset, attributes: dict, **options) -> str:
    """HTML cleaned by nh3 against an allowlist of tags and attributes, with the link schemes (SCHEMES) and link
    targets (link_allowed) every allowlist shares; links get rel="noopener noreferrer" unless options say."""
    options = {"link_rel": "noopener noreferrer", **options}
    return nh3.clean(
        html_text,
        tags=set(tags),
        attributes={k: set(v) for k, v in attributes.items()},
        url_schemes=set(SCHEMES),
        attribute_filter=_allowed_href,
        **options,
    )


def clean(html_text: str) -> str:
    """HTML cleaned against the allowlist (the second lock)."""
    return allowlisted(html_text, TAGS, ATTRIBUTES)


def html(text: object) -> str:
    """A prose value as clean HTML: paragraphs and lists, on one line."""
    return " ".join(clean(_PARSER.render(str(text).strip())).split("\n")).strip()


def inline_html(text: object) -> str:
    """A prose value as clean HTML without paragraphs, for a table cell or a list item."""
    body = html(text)
    body = re.sub(r"</p>\s*<p>", "<br><br>", body)
    return re.sub(r"</?p>", "", body).strip()


def links(text: object) -> list[tuple[str, str]]:
    """Every link and image target written in a prose value: ('link' or 'image', target)."""
    found = []

    def walk(tokens):
        for token in tokens:
            if token.type == "link_open":
                found.append(("link", str(token.attrGet("href") or "")))
            elif token.type == "image":
                found.append(("image", str(token.attrGet("src") or "")))
            if token.children:
                walk(token.children)

    walk(_SCANNER.parse(str(text)))
    return found


# --------------------------------------------------------------------------- keeping prose away from Python-Markdown

# What a stashed piece of HTML is, and so which allowlist cleans it again when it is put in place.
PROSE, OWN, MADE = "prose", "own", "made"  # a prose value; a department page's own words; HTML the handbook made
TOKEN = re.compile(r"(<p>)?HBK([0-9a-f]{16})N(\d+)Z(</p>)?")


@dataclass
class Stash:
    """The prose of one page, by token, until Python-Markdown has made the page's HTML.

    `data()` is what the Markdown step needs to put it in place (handbook.site.markdown): the tokens' HTML,
    whether each is a block, what it is, and whether the page is a department's own page."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    items: list[tuple[str, bool, str]] = field(default_factory=list)  # (HTML, is a block, PROSE/OWN/MADE)
    own: bool = False  # a department's own page: the whole page is cleaned against the page allowlist

    def put(self, html_text: str, block: bool, kind: str = PROSE) -> str:
        self.items.append((html_text, block, kind))
        return f"HBK{self.nonce}N{len(self.items) - 1}Z"

    def data(self) -> dict:
        return {"own": self.own, "items": [list(item) for item in self.items]}

    def fill(self, page_html: str) -> str:
        """Each token replaced by its HTML; a block alone in a paragraph replaces that paragraph."""
        return fill(page_html, {self.nonce: self.data()})


def stashes_in(page_html: str, stashes: dict[str, dict]) -> list[dict]:
    """The stashes (of `stashes`, by nonce) whose tokens the page holds."""
    return [
        stashes[nonce] for nonce in dict.fromkeys(m.group(2) for m in TOKEN.finditer(page_html)) if nonce in stashes
    ]


def fill(page_html: str, stashes: dict[str, dict]) -> str:
    """Each token of a known stash replaced by its HTML, cleaned again by the allowlist of what it is (a prose
    value, a department's own words; the handbook's own charts as they are); a block alone in a paragraph
    replaces that paragraph. A token of no known stash stays as the text it is."""

    def swap(match: re.Match) -> str:
        stash = stashes.get(match.group(2))
        index = int(match.group(3))
        if stash is None or index >= len(stash["items"]):
            return match.group(0)
        body, block, kind = stash["items"][index]
        body = clean(body) if kind == PROSE else clean_page(body) if kind == OWN else body
        if block and match.group(1) and match.group(4):
            return body
        return (match.group(1) or "") + body + (match.group(4) or "")

    return TOKEN.sub(swap, page_html)


_ACTIVE: contextvars.ContextVar[Stash | None] = contextvars.ContextVar("prose_stash", default=None)


@contextlib.contextmanager
def collecting():
    """While a page renders, prose goes into a stash (yielded); fill the page's HTML from it afterwards."""
    stash = Stash()
    reset = _ACTIVE.set(stash)
    try:
        yield stash
    finally:
        _ACTIVE.reset(reset)


def block(text: object) -> str:
    """Prose for a page's Markdown, as a block: a token while a page is collected, else clean HTML."""
    stash = _ACTIVE.get()
    return stash.put(html(text), True) if stash is not None else html(text)


def inline(text: object) -> str:
    """Prose for a table cell or a list item in a page's Markdown."""
    stash = _ACTIVE.get()
    return stash.put(inline_html(text), False) if stash is not None else inline_html(text)


def clean_block(html_text: str) -> str:
    """HTML already cleaned against the page allowlist (a department page's own words), as a block kept away
    from Python-Markdown; the page it is on is a department's own page, cleaned as a whole once made."""
    stash = _ACTIVE.get()
    if stash is None:
        return html_text
    stash.own = True
    return stash.put(html_text, True, OWN)


def made_html(html_text: str) -> str:
    """HTML the handbook made itself (a chart), never text from an edition, kept away from Python-Markdown."""
    stash = _ACTIVE.get()
    return stash.put(html_text, True, MADE) if stash is not None else html_text


# --------------------------------------------------------------------------- a department's own page

PAGE_TAGS = TAGS | {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "small",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "abbr",
    "details",
    "summary",
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}


def _heading_ids(state) -> None:
    """An id on every heading, from its words (as MkDocs' table of contents makes them), unique on the page."""
    seen: set[str] = set()
    for i, token in enumerate(state.tokens):
        if token.type == "heading_open" and i + 1 < len(state.tokens):
            words = "".join(
                child.content for child in state.tokens[i + 1].children or [] if child.type in ("text", "code_inline")
            )
            base = re.sub(r"[^\w]+", "-", words.lower(), flags=re.A).strip("-_") or "section"
            slug, n = base, 0
            while slug in seen:
                n += 1
                slug = f"{base}_{n}"
            seen.add(slug)
            token.attrSet("id", slug)


def page_parser() -> MarkdownIt:
    """CommonMark with tables, raw HTML kept for the allowlist to clean, links checked, no images."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
    md.disable("image")
    md.validateLink = link_allowed
    md.core.ruler.push("heading_ids", _heading_ids)
    return md


PAGE_PARSER = page_parser()


def page_html(text: str) -> str:
    """A department's own Markdown as clean HTML, in linear time: markdown-it-py, then the page allowlist."""
    return clean_page(PAGE_PARSER.render(text))


def clean_page(page_html: str) -> str:
    """The HTML MkDocs made from a department's own page, cleaned against the page allowlist:
    no script, style, frame, form, image or event handler, and only allowed link schemes."""
    return allowlisted(page_html, PAGE_TAGS, PAGE_ATTRIBUTES)


# --------------------------------------------------------------------------- every page the handbook makes

# A page the handbook writes from its templates may also hold the decision matrix's filter (a form with selects
# and a reset button), small print, figures and aligned table cells; nothing else. Every page's HTML is cleaned
# against this allowlist in the Markdown step (handbook.site.markdown), whatever engine runs it: a slip in a
# template's escaping can never let a script, a frame, an event handler or another link scheme through.
SITE_TAGS = PAGE_TAGS | {"figure", "figcaption", "form", "label", "select", "option", "button"}
SITE_ATTRIBUTES = {
    **PAGE_ATTRIBUTES,
    "a": {"href", "title", "type", "download"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "form": {"hidden", "data-matrix-filter"},
    "select": {"data-column"},
    "label": {"for"},
    "option": {"value"},
    "button": {"type"},
    "p": {"role", "aria-live"},
}


def clean_site(page_html: str) -> str:
    """A page the handbook made from its templates, cleaned against the site allowlist (only `text-align` in a
    style: the alignment of a table's column)."""
    return allowlisted(page_html, SITE_TAGS, SITE_ATTRIBUTES, link_rel=None, filter_style_properties={"text-align"})


# --------------------------------------------------------------------------- numbers a phone can call

# A tag (quoted attribute values may hold '>'), a comment, or text between them.
_TAG = re.compile(r"""<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>""", re.S)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
# Inside these a number stays as it is: a link already, code, or what is not text.
_NO_CALL_LINKS = frozenset(
    {"a", "code", "pre", "script", "style", "svg", "textarea", "title", "button", "select", "option", "kbd", "samp"}
)
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source", "track"})


def call_links(page_html: str) -> str:
    """A page's HTML with every phone number in its text (not in a link, code or an attribute) made a link a
    phone can call: <a href="tel:…"> whose target is that number's digits (and a leading +) and nothing else.
    The number's text is already HTML (escaped by whoever made the page) and is kept as it is."""
    out, last, inside = [], 0, []
    for match in _TAG.finditer(page_html):
        out.append(
            _call_links_in_text(page_html[last : match.start()]) if not inside else page_html[last : match.start()]
        )
        tag = match.group(0)
        out.append(tag)
        last = match.end()
        name = _TAG_NAME.match(tag)
        if not name or tag.endswith("/>"):
            continue
        name = name.group(1).lower()
        if name in _VOID:
            continue
        if tag.startswith("</"):
            if inside and inside[-1] == name:
                inside.pop()
        elif name in _NO_CALL_LINKS or inside:
            inside.append(name)
    tail = page_html[last:]
    out.append(_call_links_in_text(tail) if not inside else tail)
    return "".join(out)


def _call_links_in_text(html_text: str) -> str:
    if not any(ch.isdigit() for ch in html_text):
        return html_text
    return "".join(
        f'<a href="tel:{digits}">{piece}</a>' if digits else piece
        for piece, digits in phone_parts(html_text, PHONE_IN_TEXT)
    )


# --------------------------------------------------------------------------- wide tables on a phone

STACK_COLUMNS = 4  # a table with this many columns or more becomes one card per row on a phone
_MADE_TABLE = re.compile(r"<table>(.*?)</table>", re.S)  # a table Python-Markdown made (no attributes)
_HEAD_CELL = re.compile(r"<th(?:\s[^>]*)?>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr(?:\s[^>]*)?>(.*?)</tr>", re.S)
_BODY_CELL = re.compile(r"<td(\s[^>]*)?>")


def stack_tables(page_html: str) -> str:
    """Each wide table of a page marked to become one card per row on a narrow screen (handbook.css), and
    each body cell labelled with its column's heading (shown before the cell's text on the card), so that
    no column is lost off the side of a phone and the page never scrolls sideways."""
    return _MADE_TABLE.sub(_stack_table, page_html)


def _stack_table(match: re.Match) -> str:
    body = match.group(1)
    head, _, rows = body.partition("</thead>")
    # a heading's text as the page has it (escaped), and a '"' that text may hold escaped too
    labels = [" ".join(_TAG.sub(" ", cell).split()).replace('"', "&quot;") for cell in _HEAD_CELL.findall(head)]
    if len(labels) < STACK_COLUMNS or not rows:
        return match.group(0)

    def label_row(row: re.Match) -> str:
        cells = iter(labels)
        return _BODY_CELL.sub(lambda cell: f'<td{cell.group(1) or ""} data-label="{next(cells, "")}">', row.group(0))

    return '<table data-handbook-stack="">' + head + "</thead>" + _ROW.sub(label_row, rows) + "</table>"


def _allowed_href(tag: str, attribute: str, value: str) -> str | None:
    """A link target the allowlist's schemes let through but link_allowed does not (a mailto: with headers) is
    dropped."""
    if attribute == "href" and not link_allowed(value):
        return None
    return value
