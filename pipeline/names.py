"""How two names are compared: Unicode NFKC, case folding and the TR39 confusable skeleton.

"Llama 3.1 8B" with a Cyrillic "а", with full-width digits or with a zero-width space is the same
name to a reader, so it must be the same name to the duplicate rule. The confusables table is
Unicode's own (security/confusables.txt), as shipped by the pinned `confusable-homoglyphs` package;
we read its data file and build the TR39 skeleton map from it, so no table is copied into this repo."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from pathlib import Path

from schemas.records.common import invisible


def _clean(text: str) -> str:
    # The package wraps right-to-left characters in U+200E marks so its JSON displays sensibly.
    return text.replace("\u200e", "").replace("\u200f", "")


@functools.lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Character -> its TR39 prototype, kept in the user's cache directory (JSON, keyed by the package's table
    and this file): building it is a tenth of a second of every check, reading it a hundredth. Not used by cold
    checks (DL_CHECK_CACHE=0, the benchmark suite's first-build runs)."""
    import confusable_homoglyphs

    if os.environ.get("DL_CHECK_CACHE", "1") == "0":
        return _build_prototypes()

    from .user_cache import directory, keep

    table = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
    try:
        key = hashlib.sha256(table.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:32]
    except OSError:
        return _build_prototypes()
    kept = directory("confusables", f"{key}.json")
    try:
        mapping = json.loads(kept.read_text(encoding="utf-8"))
        if isinstance(mapping, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            return mapping
    except (OSError, ValueError):
        pass
    mapping = _build_prototypes()
    keep(kept, json.dumps(mapping, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return mapping


def _build_prototypes() -> dict[str, str]:
    """Character -> its TR39 prototype.

    The package's table is confusables.txt made symmetric (source -> prototype and back). In the Unicode
    data every mapping is a star: single code points map to one prototype, and a prototype is never itself
    mapped. So each connected group is one prototype and its sources; the prototype is the group's
    multi-character member if it has one, else the member linked to all the others, else the lowest."""
    import confusable_homoglyphs

    data = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    neighbours: dict[str, set[str]] = {}
    for key, entries in data.items():
        a = _clean(key)
        for entry in entries:
            b = _clean(entry["c"])
            if a and b and a != b:
                neighbours.setdefault(a, set()).add(b)
                neighbours.setdefault(b, set()).add(a)
    mapping: dict[str, str] = {}
    seen: set[str] = set()
    for start in sorted(neighbours):
        if start in seen:
            continue
        group, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node in group:
                continue
            group.add(node)
            stack.extend(neighbours[node] - group)
        seen |= group
        multi = sorted(m for m in group if len(m) > 1)
        if multi:
            proto = multi[0]
        else:
            proto = min(group, key=lambda m: (-len(neighbours[m]), m))
        for member in group:
            if len(member) == 1 and member != proto:
                mapping[member] = proto
    return mapping


def skeleton(text: str) -> str:
    """The comparison key of a name: NFKC, invisible characters dropped, the TR39 skeleton (NFD, each
    character to its confusable prototype, NFD again), case-folded and skeletonised again (so that both
    "LIama" with a capital I and "LLAMA" meet "Llama"), spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if not invisible(ch))
    text = _tr39(_tr39(text).casefold())
    return " ".join(text.split())


def _tr39(text: str) -> str:
    table = _prototypes()
    folded = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", folded)
