"""Work on a thread of its own, started now and waited for later: how a stage overlaps a step with its next ones."""

from __future__ import annotations

import os
import threading


class InThread:
    """work(*args) on a thread started now. result() waits and returns what it returned, or raises what it raised;
    discard() only waits (the caller failed elsewhere: the answer is moot). `nice`: the thread's own priority (Linux
    gives each thread one; elsewhere it runs at the process's). `daemon`: never keeps the process from ending."""

    def __init__(self, work, *args, nice: int | None = None, name: str = "work", daemon: bool = False) -> None:
        self._value = None
        self._error: BaseException | None = None

        def run() -> None:
            if nice is not None:
                try:
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
                except (AttributeError, OSError):  # not Linux: at the process's own priority
                    pass
            try:
                self._value = work(*args)
            except BaseException as exc:  # noqa: BLE001 - raised by result()
                self._error = exc

        self._thread = threading.Thread(target=run, name=name, daemon=daemon)
        self._thread.start()

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value

    def discard(self) -> None:
        self._thread.join()
