"""Replace an output directory with a freshly built one, so readers never see a half-written build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def swap_dir(new: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
