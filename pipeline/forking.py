"""When a worker process may be forked.

fork() copies only the calling thread. A lock that another thread holds at that moment (DuckDB's, polars' or
tokio's worker pools) stays locked forever in the child, which then waits on it without end: a build run
inside a process that has used those libraries (a test session, a notebook) would hang, not fail. So the
build forks only a process that has a single thread, and otherwise does the same work in-process."""

from __future__ import annotations

import multiprocessing
import os


def fork_is_safe() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc (not Linux): threads cannot be counted, so do not fork
        return False
