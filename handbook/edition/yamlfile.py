"""Load one YAML file safely, keeping the line and column of every value.

The result is plain Python data (dicts, lists, scalars) plus a table that maps each
value's path inside the document (a tuple of keys and list indexes) to where it was
written, so that later checks can report `path:line:column: message`.

What a department's data never needs is refused here, before anything is built:
aliases (the "billion laughs" bomb hides in them), duplicate keys in one mapping,
text that is not UTF-8, and files larger than MAX_FILE_BYTES.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .. import safeopen
from ..problems import Problem

MAX_FILE_BYTES = safeopen.MAX_DATA  # a data file is a few kilobytes; two megabytes is far beyond need
MAX_DEPTH = 64


@dataclass
class Loaded:
    """One loaded file: its data and the position of each value in it."""

    path: pathlib.Path
    label: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # For data merged from several files (handbook.edition.overlay): the file that wrote each value,
    # for every loc in positions that another file wrote. Absent locs were written by this file.
    origins: dict[tuple, Loaded] = field(default_factory=dict)
    # For merged data: the inherited items a `remove: true` dropped, as (loc of their list, the item's
    # inherited data, the file and line of the `remove`), for the provenance page.
    removed: list[tuple[tuple, dict, str, int]] = field(default_factory=list)
    # For merged data: the locs of the items written over an inherited item with the same id (an item
    # written here in full under an inherited id is changed here, not added here).
    inherited: set[tuple] = field(default_factory=set)

    def _written(self, loc: tuple) -> tuple:
        """loc, or its nearest parent that has a position."""
        loc = tuple(loc)
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return loc

    def where(self, loc: tuple) -> tuple[int, int]:
        """The (line, column) of the value at loc, or of its nearest written parent."""
        return self.positions.get(self._written(loc), (1, 1))

    def where_key(self, loc: tuple) -> tuple[int, int]:
        """The (line, column) of the key that names the value at loc."""
        return self.key_positions.get(tuple(loc)) or self.where(loc)

    def source(self, loc: tuple) -> Loaded:
        """The file that wrote the value at loc (this one, unless the data was merged)."""
        return self.origins.get(self._written(loc), self)

    def locate(self, loc: tuple) -> tuple[str, int, int]:
        """(file label, line, column) of the value at loc."""
        return (self.source(loc).label, *self.where(loc))

    def locate_key(self, loc: tuple) -> tuple[str, int, int]:
        """(file label, line, column) of the key that names the value at loc."""
        return (self.source(loc).label, *self.where_key(loc))


class _Fail(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class _Guarded:
    """A composer that stops at the first alias (`*name`) and at too deep nesting."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML's hook
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Fail(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                f"aliases like '*{event.anchor}' are not allowed in handbook data; write the value out in full",
            )
        if self.depth >= MAX_DEPTH:  # stop before Python's recursion limit does, with a place
            raise _Fail(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                f"the data is nested more than {MAX_DEPTH} levels deep",
            )
        self.depth += 1
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


class _PythonLoader(_Guarded, yaml.SafeLoader):
    """The safe loader in pure Python."""


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without LibYAML
    _Loader = _PythonLoader
