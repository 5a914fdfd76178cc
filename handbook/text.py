"""Turn data text into safe Markdown, and numbers into words.

YAML text is data: it is never evaluated as a template, and raw HTML in it is shown as
written. `prose` keeps Markdown formatting (for fields documented as prose); `plain` shows
every character as typed (names, titles, table cells).
"""
from __future__ import annotations

import re

# Characters Python-Markdown (with the tables extension) lets a backslash escape; not '>', which
# is written as &gt; (a backslash before an entity would be shown as written).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_html(text: str) -> str:
    return "".join(_HTML.get(ch, ch) for ch in str(text))


def plain(text: object) -> str:
    """Markdown that shows text exactly as written, on one line."""
    text = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(lambda m: m.group(1) if m.group(1) in "~^=:" else "\\" + m.group(1), text)
    return "".join(_HTML.get(ch, ch) for ch in escaped)


def prose(text: object) -> str:
    """Markdown formatting allowed, raw HTML and template braces shown as written."""
    text = escape_html(str(text).strip())
    return text.replace("{", "\\{").replace("}", "\\}")


def cell(text: object) -> str:
    """Prose squeezed onto one line for a table cell (a '|' would end the cell)."""
    return " ".join(prose(text).split()).replace("|", "\\|")


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in str(text).splitlines())


def minutes_words(minutes: int) -> str:
    """90 -> '1 hour 30 minutes'."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minute" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def range_words(low: int, high: int) -> str:
    """(60, 75) -> '60–75 minutes'; (180, 240) -> '3–4 hours'."""
    if low == high:
        return minutes_words(low)
    if low % 60 == 0 and high % 60 == 0:
        return f"{low // 60}–{high // 60} hours"
    if high < 120:
        return f"{low}–{high} minutes"
    return f"{minutes_words(low)} to {minutes_words(high)}"


def clock(minutes_after_midnight: int) -> str:
    hours, minutes = divmod(int(minutes_after_midnight), 60)
    return f"{hours:02d}:{minutes:02d}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
