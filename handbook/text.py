"""Turn data text into safe Markdown, and numbers into words.

YAML text is data: it is never evaluated as a template, and raw HTML in it is shown as
written. `prose` keeps Markdown formatting (for fields documented as prose); `plain` shows
every character as typed (names, titles, table cells).
"""

from __future__ import annotations

import datetime as dt
import html
import re

# Characters Python-Markdown (with the tables extension) lets a backslash escape.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_html(text: str) -> str:
    return html.escape(str(text), quote=False)


def column_letter(column: int) -> str:
    """The spreadsheet's name of a column: 1 -> A, 27 -> AA (openpyxl's get_column_letter, without openpyxl)."""
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name or "A"


ADDRESS_BREAKS = {"@", ".", "/", "?", "&", "="}
_ADDRESS_SPLIT = re.compile("([" + re.escape("".join(sorted(ADDRESS_BREAKS))) + "])")
ZERO_WIDTH_SPACE = "\u200b"
_UNBREAKABLE = re.compile(r"[A-Za-z0-9]+")  # no line break opportunity inside (UAX #14: letters and digits)


def breakable_html(address: object) -> str:
    """An e-mail address or web address as HTML that a line may break after its @, dots and slashes but
    never at a hyphen or inside a name: a zero-width space after each separator (the character a <wbr> stands
    for in WeasyPrint), and a piece that holds anything but ASCII letters and digits (a hyphen) in a span that
    print.css keeps on one line. A piece of letters and digits alone has no place to break, so it needs no
    span, and the spans around every piece made the partner pages and the contact list a fifth slower to lay
    out (WeasyPrint weighs each such box again as it looks for a line's break)."""
    found = []
    for part in _ADDRESS_SPLIT.split(str(address)):
        if part in ADDRESS_BREAKS:
            found.append(escape_html(part) + ZERO_WIDTH_SPACE)
        elif _UNBREAKABLE.fullmatch(part):
            found.append(part)
        elif part:
            found.append(f'<span class="unbroken">{escape_html(part)}</span>')
    return "".join(found)


# Characters that change how text is shown without being seen: bidirectional overrides and isolates, and
# zero-width characters (U+200B is also written by breakable_html, but never into data).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
INVISIBLE_NAMES = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
}
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | ZERO_WIDTH)) + "]")


def visible(text: object, keep_lines: bool = False) -> str:
    """Text for a message in a terminal: control characters (an escape code, a carriage return), bidirectional
    overrides and zero-width characters written as Python escapes ('\\x1b', '\\u202e'), so that nothing quoted
    from a file can move the cursor, recolour the terminal or reorder the line. Tabs stay; line breaks stay only
    with keep_lines."""

    def escape(match: re.Match) -> str:
        ch = match.group()
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    shown = _UNSEEN.sub(escape, str(text))
    return shown if keep_lines else shown.replace("\n", "\\n")


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each bidirectional control or zero-width character in text."""
    return [(i, INVISIBLE_NAMES[ch]) for i, ch in enumerate(text) if ch in INVISIBLE_NAMES]


def plain(text: object) -> str:
    """Markdown that shows text exactly as written, on one line."""
    text = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return html.escape(escaped, quote=False)


def prose(text: object) -> str:
    """Markdown formatting allowed, raw HTML and template braces shown as written."""
    text = escape_html(str(text).strip())
    return text.replace("{", "\\{").replace("}", "\\}")


def theme_text(text: object) -> str:
    """Text for the theme's own markup (navigation, page titles, site name), which it does not escape.

    HTML is escaped, and braces become entities so that no plugin reads them as a template.
    """
    escaped = html.escape(" ".join(str(text).split()), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


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


CLOCKS = ("12-hour", "24-hour")  # how times are written: 1:00 PM (as in the United States) or 13:00
DEFAULT_CLOCK = "12-hour"


def clock(minutes_after_midnight: int, style: str = DEFAULT_CLOCK) -> str:
    """570 -> '9:30 AM' (12-hour) or '09:30' (24-hour); 780 -> '1:00 PM' or '13:00'; midnight is 12:00 AM."""
    hours, minutes = divmod(int(minutes_after_midnight), 60)
    if style == "24-hour":
        return f"{hours:02d}:{minutes:02d}"
    return f"{(hours - 1) % 12 + 1}:{minutes:02d} {'PM' if 12 <= hours < 24 else 'AM'}"


def clock_range(start: int, end: int, style: str = DEFAULT_CLOCK) -> str:
    """'9:00–10:30 AM', '11:30 AM–12:30 PM' or '09:00–10:30': AM or PM once when both times share it."""
    first, last = clock(start, style), clock(end, style)
    if style != "24-hour" and first[-3:] == last[-3:]:
        first = first[:-3]
    return f"{first}–{last}"


def parse_clock(value: str) -> int:
    """'09:30' -> 570 minutes after midnight; a clear ValueError for anything else."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*(?:([AaPp])\.?\s*[Mm]\.?)?\s*", str(value))
    hours = int(match.group(1)) if match else -1
    if not match or int(match.group(2)) > 59 or hours > 23 or (match.group(3) and not 1 <= hours <= 12):
        raise ValueError(f"'{value}' is not a time of day; write it as HH:MM, e.g. 09:00 or 13:30 (or 1:30 PM)")
    if match.group(3):
        hours = hours % 12 + (12 if match.group(3) in "Pp" else 0)
    return hours * 60 + int(match.group(2))


