"""Make a finished DuckDB file byte-identical across builds of the same catalogue.

With one thread and no compression DuckDB writes the same blocks for the same data, except for one
thing: a random 16-byte database identifier in the file headers (and the header checksums over it).
We replace it with one derived from what the data blocks are made of (the database stage passes a digest of every
table's rows, the schema's code and DuckDB's version; without one, the blocks themselves are hashed) and recompute
the checksums, so two builds of the same commit publish the same bytes. The result is opened again before it is
accepted; if a future DuckDB lays its headers out differently, the file is left exactly as DuckDB wrote it.

Known limit (measured 2026-11-25, DuckDB 2.0): it is not always enough. When DuckDB compacts a string segment
at checkpoint it leaves the few alignment bytes between the offsets and the strings unwritten, so they hold
whatever its buffer held before, and that depends on how memory was reused in the process (we saw it in about
one pair in three of cold builds run as separate processes, and between cold and incremental builds; filling
malloc'd memory with MALLOC_PERTURB_ did not remove it, so the buffers are DuckDB's own). Such files differ in
those unwritten bytes and the checksum of their block (the identifier, derived from the rows, is the same); every
table, view, column comment and row is the same (tests/test_incremental.py compares them), and the exports, their
manifest and the site are byte-identical.
Zeroing those bytes would need DuckDB's segment layout, which we do not parse."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

HEADER_SIZE = 4096
HEADERS = 3  # the main header, then two alternating database headers
IDENTIFIER_OFFSET = 124  # in the main header: after magic, version, flags, library and source versions, salt
IDENTIFIER_SIZE = 16
_MASK = (1 << 64) - 1


def _checksum(payload: bytes) -> int:
    """DuckDB's block checksum (src/common/checksum.cpp): XOR of each 64-bit word times a constant."""
    result = 5381
    for (word,) in struct.iter_unpack("<Q", payload):
        result ^= (word * 0xBF58476D1CE4E5B9) & _MASK
    return result


def _valid(header: bytes) -> bool:
    return struct.unpack("<Q", header[:8])[0] == _checksum(header[8:])


def fix_identifier(path: Path, layout_known: bool = False, identity: bytes | None = None) -> bool:
    """Rewrite the random identifier in place; True when the file was changed and still opens. `layout_known`: this
    DuckDB's header layout was checked before (the patched file reopened), so the file is not opened again; the
    headers' checksums are still checked before and written after the change. `identity`: bytes that determine the
    data blocks, the identifier's source (reading and hashing the whole file instead was 12 ms of every build)."""
    with open(path, "rb") as fh:
        head = bytearray(fh.read(HEADER_SIZE * HEADERS))
        digest = hashlib.sha256()
        if identity is not None:
            digest.update(identity)
        else:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    if len(head) < HEADER_SIZE * HEADERS or head[8:12] != b"DUCK":
        return False
    old = bytes(head[IDENTIFIER_OFFSET:IDENTIFIER_OFFSET + IDENTIFIER_SIZE])
    if old == bytes(IDENTIFIER_SIZE) or not all(_valid(head[i:i + HEADER_SIZE]) for i in range(0, len(head), HEADER_SIZE)):
        return False
    new = digest.digest()[:IDENTIFIER_SIZE]
    patched = bytearray(head)
    for start in range(0, len(patched), HEADER_SIZE):
        header = patched[start:start + HEADER_SIZE]
        if old not in header:
            continue
        header = header.replace(old, new)
        header[:8] = struct.pack("<Q", _checksum(bytes(header[8:])))
        patched[start:start + HEADER_SIZE] = header
    with open(path, "r+b") as fh:
        fh.write(patched)
    if layout_known or _opens(path):
        return True
    with open(path, "r+b") as fh:  # not a layout we understand: put DuckDB's own bytes back
        fh.write(head)
    return False


def _opens(path: Path) -> bool:
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("select count(*) from duckdb_tables()").fetchall()
            con.execute("pragma database_size").fetchall()
        return True
    except duckdb.Error:
        return False
