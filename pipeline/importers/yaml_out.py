"""Writing importer output as ordinary catalogue YAML: the schema line first, keys in schema order, and
an importer-owned top-level block that can be replaced without touching the curated lines above it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.load import schema_line


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # catalogue YAML has no anchors or aliases: write every value out
        return True


def _str(dumper, value: str):
    # PyYAML already quotes what a YAML 1.1 reader would take for another type ('NO', '1.10'); multi-line
    # notes read better as literal blocks.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


def record_text(kind: str, record_id: str, body: dict) -> str:
    return f"{schema_line(kind, record_id)}\n{dump(body)}"


def replace_block(text: str, key: str, block: dict | None) -> str:
    """`text` with its top-level `key:` block replaced by `block` (appended at the end if absent; removed if None)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t", "#")) or not lines[end].strip()):
            end += 1
        lines = lines[:start] + lines[end:]
    kept = "".join(lines)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    return kept + (dump({key: block}) if block is not None else "")


def write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
