"""The user's cache folder for what a build keeps between runs outside the checkout (build key, check cache,
compiled templates, schema file, lineage, confusables map): a file a pull request could add to the checkout is
never one we read back as trusted."""

from __future__ import annotations

import os
from pathlib import Path


def directory(*parts: str) -> Path:
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return home.joinpath("distill-ledger", *parts)


def keep(path: Path, data: bytes) -> None:
    """Write a cache file whole (a reader never sees half of it); best effort: without a writable cache folder
    the value is made again next time. In a folder of entries keyed by a code fingerprint (schema/, lineage/,
    confusables/), the oldest entries beyond the newest KEPT_ENTRIES are removed: each edit of the code would
    otherwise leave one behind for good."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        return
    if path.parent != directory():
        _keep_newest(path.parent)


KEPT_ENTRIES = 8
"""Entries kept in each keyed cache folder: enough for a few checkouts or branches built in turn."""


def _keep_newest(folder: Path) -> None:
    """Remove all but the KEPT_ENTRIES newest entries of `folder`: an entry is the files whose names share the part
    before the first dot (the key), dated by the newest of them."""
    entries: dict[str, list] = {}
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                    entries.setdefault(entry.name.split(".", 1)[0], []).append((entry.stat().st_mtime, entry.path))
    except OSError:
        return
    newest_first = sorted(entries.values(), key=lambda files: -max(mtime for mtime, _ in files))
    for files in newest_first[KEPT_ENTRIES:]:
        for _, name in files:
            try:
                os.unlink(name)
            except OSError:
                pass
