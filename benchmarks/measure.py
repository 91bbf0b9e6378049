"""One measured command: wall time and the peak memory of its whole process tree.

Memory: a thread polls /proc every 20 ms for the process and all its descendants (found through
/proc/PID/task/TID/children) and sums their PSS from /proc/PID/smaps_rollup. PSS, not RSS: forked workers
share their parent's pages copy-on-write, and a sum of RSS would count those pages once per worker. The
poll can miss a peak shorter than its interval, so the figure reported is the larger of the polled peak and
ru_maxrss from wait4 (the largest single process of the tree, which the kernel tracks exactly). Not cgroup
memory.peak: the cgroup this runs in belongs to the machine's own tooling (and counts page cache); not
ru_maxrss alone: it reports the largest process, not the sum of the main process and its workers."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mb: float  # whole tree, see the module docstring
    stderr: str


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                out += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    seen, stack = [], [pid]
    while stack:
        node = stack.pop()
        seen.append(node)
        stack += _children(node)
    return seen


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run(cmd: list[str], cwd: Path, env: dict | None = None, check: bool = True) -> Run:
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})

    def poll():
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            done.wait(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    poller.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return Run(elapsed, max(peak[0], usage.ru_maxrss) / 1024, stderr)