else:

    class _Loader(_Guarded, Composer, CParser, SafeConstructor, Resolver):
        """The same safe loader reading with LibYAML, several times faster on large files."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _decode(path: pathlib.Path, raw: bytes) -> str:
    if b"\x00" in raw:  # UTF-16 or UTF-32 without a byte-order mark decodes as UTF-8 full of zero bytes
        raise _Fail(
            1,
            1,
            "this file is saved as UTF-16 (or another two-byte encoding), not UTF-8 text; "
            "save it as UTF-8 in your editor",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _Fail(
            line, column, f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 in your editor"
        ) from None


def load_yaml(path: pathlib.Path, label: str | None = None, root: pathlib.Path | None = None) -> Loaded:
    """Read path and return Loaded; raise Problem (with the file's position) when it cannot be read.

    root: the edition folder path is in (no link, device or FIFO is followed below it: handbook.safeopen);
    without it, the file itself must be a regular file, not a link."""
    label = label or str(path)
    try:
        text = _decode(path, safeopen.read_bytes(path, root, label, MAX_FILE_BYTES, "data file"))
    except _Fail as fail:
        raise Problem(label, fail.line, fail.column, fail.message) from None
    return parse_yaml(text, path, label)


def _node(text: str, loader_class):
    loader = loader_class(text)
    try:
        return loader.get_single_node(), loader
    except yaml.MarkedYAMLError as exc:
        if loader_class is not _PythonLoader and "maximum nesting depth" in str(exc.problem):
            # LibYAML stops deep brackets while scanning ahead, before our own limit sees them;
            # the Python reader reaches that limit first and names the place where it is passed
            return _node(text, _PythonLoader)
        raise
    finally:
        loader.dispose()


def parse_yaml(text: str, path: pathlib.Path, label: str) -> Loaded:
    """Parse YAML text read from path; raise Problem (with its position) when it is not valid."""
    try:
        if text.startswith("\ufeff"):
            text = text[1:]
        node, loader = _node(text, _Loader)
        loaded = Loaded(path=path, label=label, data=None)
        if node is None:
            loaded.data = {}
            loaded.positions[()] = (1, 1)
            return loaded
        loaded.data = _construct(node, (), loaded, loader, 0)
        return loaded
    except _Fail as fail:
        raise Problem(label, fail.line, fail.column, fail.message) from None
    except yaml.MarkedYAMLError as exc:
        raise Problem(label, *_syntax_problem(exc, text)) from None
    except yaml.YAMLError as exc:
        raise Problem(label, 1, 1, f"not valid YAML: {exc}") from None


# What the parser was reading when it gave up, and how to close it.
_NEVER_CLOSED = {
    "quoted scalar": (
        "a quote",
        "end the text with the same quote mark it starts with (a quote inside '...' is written twice: '')",
    ),
    "flow sequence": (
        "a '['",
        "close the list with ']' after its last item; if the text starts with '[', put the whole text in quotes",
    ),
    "flow mapping": ("a '{'", "close it with '}'; if the text starts with '{', put the whole text in quotes"),
}


def _at_end(mark, text: str) -> bool:
    """True when mark is at the end of text (trailing blank lines aside)."""
    body = text.rstrip()
    return mark is not None and (mark.line, mark.column) >= (body.count("\n"), len(body) - body.rfind("\n") - 1)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a YAML syntax error. A quote or bracket that is never closed is
    reported where it was opened (PyYAML's context_mark), not where the parser gave up (its
    problem_mark, often lines later at a comment or the next key)."""
    problem, context = exc.problem or "", exc.context or ""
    opened = next((words for kind, words in _NEVER_CLOSED.items() if kind in context), None)
    start, stop = exc.context_mark, exc.problem_mark
    if start and opened and (stop is None or stop.line != start.line or _at_end(stop, text)):
        where = "the end of the file" if _at_end(stop, text) else f"line {stop.line + 1}"
        return (
            start.line + 1,
            start.column + 1,
            f"not valid YAML: {opened[0]} opened here is never closed (the file reads on to {where} "
            f"without finding its end); {opened[1]}",
        )
    indented = (
        _indented_key(stop, text, "mapping values are not allowed" in problem)
        if "mapping values are not allowed" in problem or "did not find expected key" in problem
        else None
    )
    if indented:
        return indented
    if start and _at_end(stop, text):
        mark, what = start, f"{context} that starts here, {problem}"
    else:
        mark = stop or start
        what = problem or context or "this is not valid YAML"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    fix = next((advice for words, advice in _FIXES.items() if words in what), "")
    lines = text.split("\n")
    if not fix and mark and mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        fix = _FIXES["tab character that violates indentation"]  # LibYAML's words do not name the tab
    return line, column, f"not valid YAML: {what}" + (f"; {fix}" if fix else "")


_KEY_LINE = re.compile(r"( *)((?:- +)*)([A-Za-z_][\w-]*):(?: |$)")


def _indented_key(mark, text: str, in_value: bool) -> tuple[int, int, str] | None:
    """(line, column, message) when PyYAML stops at a key (or its ': ') written further to the right than
    the key on the line above: YAML then reads the line as more of that key's value (in_value: the ': ' in
    it is the error) or finds no place for it, while what the keeper got wrong is the indentation, not
    the quoting."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    here = _KEY_LINE.match(lines[mark.line])
    if not here or here.group(2) or mark.column not in (len(here.group(1)), len(here.group(0).rstrip()) - 1):
        return None
    above = next(
        (line for line in reversed(lines[: mark.line]) if line.strip() and not line.lstrip().startswith("#")), None
    )
    before = _KEY_LINE.match(above or "")
    if not before:
        return None
    column = len(before.group(1)) + len(before.group(2))  # where the key above starts, after any '- '
    spaces = len(here.group(1))
    if spaces <= column:
        return None
    extra, key, above_key = spaces - column, here.group(3), before.group(3)
    why = (
        f"so it is read as more of the value of '{above_key}'"
        if in_value
        else "so it belongs to no mapping (the keys of one mapping start in the same column)"
    )
    return (
        mark.line + 1,
        spaces + 1,
        f"not valid YAML: '{key}' is indented {extra} space{'s' if extra > 1 else ''} further than "
        f"'{above_key}' on the line above, {why}; start '{key}' in column {column + 1}, under '{above_key}'"
        + (" (if the line is more of that text, put the whole text in quotes)" if in_value else ""),
    )


# The fix a keeper needs for PyYAML's most common words.
_FIXES = {
    "mapping values are not allowed": "a value has ': ' in it; if it is text with a colon, put the whole text "
    'in quotes ("...")',
    "could not find expected ':'": "each line needs 'key: value'; check the indentation above, or put text in quotes",
    "did not find expected key": "check the indentation; if a value has ': ' or ' #' in it, put the text in quotes",
    "did not find expected '-' indicator": "each item of a list starts with '- ' at the same indentation",
    "found character '\\t'": "use spaces, not tabs, to indent",
    "tab character that violates indentation": "indent with spaces, not tabs (set your editor to insert spaces when "
    "you press Tab)",
    "found undefined alias": "remove the '*'; or, if it is text, put the text in quotes",
    "expected alphabetic or numeric character": "if the value is text starting with '*', '&' or '!', put it in quotes",
}


def _construct(node, loc: tuple, loaded: Loaded, loader, depth: int):
    if depth > MAX_DEPTH:
        raise _Fail(*_mark(node), f"the data is nested more than {MAX_DEPTH} levels deep")
    loaded.positions[loc] = _mark(node)
    if node.tag not in loader.yaml_constructors:  # e.g. !!python/object: refused, never run
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Fail(*_mark(node), f"tags like '{tag}' are not allowed in handbook data; remove the tag")
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Fail(*_mark(key_node), "a key must be a plain word, not a list or mapping")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Fail(*_mark(key_node), "merge keys ('<<') are not allowed in handbook data")
            key = loader.construct_object(key_node)
            if not isinstance(key, (str, int)):
                key = str(key_node.value)
            if key in result:
                first = loaded.key_positions[loc + (key,)]
                hint = (
                    "; if this line starts a new item of the list, put '- ' in front of it"
                    if key == "id"
                    else "; each key may appear once in a mapping"
                )
                raise _Fail(*_mark(key_node), f"duplicate key '{key}' (first written at line {first[0]}){hint}")
            loaded.key_positions[loc + (key,)] = _mark(key_node)
            result[key] = _construct(value_node, loc + (key,), loaded, loader, depth + 1)
        return result
    if isinstance(node, SequenceNode):
        return [_construct(item, loc + (i,), loaded, loader, depth + 1) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:int" and re.fullmatch(r"[-+]?0[0-9_]+", node.value):
        return node.value  # 0315550100 is a phone number, not the octal number YAML 1.1 would make of it
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise _Fail(
                *_mark(node), f"'{node.value}' is not a real date ({exc}); write a date that exists, as YYYY-MM-DD"
            ) from None
        raise _Fail(*_mark(node), f"'{node.value}' cannot be read ({exc}); if it is text, put it in quotes") from None
