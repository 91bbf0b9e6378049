"""Replace build outputs with freshly built ones, so readers never see a half-written or mixed build."""

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


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def replace_together(pairs: list[tuple[Path, Path]], moves: list[tuple[Path, Path]] = ()) -> None:
    """Move each freshly built `new` onto its `target` (file or directory), all or none.

    Every target is first renamed aside, then every new output renamed into place: renames within one
    file system cannot half-happen, and if any of them fails the ones already done are undone, so the
    database, exports and site are always from the same build.

    `moves`: (from, to) pairs done first, each a part of a current output that belongs unchanged in a new one
    (a folder of reused pages: publish/fast_pages.py), moved rather than copied; undone with the rest."""
    moved: list[tuple[Path, Path]] = []
    done: list[tuple[Path, Path, Path | None]] = []  # (new, target, where the old target went)
    try:
        for source, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                raise FileExistsError(f"{target} exists: the new build already holds what was to be moved there")
            os.rename(source, target)
            moved.append((source, target))
        for new, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            aside = None
            if target.exists() or target.is_symlink():
                aside = target.with_name(f".{target.name}.previous")
                _remove(aside)
                os.replace(target, aside)
            done.append((new, target, aside))
            os.replace(new, target)
    except BaseException:
        for new, target, aside in reversed(done):
            if target.exists() and not new.exists():
                os.replace(target, new)
            if aside is not None and aside.exists():
                os.replace(aside, target)
        for source, target in reversed(moved):
            os.rename(target, source)
        raise
    for _, _, aside in done:
        if aside is not None:
            _remove(aside)


def link_or_copy(source, target) -> None:
    """A hard link where the file system allows it (our outputs are replaced whole, never edited in place), else
    a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
