"""The YAML file edited in place (ruamel.yaml's round trip): its comments, order and layout stay, an item whose
cells already match is not touched, and a new value is written so that PyYAML (the loader of `handbook check`)
reads it back as it was meant.

ruamel.yaml is imported by the functions that use it: only `handbook import` loads it.
"""

from __future__ import annotations

import io
import os
import pathlib
import re
import typing
from dataclasses import dataclass

from pydantic import BaseModel
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ... import safeopen
from ...problems import EditionError, Problem
from ..files import label
from .rows import NESTED, cell, meaningful

if typing.TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq


def plain(value):
    """ruamel's round-trip data as plain Python values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def yaml_for(text: str) -> YAML:
    """A round-trip YAML that writes lists the way the file already does."""
    from ruamel.yaml import YAML  # third-party, loaded only by `handbook import`

    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    dash = re.search(r"^( *)- ", text, re.M)
    offset = len(dash.group(1)) if dash else 2
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


@dataclass
class DataFile:
    path: pathlib.Path
    text: str
    yaml: YAML
    root: CommentedMap
    items: CommentedSeq


def read_data(path: pathlib.Path, kind: str) -> DataFile:
    """The edition's partners.yaml or programs.yaml, for a round trip (an empty one if there is none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    try:
        text = (
            safeopen.read_bytes(path, None, label(path), safeopen.MAX_DATA, "data file").decode("utf-8")
            if os.path.lexists(path)
            else ""
        )
    except Problem as problem:
        raise EditionError([problem]) from None
    except UnicodeDecodeError:
        raise EditionError(
            [Problem(label(path), 1, 1, "this file is not UTF-8 text; run handbook check and fix it first")]
        ) from None
    y = yaml_for(text)
    try:
        root = y.load(text) if text.strip() else None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EditionError(
            [
                Problem(
                    label(path),
                    mark.line + 1 if mark else 1,
                    mark.column + 1 if mark else 1,
                    f"not valid YAML ({getattr(exc, 'problem', None) or exc}); run handbook check and fix it first",
                )
            ]
        ) from None
    if root is None:
        root = CommentedMap()
    if not isinstance(root, CommentedMap):
        raise EditionError(
            [
                Problem(
                    label(path), 1, 1, f"expected '{kind}:' at the top of the file; run handbook check and fix it first"
                )
            ]
        )
    items = root.get(kind)
    if not isinstance(items, CommentedSeq) or (not items and items.fa.flow_style()):
        items = CommentedSeq()
        root[kind] = items
    return DataFile(path, text, y, root, items)


def _plain_is_safe(value: str) -> bool:
    """True when PyYAML (the loader of handbook check) reads value, written unquoted, as that text."""
    return Resolver().resolve(ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def yaml_value(value, flow: bool = True):
    """A typed value as ruamel should write it: text PyYAML would misread quoted, long text as a block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        return value if _plain_is_safe(value) else SingleQuotedScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(yaml_value(v) for v in value)
        if flow and all(isinstance(v, str) and "\n" not in v for v in value) and len(cell(value)) <= 60:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, sub in value.items():
            mapping[key] = yaml_value(sub)
        return mapping
    return value


def set_key(node: CommentedMap, key: str, value, order: list[str]) -> None:
    """Set node[key], inserting a new key where the model's order puts it."""
    if key in node:
        node[key] = value
        return
    before = [k for k in order[: order.index(key)] if k in node] if key in order else list(node)
    node.insert(list(node).index(before[-1]) + 1 if before else 0, key, value)


def merge(node: CommentedMap, new: dict, model: type[BaseModel]) -> bool:
    """Change node to hold new, touching only the keys whose cells differ; True when something changed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    changed = False
    for key in [k for k in list(node) if str(k) in model.model_fields and str(k) not in new]:
        if meaningful({key: plain(node[key])}):  # 'situations: []' and no situations say the same: kept
            del node[key]
            changed = True
    for key, value in new.items():
        old = node.get(key)
        if key in NESTED and isinstance(old, CommentedSeq) and isinstance(value, list):
            inner = NESTED[key][1]
            for i, entry in enumerate(value):
                if i < len(old) and isinstance(old[i], CommentedMap):
                    changed = merge(old[i], entry, inner) or changed
                else:
                    old.append(yaml_value(entry))
                    changed = True
            while len(old) > len(value):
                del old[-1]
                changed = True
        elif key not in node or cell(plain(old)) != cell(value):
            set_key(node, key, yaml_value(value), list(model.model_fields))
            changed = True
    return changed


def add_item(data: DataFile, values: dict, model: type[BaseModel], spaced: bool):
    """Append a new item holding values (in the model's order) to data's list, parted by a blank line when spaced;
    returns its node."""
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    for key in model.model_fields:
        if key in values:
            node[key] = yaml_value(values[key])
    data.items.append(node)
    if spaced:
        data.items.yaml_set_comment_before_after_key(
            len(data.items) - 1, before="\n", indent=data.yaml.sequence_dash_offset
        )
    return node


def dumped(data: DataFile) -> str:
    """The file's text as the round trip writes it."""
    out = io.StringIO()
    data.yaml.dump(data.root, out)
    return out.getvalue()
