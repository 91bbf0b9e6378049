"""The benchmark suite's measuring tool (benchmarks/measure.py): what it reports for one command."""

from __future__ import annotations

import sys

from conftest import ROOT

from benchmarks.measure import run


def test_a_run_reports_the_peak_of_its_process_tree_or_only_its_time():
    # A child that holds 80 MB for a moment, started by the measured process: the tree's peak, not the parent's.
    code = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'import time; x = bytearray(80_000_000); x[::4096] = b\"1\" * len(x[::4096]); time.sleep(0.3)'])")
    measured = run([sys.executable, "-c", code], ROOT)
    assert measured.peak_mb >= 75 and measured.seconds > 0.3 and measured.cpu > 0
    timed = run([sys.executable, "-c", code], ROOT, memory=False)
    assert timed.peak_mb == 0 and timed.seconds > 0.3, "timed only: no poll of /proc"
