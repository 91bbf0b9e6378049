"""Whether this process ends when its build does, and what it may skip because of it.

`build.py` run from the command line sets SHORT_LIVED (its processes, and the processes forked from them, end with
the build). Such a process moves what it will keep to its end out of the cyclic garbage collector's reach
(gc.freeze): each full collection would walk those objects again and free none of them (a small rebuild's database
stage spent 0.09 s so). Reference counting still frees them; only a cycle among them would stay until the process
ends. A process that goes on after the build (a test session, a notebook calling the stages) keeps the collector as
it is."""

from __future__ import annotations

import gc

SHORT_LIVED = False


def keep_to_the_end() -> None:
    """Every object alive now: out of the collector's walks, in a short-lived process (else nothing)."""
    if SHORT_LIVED:
        gc.freeze()
