"""A process the build starts (a PDF worker, Zensical) ends when the build does, even when it is killed."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Have the kernel send this process SIGKILL when its parent ends (Linux: prctl PR_SET_PDEATHSIG); elsewhere
    nothing. Safe to run in a child between fork and exec."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
