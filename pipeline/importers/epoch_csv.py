"""Reading Epoch AI's CSV exports: a BOM, fields that span lines, zeros and blanks meaning unknown,
names with stray whitespace, and two date formats ('2025-06-10 16:37' and '6/18/2025 11:40am')."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path

CONFIDENCE = {"confident": "confident", "likely": "likely", "speculative": "speculative", "unknown": "unknown"}


class EpochFormatError(Exception):
    pass


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise EpochFormatError(f"{path}: not an Epoch AI export: missing column(s) {', '.join(missing)}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EpochFormatError(f"{path}: cannot read: {exc}") from None


def clean_text(value: str | None, limit: int | None = None) -> str | None:
    """Whitespace runs to one space per line, control characters out, trimmed; None when empty."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[\s\u00a0]+", " ", "".join(ch for ch in line if ch.isprintable() or ch == "\t")).strip()
             for line in value.split("\n")]
    text = "\n".join(line for line in lines if line).strip()
    if not text:
        return None
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_name(value: str | None) -> str | None:
    """A one-line name: every whitespace run (newlines included) becomes one space."""
    text = clean_text(value)
    return re.sub(r"\s+", " ", text)[:300].strip() if text else None


def number(value: str | None) -> float | None:
    """A positive finite number, or None: Epoch writes 0 and blanks for 'unknown'."""
    if value is None:
        return None
    text = value.strip().replace(",", "").removeprefix("$")  # Epoch writes dollar columns as "$5.58"
    if not text:
        return None
    try:
        n = float(text)
    except ValueError:
        return None
    return n if math.isfinite(n) and n > 0 else None


def date(value: str | None) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %I:%M%p", "%m/%d/%Y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return parsed if parsed <= dt.date.today() else None
    return None


def kebab(text: str) -> str:
    """A stable id segment: lowercase letters and digits joined by single '-', '.' kept between digits."""
    lowered = text.lower().replace("+", " plus ").replace("&", " and ")
    lowered = re.sub(r"(?<=\d)\.(?=\d)", "\0", lowered)
    parts = re.findall(r"[a-z0-9\0]+", lowered)
    segment = "-".join(parts).replace("\0", ".").strip(".-")
    return re.sub(r"[.-]{2,}", "-", segment) or "unnamed"


def name_key(text: str) -> str:
    """Names compared as a program should: case, spaces and punctuation ignored ('Llama 3.1-405B' = 'llama 3.1 405b')."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())
