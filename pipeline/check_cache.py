"""Per-file results of `build.py check`, kept between runs and keyed by the hash of each file's bytes.

Parsing and validating a file depends only on its bytes, its path and the code that reads it, so a file
whose bytes did not change gives the same FileResult as last time: only changed files are read again.
Everything that needs more than one record (rules.py, pins.py) still runs on the whole catalogue every
time, so a change in one file that breaks a reference in another is still found.

A file whose size, modification and change times, inode and device are those recorded with its result is
not read again (git's index does the same): the times are recorded only for files last changed more than
STABLE_NS before the check that read them began, so a file written again within the clock's granularity of
being read is always hashed. Any change to a file's bytes sets its change time to now.

Two files: the whole cache, and a small delta of the files read since it was written (rewriting the whole
cache after a one-file edit would cost more than reading that file). The delta is folded into the whole
once it holds more than a twentieth of the files. Both are dropped when the reading code changes (the
fingerprint hashes pipeline/ and schemas/records/ sources, the Python, pydantic and confusables versions) or
the catalogue is shown from another base. They live in the user's cache directory, outside the checkout
(build.py check_cache_path): they are pickles, and a pickle a pull request could plant would run code when
read. Any error reading or writing them means "no cache", never a failed check. DL_CHECK_CACHE=0 bypasses
them (the benchmark suite's cold runs).

Each cache file starts with a line naming the catalogue folder it is for (JSON text), then the pickle. Whenever a
whole cache is written (a catalogue's first check, or a delta folded in), the caches beside it whose catalogue
folder is gone, or that have no such line (an earlier format's, never read again), are removed: without that, every
temporary catalogue a test run or the benchmark suite checks would leave its cache behind for good (one of the
benchmark's 1,000x catalogues is 110 MB of it)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import platform
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 4
STABLE_NS = 2_000_000_000
ROOT = Path(__file__).resolve().parent.parent


def enabled() -> bool:
    return os.environ.get("DL_CHECK_CACHE", "1") != "0"


@functools.lru_cache(maxsize=None)
def fingerprint(base: str) -> str:
    import confusable_homoglyphs
    import pydantic

    table = os.stat(Path(confusable_homoglyphs.__file__).parent / "confusables.json")
    digest = hashlib.sha256(f"{FORMAT} {platform.python_version()} {pydantic.VERSION} {table.st_size} "
                            f"{table.st_mtime_ns} {base}".encode())
    for folder in (ROOT / "pipeline", ROOT / "schemas" / "records"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Lookup:
    stored: dict = field(default_factory=dict)  # path -> FileResult of files whose bytes did not change
    hashes: dict = field(default_factory=dict)  # path -> hash of every file the cache can hold
    whole: dict = field(default_factory=dict)  # str(path) -> (hash, FileResult, stat signature) as in the whole cache
    delta: dict = field(default_factory=dict)  # the same, from the delta
    stamp: str | None = None  # the whole cache's random stamp: a delta belongs to the whole cache it names
    stats: dict = field(default_factory=dict)  # path -> its stat signature, where stable enough to be trusted
    unsigned: set = field(default_factory=set)  # unchanged files kept without a signature that now have one


def _delta(cache: Path) -> Path:
    return cache.with_name(cache.name + ".delta")


def _unpickled(data: bytes):
    """pickle.loads with the cyclic garbage collector paused: the records it makes (about 100,000 objects on the real
    catalogue) live as long as the check's result and none is garbage, yet they set off collections that walk every
    object made so far. In a process that ends with the build they are then kept out of its reach
    (pipeline/lifetime.py): otherwise the first collections after the check walk them all (0.03 s)."""
    import gc

    from .lifetime import keep_to_the_end

    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        keep_to_the_end()
        if paused:
            gc.enable()


def _read(path: Path, base: Path) -> dict | None:
    try:
        raw = path.read_bytes()
        data = _unpickled(memoryview(raw)[raw.index(b"\n") + 1:])  # after the first line, not copied
        return data if data.get("fingerprint") == fingerprint(str(base)) else None
    except Exception:  # missing, truncated or from another version: start afresh
        return None


def _signature(path: Path, started_ns: int) -> tuple[tuple | None, tuple | None]:
    """(the file's stat signature, the same if the file last changed before `started_ns` - STABLE_NS else None);
    (None, None) for a file _load_file rejects before reading (cheap to reject again)."""
    import stat

    from .yaml_reader import MAX_FILE_BYTES

    if path.name.startswith(".") or path.suffix != ".yaml":
        return None, None
    try:
        st = os.lstat(path)
    except OSError:
        return None, None
    if stat.S_ISLNK(st.st_mode) or st.st_size > MAX_FILE_BYTES:
        return None, None
    signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    stable = max(st.st_mtime_ns, st.st_ctime_ns) < started_ns - STABLE_NS
    return signature, signature if stable else None


def _digest(path: Path) -> str | None:
    """Hash of a file's bytes."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def lookup(cache: Path, tasks: list, base: Path) -> Lookup:
    import time

    from .rules import SKELETONS

    started_ns = time.time_ns()
    found = Lookup()
    whole = _read(cache, base)
    delta = _read(_delta(cache), base) if whole else None
    if whole:
        found.whole, found.stamp = whole["files"], whole.get("stamp")
        SKELETONS.update(whole.get("skeletons", {}))
    if delta and delta.get("whole") == found.stamp:
        found.delta = delta["files"]
        SKELETONS.update(delta.get("skeletons", {}))
    for _, _, path in tasks:
        signature, stable = _signature(path, started_ns)
        if signature is None:
            continue
        hit = found.delta.get(str(path)) or found.whole.get(str(path))
        if hit is not None and hit[2] is not None and hit[2] == signature:
            digest = hit[0]  # unchanged since it was hashed: not read again
        else:
            digest = _digest(path)
            if digest is None:
                continue
        found.hashes[path] = digest
        found.stats[path] = stable
        if hit is not None and hit[0] == digest:
            found.stored[path] = hit[1]
            if hit[2] is None and stable is not None:
                found.unsigned.add(path)  # now stable: kept again with its signature
    return found


def store(cache: Path, found: Lookup, results: dict, base: Path, catalogue: Path) -> None:
    """`catalogue`: the folder checked, named in the files' first line (the module's docstring says why)."""
    from .rules import SKELETONS

    read = {str(path): (digest, results[path], found.stats.get(path)) for path, digest in found.hashes.items()
            if path in results and (path not in found.stored or path in found.unsigned)}
    if not read and len(found.stored) == len(found.hashes):
        return  # nothing new to keep
    delta = {**found.delta, **read}
    stamp = hashlib.blake2b(os.urandom(16), digest_size=8).hexdigest()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        if found.whole and len(delta) * 20 <= len(found.hashes):
            _write(_delta(cache), catalogue, {"fingerprint": fingerprint(str(base)), "whole": found.stamp,
                                              "files": delta, "skeletons": dict(SKELETONS)})
            return
        files = {str(path): (digest, results[path], found.stats.get(path)) for path, digest in found.hashes.items()
                 if path in results}
        _write(cache, catalogue, {"fingerprint": fingerprint(str(base)), "stamp": stamp, "files": files,
                                  "skeletons": dict(SKELETONS)})
        _delta(cache).unlink(missing_ok=True)
    except OSError:
        pass
    prune(cache.parent)


def _write(path: Path, catalogue: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(_header(catalogue) + pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _header(catalogue: Path) -> bytes:
    """The first line of a cache file: the catalogue folder's absolute path as JSON text (one line whatever the path
    holds; os.fsdecode's escapes survive it)."""
    return json.dumps(os.fsdecode(os.path.abspath(catalogue))).encode("ascii") + b"\n"


def _catalogue_of(path: Path) -> str | None:
    """The catalogue folder a cache file names in its first line, or None (no such line: an earlier format)."""
    try:
        with path.open("rb") as file:
            line = file.readline(1 << 16)
        named = json.loads(line) if line.endswith(b"\n") else None
    except (OSError, ValueError):
        return None
    return named if isinstance(named, str) else None


STALE_TEMPORARY_S = 3600
"""A half-written cache file (a check stopped while writing it) older than this is removed by prune."""


def prune(folder: Path) -> None:
    """Remove the check caches in `folder` whose catalogue folder is gone or that name none (an earlier format's),
    the deltas whose whole cache is gone, and half-written files an hour old. Best effort: a file another check is
    using at the same moment is, at worst, made again."""
    import time

    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for name in names:
        path = folder / name
        try:
            if name.startswith("check-") and name.endswith(".pickle"):
                catalogue = _catalogue_of(path)
                if catalogue is None or not os.path.isdir(catalogue):
                    path.unlink(missing_ok=True)
                    _delta(path).unlink(missing_ok=True)
            elif name.startswith("check-") and name.endswith(".pickle.delta"):
                if not (folder / name[:-len(".delta")]).exists():
                    path.unlink(missing_ok=True)
            elif name.startswith(".check-") and name.endswith(".tmp") and now - path.stat().st_mtime > STALE_TEMPORARY_S:
                path.unlink(missing_ok=True)
        except OSError:
            continue
