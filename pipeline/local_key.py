"""A secret of this machine's user, kept outside the checkout, that marks the build outputs we made ourselves.

Incremental builds reuse the previous build's exports and pages when its recorded state matches. Those files
sit in the checkout's build/ and public/ folders, where a pull request could plant them (ignored paths can be
force-added) together with a state that matches — our builds are deterministic, so anyone can compute one.
Every recorded state therefore includes a hash of this key: a state we did not write never matches, and the
build is full. The key is random, created on first use; losing it only costs one full build."""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from pathlib import Path


def _key_path() -> Path:
    from .user_cache import directory

    return directory("build-key")


@functools.lru_cache(maxsize=None)
def build_token() -> str:
    """Hash of the key (the key itself is never written into a build). Without a writable cache directory,
    a fresh random token: nothing is ever reused, which is safe."""
    path = _key_path()
    try:
        key = path.read_bytes()
        if len(key) < 32:
            raise OSError("short key")
    except OSError:
        key = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".build-key-{os.getpid()}")
            tmp.write_bytes(key)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError:
            pass
    return hashlib.sha256(b"distill-ledger build " + key).hexdigest()
