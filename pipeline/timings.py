"""Where a build's time goes, printed to stderr when DL_TIMINGS is set (the benchmark suite and anyone profiling
an incremental build read it): `with step("db: load tables"):` around a stage's parts. Costs nothing otherwise."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

STARTED = time.perf_counter()  # (forked processes inherit it: every line's "at" is on one clock)


@contextmanager
def step(label: str):
    if not os.environ.get("DL_TIMINGS"):
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        now = time.perf_counter()
        print(f"step {label} {now - started:.3f} (ends at {now - STARTED:.3f})", file=sys.stderr)
