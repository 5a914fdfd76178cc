"""What can go wrong, as data: a problem at a place in a file, an edition with errors, a failed build."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .text import visible


@dataclass(order=True)
class Problem(Exception):
    """One error or warning at path:line:column."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error", "warning" or "note" (what `check` says for information only)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.column, self.message, self.severity))

    def __str__(self) -> str:
        tag = f"{self.severity}: " if self.severity in ("warning", "note") else ""
        return visible(f"{self.path}:{self.line}:{self.column}: {tag}{self.message}")


class EditionError(Exception):
    """Raised when an edition has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailed(Exception):
    """MkDocs or the PDF step failed; the message says why."""


class LogCollector(logging.Handler):
    """The warnings and errors a library logs while it works (MkDocs, WeasyPrint), kept as messages."""

    def __init__(self, into: list[str] | None = None):
        super().__init__(logging.WARNING)
        self.messages: list[str] = into if into is not None else []

    def emit(self, record):
        self.messages.append(record.getMessage())
