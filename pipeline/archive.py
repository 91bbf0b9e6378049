"""The CSV archive (exports/catalog-csv.zip): every CSV deflated into one download, written so that an incremental
build compresses only the CSV files that changed.

Compressing all of them was the largest cost left in a one-record rebuild's database stage (0.15 s). Python's
zipfile cannot copy a member's compressed bytes from another archive, so the archive is written here: stored
names, fixed timestamps, deflate at level 6, no extra fields, the archive comment naming version and date. A
member whose CSV has the same bytes as in the previous build's exports is copied, compressed, from the previous
archive (the caller passes it only when that build's recorded state is ours: pipeline/local_key.py). Two builds
of the same catalogue give the same bytes, whichever members were copied. Archives past the classic zip limits
(4 GiB, 65,535 members) are left to zipfile, which writes ZIP64."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1  # 2000-01-01
_DOS_TIME = 0
_VERSION = 20  # deflate
_MADE_BY = 3 << 8 | _VERSION  # Unix
_ATTRIBUTES = 0o644 << 16
_LIMIT = 0xFFFFFFFF


_CHUNK = 1 << 20


def _previous_members(previous: Path | None) -> dict[str, tuple[int, int, int, int]]:
    """name -> (crc, size, offset of the compressed bytes, their length) of each member of an archive this module
    wrote, else {}."""
    if previous is None or not previous.is_file():
        return {}
    out = {}
    try:
        with zipfile.ZipFile(previous) as old, previous.open("rb") as fh:
            for info in old.infolist():
                if info.compress_type != zipfile.ZIP_DEFLATED or info.extra:
                    return {}
                fh.seek(info.header_offset)
                header = _LOCAL.unpack(fh.read(_LOCAL.size))
                start = info.header_offset + _LOCAL.size + header[9] + header[10]
                out[info.filename] = (info.CRC, info.file_size, start, info.compress_size)
    except (OSError, zipfile.BadZipFile, struct.error):
        return {}
    return out


def _copy(src, start: int, length: int, out) -> None:
    src.seek(start)
    while length > 0:
        chunk = src.read(min(_CHUNK, length))
        if not chunk:
            raise OSError("the previous archive ended early")
        out.write(chunk)
        length -= len(chunk)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.samefile(b):  # an unchanged export is the previous build's file, linked (pipeline/export.py)
            return True
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as x, b.open("rb") as y:
            while True:
                one, two = x.read(_CHUNK), y.read(_CHUNK)
                if one != two:
                    return False
                if not one:
                    return True
    except OSError:
        return False


def _deflate(path: Path, out) -> tuple[int, int, int]:
    """Deflate a file into `out` a chunk at a time: (crc, size, compressed size)."""
    compressor, crc, size, written = zlib.compressobj(6, zlib.DEFLATED, -15), 0, 0, 0
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            data = compressor.compress(chunk)
            out.write(data)
            written += len(data)
    data = compressor.flush()
    out.write(data)
    return crc, size, written + len(data)


def write_archive(csv_dir: Path, target: Path, comment: str, previous_csv: Path | None = None,
                  previous_archive: Path | None = None) -> None:
    """`previous_csv`, `previous_archive`: the previous build's CSV folder and archive, whose members are copied
    for CSV files with the same bytes."""
    import contextlib

    files = sorted(csv_dir.glob("*.csv"))
    members = _previous_members(previous_archive) if previous_csv is not None else {}
    if len(files) > 0xFFFF:
        _with_zipfile(files, target, comment)
        return
    entries = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(target.open("wb"))
        old = stack.enter_context(previous_archive.open("rb")) if members else None
        for path in files:
            name = f"csv/{path.name}".encode("utf-8")
            flags = 0 if name.isascii() else 0x800  # a UTF-8 name is flagged as such
            offset = out.tell()
            out.write(_LOCAL.pack(0x04034B50, _VERSION, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, 0, 0, 0,
                                  len(name), 0) + name)
            kept = members.get(f"csv/{path.name}")
            if kept is not None and _same_bytes(previous_csv / path.name, path):
                crc, size, start, csize = kept
                _copy(old, start, csize, out)
            else:
                crc, size, csize = _deflate(path, out)
            if max(size, csize, offset, out.tell()) > _LIMIT:
                stack.close()
                _with_zipfile(files, target, comment)
                return
            end = out.tell()
            out.seek(offset)  # the header's sizes and checksum, now known
            out.write(_LOCAL.pack(0x04034B50, _VERSION, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, csize,
                                  size, len(name), 0))
            out.seek(end)
            entries.append((name, flags, crc, csize, size, offset))
        start = out.tell()
        directory = b"".join(_CENTRAL.pack(0x02014B50, _MADE_BY, _VERSION, flags, zipfile.ZIP_DEFLATED, _DOS_TIME,
                                           _DOS_DATE, crc, csize, size, len(name), 0, 0, 0, 0, _ATTRIBUTES, at)
                             + name for name, flags, crc, csize, size, at in entries)
        note = comment.encode("utf-8")[:0xFFFF]
        out.write(directory)
        out.write(_END.pack(0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, len(note)) + note)


def _with_zipfile(files: list[Path], target: Path, comment: str) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.comment = comment.encode("utf-8")[:0xFFFF]
        for path in files:
            zinfo = zipfile.ZipInfo(f"csv/{path.name}", date_time=(2000, 1, 1, 0, 0, 0))
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zinfo.external_attr = _ATTRIBUTES
            with path.open("rb") as src, archive.open(zinfo, "w", force_zip64=True) as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
