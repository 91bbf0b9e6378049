"""Imported figures pass the same plausibility rules as contributed ones: a value `check` would reject
(Epoch's 128 MB of on-chip SRAM as an accelerator's memory, a 13,040-parameter LSTM) is left out of the
importer-owned block and listed, never written for `check` to fail on."""

from __future__ import annotations

from pipeline.plausibility import ERROR, file_problems


def drop_implausible(kind: str, record_cls, body: dict, block: str) -> list[str]:
    """Remove from `body[block]` every field the plausibility rules call an error; return what was left out."""
    left_out = []
    for path, message, _hint, severity in file_problems(kind, record_cls, body):
        if severity != ERROR or len(path) < 2 or path[0] != block or path[1] not in body[block]:
            continue
        del body[block][path[1]]
        left_out.append(f"{body[block].get('name', '?')}: {path[1]}: {message}; left out")
    return left_out
