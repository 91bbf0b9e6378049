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


def replace_together(pairs: list[tuple[Path, Path]], moves: list[tuple[Path, Path]] = (),
                     before_removing=None) -> None:
    """Move each freshly built `new` onto its `target` (file or directory), all or none.

    Every target is first renamed aside, then every new output renamed into place: renames within one
    file system cannot half-happen, and if any of them fails the ones already done are undone, so the
    database, exports and site are always from the same build.

    `moves`: (from, to) pairs done first, each a part of a current output that belongs unchanged in a new one
    (a folder of reused pages: publish/fast_pages.py), moved rather than copied; undone with the rest.
    `before_removing(target, aside)`: called for each replaced target once all are in place, before its previous
    version (now at `aside`) is removed (build.py keeps the previous pages' folders from it: keep_empty_folders)."""
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
    for _, target, aside in done:
        if aside is not None:
            if before_removing is not None:
                before_removing(target, aside)
            _remove(aside)


def link_or_copy(source, target) -> None:
    """A hard link where the file system allows it (our outputs are replaced whole, never edited in place), else
    a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# A new file costs far more than a link where the file system must look for a free inode among many freed recently:
# on the test machine's ext4 (no journal), right after a full build has replaced thousands of files, each new file or
# folder took 0.2-1 ms, and a small rebuild made hundreds. Files whose bytes are those of the previous build's are
# therefore linked from it: the same bytes, no new inode. Our outputs are replaced whole, never edited in place.


def _linked(previous: Path | None, data: bytes, target: Path) -> bool:
    """`previous` linked at `target` if it holds exactly `data`; False (nothing made) otherwise."""
    try:
        if previous is None or previous.stat().st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target)
        return True
    except OSError:
        return False


def write_or_link(target: Path, data: bytes, previous: Path | None) -> None:
    """`data` written to `target`, or `previous` (the previous build's file) linked there when it holds these bytes."""
    if not _linked(previous, data, target):
        target.write_bytes(data)


def copy_tree_or_link(source: Path, target: Path, previous: Path | None) -> None:
    """shutil.copytree(source, target), but each file whose bytes the previous build's copy (under `previous`) still
    holds is linked from there instead. Never links `source` itself: a file edited in place there would change the
    build's outputs with it."""
    for folder, _, names in os.walk(source):
        rel = Path(folder).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            old = previous / rel / name if previous is not None else None
            if not _linked(old, (Path(folder) / name).read_bytes(), target / rel / name):
                shutil.copy2(Path(folder) / name, target / rel / name)
