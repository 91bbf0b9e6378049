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
    the value is made again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
