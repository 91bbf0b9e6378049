"""Which model pages a build may copy from the previous one: a page is remade only when what it shows changed.

A model page is a function of the site's code (fingerprinted: publish/incremental.py) and of the values it is
handed: its own rows (facts, scores, compute...) and, through the model-wide lookups (names, types, scores of
the models it is compared with), the entries of the other models it reads. The lookups are handed to the page as
Watched mappings, which note every key read; the page's digest covers its own values and every lookup's entry
at each key read. Next build, the same keys are looked up again: a page whose digest is unchanged would be made
the same, so its previous Markdown is copied. (The keys a page reads depend only on values it read before, so
equal values mean the same keys read: the comparison is exact, as for query results in publish/incremental.py.)
A page that reaches a lookup any other way (its length, its keys) is not digested, and is always made.

Its own values are digested part by part (one part per query they come from, the rest together), and each part's
digest is kept: a query none of whose inputs changed since the previous build (incremental.QueryInputs) returns
the same rows, so its part of every page is the one kept, and the query is not run for the pages copied."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

from .incremental import _pickled

_MISSING = "\0missing"


class Watched:
    """A read-only view of a dict that notes the keys read through it (into the set it is given)."""

    def __init__(self, data: dict, seen: set, whole: list) -> None:
        self._data, self._seen, self._whole = data, seen, whole

    def get(self, key, default=None):
        self._seen.add(key)
        return self._data.get(key, default)

    def __getitem__(self, key):
        self._seen.add(key)
        return self._data[key]

    def __contains__(self, key) -> bool:
        self._seen.add(key)
        return key in self._data

    def __bool__(self) -> bool:  # part of every digest (ModelPages.digest)
        return bool(self._data)

    def __iter__(self):
        self._whole.append(True)
        return iter(self._data)

    def __len__(self) -> int:
        self._whole.append(True)
        return len(self._data)

    def __getattr__(self, name):  # keys(), items()...: the page read more than single entries
        self._whole.append(True)
        return getattr(self._data, name)


SPARE_FOLDERS = ".dl-model-page-folders"
"""In the build folder: the previous build's model page folders, empty, for the next build (keep_empty_folders)."""


