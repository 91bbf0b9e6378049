"""Whether this process ends when its build does, and what it may skip because of it.

`build.py` run from the command line sets SHORT_LIVED (its processes, and the processes forked from them, end with
the build). Such a process moves what it will keep to its end out of the cyclic garbage collector's reach
(gc.freeze): each full collection would walk those objects again and free none of them (a small rebuild's database
stage spent 0.09 s so). Reference counting still frees them; only a cycle among them would stay until the process
ends. A process that goes on after the build (a test session, a notebook calling the stages) keeps the collector as
it is.

Such a process also lets more new objects pile up before the collector's youngest pass (YOUNG): each pass moves
those still alive to the middle generation, which every tenth pass walks again whole; fewer passes, fewer walks of
the same objects. A small rebuild's processes spent 0.06 s in the collector, 0.03 s with YOUNG. The other thresholds
stay as they are, and what reference counting frees is freed at once either way."""

from __future__ import annotations

import gc

SHORT_LIVED = False
YOUNG = 10_000
"""The collector's youngest-generation threshold in a short-lived process (Python's default: 700)."""


def ends_with_the_build() -> None:
    """This process, and those it forks, end when the build does (build.py run from the command line)."""
    global SHORT_LIVED
    SHORT_LIVED = True
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG, older, oldest)


def keep_to_the_end() -> None:
    """Every object alive now: out of the collector's walks, in a short-lived process (else nothing)."""
    if SHORT_LIVED:
        gc.freeze()
