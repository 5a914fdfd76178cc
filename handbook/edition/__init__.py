"""An edition: a department's YAML files, read with their places, merged over their base, validated
and checked. `load_edition(folder)` is the way in; everything downstream works on the Edition."""

from __future__ import annotations

from .edition import Edition, Place, places
from .reader import load_edition, load_edition_cached

__all__ = ["Edition", "Place", "load_edition", "load_edition_cached", "places"]