def make_folders_ahead(previous: Path, models: Path, spare: Path | None = None) -> frozenset[Path]:
    """The folders of the previous build's model pages (one per organisation), made in the new docs folder while the
    database is still being built: the model pages' part of the generation, the longer one on most edits, then only
    links its pages into them. Those no page went into are removed again (remove_empty_folders), so the folder holds
    what a full build's does. `spare`: empty folders the previous build kept (keep_empty_folders), each taken by name
    where there is one: a rename, where making a folder was 0.1-0.7 ms (hundreds of them) on the test machine's ext4,
    which searches past every recently freed inode for a new one. The rest of `spare` is removed."""
    made: set[Path] = set()
    try:
        names = [entry.name for entry in os.scandir(previous) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        names = None
    try:
        if names is not None:
            models.mkdir(parents=True, exist_ok=True)
        for name in names or ():
            if not _take_empty(spare / name if spare is not None else None, models / name):
                (models / name).mkdir()
            made.add(models / name)
    except OSError:  # what is made is used; the generation makes the rest itself
        pass
    if spare is not None:
        shutil.rmtree(spare, ignore_errors=True)
    return frozenset(made)


def _take_empty(folder: Path | None, target: Path) -> bool:
    """Move `folder` to `target` if it is an empty folder (never one holding anything: it would join the site)."""
    try:
        if folder is None or folder.is_symlink() or not folder.is_dir():
            return False
        with os.scandir(folder) as inside:
            if next(inside, None) is not None:
                return False
        os.rename(folder, target)
        return True
    except OSError:
        return False


def keep_empty_folders(models: Path, spare: Path) -> None:
    """The previous build's model page folders (in `models`, about to be removed), emptied and moved to `spare` for
    the next build's make_folders_ahead: renamed now and then instead of removed now and made again then. Best
    effort: a folder that cannot be emptied (one holding a folder) is left to be removed with the rest. `spare`
    holds only empty folders, never a file."""
    try:
        entries = [entry for entry in os.scandir(models) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    try:
        spare.mkdir(exist_ok=True)
    except OSError:
        return
    for entry in entries:
        try:
            with os.scandir(entry.path) as inside:
                pages = list(inside)
            if any(page.is_dir(follow_symlinks=False) for page in pages) or os.path.lexists(spare / entry.name):
                continue
            for page in pages:
                os.unlink(page.path)
            os.rename(entry.path, spare / entry.name)
        except OSError:
            continue


def remove_empty_folders(folders) -> None:
    """The folders made ahead that stayed empty (every model of that organisation removed)."""
    for folder in folders:
        try:
            folder.rmdir()  # only an empty folder is removed
        except OSError:
            pass


PART_SIZE = 12  # bytes of a part's digest (BLAKE2b): 20,000 models x 9 parts stay a few MB in the site's state


def part_digest(value) -> str:
    """The digest of one part of a page's own values (pickled as publish/incremental.py pickles query results)."""
    return hashlib.blake2b(_pickled(value), digest_size=PART_SIZE).hexdigest()


class ModelPages:
    """Per-page reuse for one build: `recorded` is the previous build's {model id: [keys read, digest, parts]} (only
    from a state whose code fingerprint matches), `previous` its models folder; `state` collects this build's.
    `parts`: the digest of each part of the page's own values (part_digest), in a fixed order, joined."""

    def __init__(self, lookups: dict[str, dict], previous: Path | None, recorded: dict | None,
                 made: frozenset[Path] = frozenset()) -> None:
        """`made`: the folders made ahead of the generation (make_folders_ahead)."""
        self.lookups = lookups
        self.previous = previous
        self.recorded = recorded if isinstance(recorded, dict) else {}
        self.state: dict[str, list] = {}
        self.reused = 0
        self._names = sorted(lookups)
        self._bools = repr([(name, bool(lookups[name])) for name in self._names]).encode()
        self._folders: set[Path] = set(made)  # made by this build (a page per model, a folder per organisation)

    def make_folder(self, page: Path) -> None:
        """The page's folder, made once a build (mkdir of an existing folder is still a system call per page)."""
        if page.parent not in self._folders:
            page.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(page.parent)

    def kept_parts(self, model_id: str, count: int) -> list[str | None]:
        """The digests of the first `count` parts of the page's own values as the previous build recorded them (None
        for each where it recorded none)."""
        entry = self._entry(model_id)
        size = 2 * PART_SIZE
        parts = [entry[2][at * size:(at + 1) * size] for at in range(count)] if entry is not None else [None] * count
        return [part if part and len(part) == size else None for part in parts]

    def _entry(self, model_id: str) -> list | None:
        entry = self.recorded.get(model_id)
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], list) and isinstance(entry[2], str)
                and all(isinstance(k, str) for k in entry[0])):
            return None
        return entry

    def digest(self, parts: str, keys) -> str | None:
        """SHA-256 of a page's own parts and of every lookup's entry at the keys it read (None: not digestible)."""
        try:
            digest = hashlib.sha256(parts.encode())
            digest.update(self._bools)
            for key in sorted(keys):
                digest.update(_pickled((key, [self.lookups[name].get(key, _MISSING) for name in self._names])))
        except (TypeError, pickle.PicklingError, AttributeError, ValueError, RecursionError):
            return None
        return digest.hexdigest()

    def reuse(self, model_id: str, parts: str, target: Path) -> bool:
        """Copy the previous page when its digest, taken again now over the keys it read then, is unchanged."""
        entry = self._entry(model_id)
        if self.previous is None or entry is None or self.digest(parts, entry[0]) != entry[1]:
            return False
        source = self.previous / f"{model_id}.md"
        if not source.is_file():
            return False
        self.make_folder(target)
        try:
            os.link(source, target)  # the build writes new files, never edits one in place
        except OSError:
            shutil.copy2(source, target)
        self.state[model_id] = [entry[0], entry[1], parts]
        self.reused += 1
        return True

    def watch(self) -> tuple[dict[str, Watched], set, list]:
        """The lookups as this page sees them, the set of keys it reads and a flag list (non-empty: read whole)."""
        seen: set = set()
        whole: list = []
        return {name: Watched(data, seen, whole) for name, data in self.lookups.items()}, seen, whole

    def made(self, model_id: str, parts: str, seen: set, whole: list) -> None:
        """Record a page just made (a page that read a lookup whole, or by keys JSON cannot carry, is not)."""
        if whole or not all(isinstance(k, str) for k in seen):
            return
        digest = self.digest(parts, seen)
        if digest is not None:
            self.state[model_id] = [sorted(seen), digest, parts]