def first_upper(text: object) -> str:
    """'land bank' -> 'Land bank'; the rest is left as written (unlike Jinja's capitalize)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


TO_BE_COMPLETED = "*to be completed*"


def contact_or_todo(value: object) -> str:
    """A contact detail as written, or 'to be completed' when the data leaves it empty."""
    value = "" if value is None else str(value).strip()
    return plain(value) if value else TO_BE_COMPLETED


def money(amount: int) -> str:
    """50000 -> '$50,000'; -6000 -> '-$6,000'."""
    return f"{'-' if amount < 0 else ''}${abs(amount):,}"


def date_words(value) -> str:
    """2027-03-02 -> 'March 2, 2027'."""
    return f"{value:%B} {value.day}, {value.year}"


# How case systems and spreadsheets write a day or a time, besides ISO (2026-01-05, 2026-01-05 14:30): United
# States order with slashes, as Excel saves a CSV (11/15/2026), and Excel's own count of days (its serial: 46341
# is 2026-11-15; five digits, the years 1927 to 2173, so that a year or a small number is never taken for one).
# The case exports (cases/exports.py, in SQL) and `handbook import` (edition/sheets.py) read dates by these.
US_FORMATS = ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p"]
EXCEL_SERIAL = r"\d{5}(\.\d+)?"
EXCEL_DAY_ZERO = dt.datetime(1899, 12, 30)  # Excel's day 0 (its day 60, a 29 February 1900, never was)


def parse_when(value: object) -> dt.datetime | None:
    """A date or a time written in one of the ways above, as a datetime (midnight for a date); None if it is not."""
    value = str(value).strip()
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        pass
    for form in US_FORMATS:
        try:
            return dt.datetime.strptime(value, form)
        except ValueError:
            continue
    if re.fullmatch(EXCEL_SERIAL, value):
        return EXCEL_DAY_ZERO + dt.timedelta(days=round(float(value) * 86400) / 86400)
    return None


def cadence_words(months: int | None) -> str:
    names = {
        1: "every month",
        2: "every two months",
        3: "every three months",
        6: "twice a year",
        12: "once a year",
        24: "every two years",
        36: "every three years",
    }
    if months is None:
        return "once"
    return names.get(months, f"every {months} months")


def natural_key(value: object) -> tuple:
    """A sort key that orders the numbers in text as numbers: 'District 2' before 'District 10'."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", str(value))
        if part
    )


# --------------------------------------------------------------------------- phone numbers

# A North American number as people write it: 216-664-2000, (216) 664-2000, 216.664.2000, +1 816 969 1000,
# 1-800-555-0100, or a local 555-0100. Never inside a longer run of digits or letters.
_NUMBER = r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])?\d{3}[\s.-]\d{4}"
# The three-digit service numbers (211, 311, 911...): a phone field may hold one alone; in other text only
# when written 3-1-1 or after "call" or "dial", so that "Room 311" stays text.
_SERVICE = r"[2-9]-?1-?1"
PHONE_FIELD = re.compile(rf"(?<![\w+.-])(?:{_NUMBER}|\+?1?\d{{10}}|{_SERVICE})(?![\w-]|\.\d)")
_EXTENSION = re.compile(r"\b(ext\.?|extension|x)\s*\d{1,6}\b", re.I)  # '555-0100 ext. 12': the extension is words
PHONE_IN_TEXT = re.compile(
    rf"(?<![\w+.-])(?:{_NUMBER}|[2-9]-1-1|(?<=call )[2-9]11|(?<=dial )[2-9]11)(?![\w-]|\.\d)", re.I
)
PHONE_HOW = (
    "write each number as 216-664-2000, (216) 664-2000 or 555-0100 (a service number as 311), and "
    "put words between several numbers, e.g. '311, or 216-664-2000 from outside the city'"
)


def phone_digits(number: str) -> str:
    """The digits (and a leading +) of one number, as a tel: link wants them: nothing else ever."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def phone_parts(value: object, pattern: re.Pattern = PHONE_FIELD) -> list[tuple[str, str]]:
    """A text split into (piece, digits) pairs: digits is '' for words between numbers, the number's
    digits for a number. '311, or 216-664-2000 from outside' -> [('311', '311'), (', or ', ''),
    ('216-664-2000', '2166642000'), (' from outside', '')]."""
    value = "" if value is None else str(value)
    parts, last = [], 0
    for match in pattern.finditer(value):
        if match.start() > last:
            parts.append((value[last : match.start()], ""))
        parts.append((match.group(0), phone_digits(match.group(0))))
        last = match.end()
    if last < len(value):
        parts.append((value[last:], ""))
    return parts


def phone_problem(value: object) -> str:
    """Why a phone field cannot be offered as numbers to tap ('' when it can), with how to write it."""
    value = "" if value is None else str(value).strip()
    if not value:
        return ""
    parts = phone_parts(value)
    if not any(digits for _, digits in parts):
        return f"the phone number '{value[:60]}' is not a number a phone can call; {PHONE_HOW}"
    stray = [
        piece.strip() for piece, digits in parts if not digits and any(ch.isdigit() for ch in _EXTENSION.sub("", piece))
    ]
    if stray:
        return (
            f"the phone field '{value[:60]}' holds digits that are not part of a number a phone can call "
            f"('{stray[0][:30]}'); {PHONE_HOW}"
        )
    return ""
