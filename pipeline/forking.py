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


def run_forked(calls: list[tuple]) -> list:
    """[function(*args) for function, *args in calls], each call in a forked child of its own, all at once (the
    machine's cores share the work, and what each child held goes back to the system when it ends); the results
    come back pickled. An exception in a child is raised here (the first, in call order). Where a fork is not safe,
    the calls run one after another in this process."""
    if not fork_is_safe():
        return [function(*args) for function, *args in calls]
    import pickle
    import sys

    children = []
    for function, *args in calls:
        read, write = os.pipe()
        sys.stdout.flush()  # else a child would print this process's buffered output a second time
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            code = 1
            try:
                try:
                    reply = ("ok", function(*args))
                except BaseException as exc:  # handed to the parent, which raises it
                    reply = ("error", exc)
                try:
                    data = pickle.dumps(reply)
                except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled: its text
                    data = pickle.dumps(("error", RuntimeError(f"{type(reply[1]).__name__}: {reply[1]}")))
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(write)
        children.append((pid, read))
    replies = []
    for pid, read in children:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()  # read to the end before waiting: a reply larger than the pipe would block the child
        os.waitpid(pid, 0)
        replies.append(pickle.loads(data) if data else ("error", RuntimeError("a build process ended without a reply")))
    for kind, value in replies:
        if kind == "error":
            raise value
    return [value for _, value in replies]
