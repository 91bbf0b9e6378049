"""One measured command: wall time and the peak memory of its whole process tree.

Memory: a thread polls /proc every 20 ms for the process and all its descendants (found through
/proc/PID/task/TID/children) and sums their PSS from /proc/PID/smaps_rollup. PSS, not RSS: forked workers
share their parent's pages copy-on-write, and a sum of RSS would count those pages once per worker. The
poll can miss a peak shorter than its interval, so the figure reported is the larger of the polled peak and
the largest VmHWM seen (each process's own peak RSS, which the kernel tracks exactly). Not cgroup
memory.peak: the cgroup this runs in belongs to the machine's own tooling (and counts page cache). Not
ru_maxrss from wait4: it reports the largest single process, not the sum with its workers, and Linux carries
it across exec, so a child forked from this (large) Python process reports at least this process's size.

Every command, ours and each peer's, starts after os.sync(): the dirty pages an earlier command left (a full build
writes about 100 MB) are then not written back during, and charged to, the command measured next. A run whose memory
is not reported (`memory=False`: the incremental builds, timed only) runs without the poll, whose reads of /proc take
a share of a two-core machine's time."""

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
    cpu: float = 0.0  # user + system seconds of the process and every descendant it waited for (wait4's rusage)


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


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


TOOL_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Every tool, ours and each peer's, runs with Python's default bytecode cache, as on a user's machine: a machine that
sets PYTHONDONTWRITEBYTECODE (this one does) would otherwise compile a checkout's modules on every run, while an
installed peer's come compiled."""


def run(cmd: list[str], cwd: Path, env: dict | None = None, check: bool = True, memory: bool = True) -> Run:
    peak, hwm = [0], [0]
    done = threading.Event()
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**TOOL_ENVIRONMENT, **(env or {})})

    def poll():
        while not done.is_set():
            tree = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in tree))
            hwm[0] = max([hwm[0]] + [_hwm_kb(p) for p in tree])
            done.wait(0.02)

    poller = threading.Thread(target=poll if memory else done.wait, daemon=True)
    poller.start()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    poller.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return Run(elapsed, max(peak[0], hwm[0]) / 1024, stderr, usage.ru_utime + usage.ru_stime)
