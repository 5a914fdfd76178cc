"""Ids and the references between them: the id a keeper most likely meant, the message for a reference
to nothing, and whether a file lies inside an edition's folder."""

from __future__ import annotations

import difflib
import pathlib
import re

from ...problems import Problem


def _words(value: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", value.lower()) if word]


def closest_id(value: str, known: set[str], names: dict[str, str] | None = None) -> str | None:
    """The id a keeper most likely meant by value, or None: the id the value is once spelt in the id's form
    ('Land Bank' for land-bank), the id of the item the value names ('Cuyahoga Land Bank'), an id that holds
    every word of the value ('land-bank' for cuyahoga-land-bank), and only then one spelt alike."""
    words = _words(value)
    slug = "-".join(words)
    if slug in known:
        return slug
    named = sorted(id_ for id_, name in (names or {}).items() if id_ in known and _words(name) == words and words)
    if named:
        return named[0]
    holding = sorted((len(_words(id_)), id_) for id_ in known if words and all(word in _words(id_) for word in words))
    if holding:
        return holding[0][1]
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def check_ref(
    value: str,
    known: set[str],
    kind: str,
    at: tuple[str, int, int],
    problems: list[Problem],
    names: dict[str, str] | None = None,
) -> None:
    if value in known:
        return
    close = [found] if (found := closest_id(value, known, names)) else []
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else (f"; known {kind} ids: {', '.join(sorted(known))}" if known else f"; there are no {kind}s yet")
    )
    problems.append(Problem(*at, f"no {kind} has the id '{value}'{hint}"))


def inside(label: str, root) -> bool:
    return pathlib.Path(label).resolve().is_relative_to(pathlib.Path(root).resolve())
