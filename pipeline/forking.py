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


class Forked:
    """function(*args) running in a forked child; result() waits for it and returns what it returned (pickled
    through a pipe), or raises what it raised.

    `told`: the function is called as function(tell, *args), where tell(value) hands `value` to this process at once
    (told() returns it) while the child goes on with the rest of its work."""

    def __init__(self, function, *args, told: bool = False) -> None:
        import sys

        read, write = os.pipe()
        early = os.pipe() if told else None
        sys.stdout.flush()  # else the child would print this process's buffered output a second time
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            if early is not None:
                os.close(early[0])
                args = (_teller(early[1]), *args)
            _reply(write, function, args)  # never returns
        os.close(write)
        if early is not None:
            os.close(early[1])
        self._pid, self._read, self._early = pid, read, early[0] if early is not None else None

    def told(self):
        """What the child handed over with tell(), once it has; None if it ended (or failed) without telling."""
        import pickle

        if self._early is None:
            return None
        with os.fdopen(self._early, "rb") as pipe:
            data = pipe.read()
        self._early = None
        return pickle.loads(data) if data else None

    def result(self):
        import pickle

        if self._early is not None:  # never asked for: closed, so the child's tell() cannot block on it
            os.close(self._early)
            self._early = None
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()  # read to the end before waiting: a reply larger than the pipe would block the child
        os.waitpid(self._pid, 0)
        kind, value = pickle.loads(data) if data else ("error", RuntimeError("a build process ended without a reply"))
        if kind == "error":
            raise value
        return value


def _teller(write: int):
    """tell(value) for a forked child: `value` pickled to the parent through `write`, which is then closed (once)."""
    import pickle

    def tell(value) -> None:
        nonlocal write
        if write < 0:
            raise RuntimeError("told already")
        fd, write, data = write, -1, memoryview(pickle.dumps(value))
        try:
            while data:
                data = data[os.write(fd, data):]
        except BrokenPipeError:  # the parent stopped listening (it takes the reply instead)
            pass
        finally:
            os.close(fd)

    return tell


def _reply(write: int, function, args) -> None:
    import pickle
    import sys

    code = 1
    try:
        try:
            reply = ("ok", function(*args))
        except BaseException as exc:  # handed to the parent, which raises it
            reply = ("error", exc)
        try:
            data = pickle.dumps(reply)
        except Exception:  # noqa: BLE001 - a value or exception that cannot be pickled: its text
            data = pickle.dumps(("error", RuntimeError(f"{type(reply[1]).__name__}: {reply[1]}")))
        with os.fdopen(write, "wb") as out:
            out.write(data)
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_forked(calls: list[tuple], meanwhile=None) -> list:
    """[function(*args) for function, *args in calls], each call in a forked child of its own, all at once (the
    machine's cores share the work, and what each child held goes back to the system when it ends). An exception
    in a child is raised here (the first, in call order). Where a fork is not safe, the calls run one after another
    in this process. `meanwhile()` runs in this process while the children work (after the calls, without them)."""
    if not fork_is_safe():
        results = [function(*args) for function, *args in calls]
        if meanwhile is not None:
            meanwhile()
        return results
    children = [Forked(function, *args) for function, *args in calls]
    if meanwhile is not None:
        meanwhile()
    results, error = [], None
    for child in children:  # every child waited for, even after one failed
        try:
            results.append(child.result())
        except BaseException as exc:  # noqa: BLE001 - raised below, after the others ended
            error = error or exc
    if error is not None:
        raise error
    return results
