"""Value history for importer-owned blocks: when a source revises a figure, the new value replaces the
old one and the old one moves into the new one's `revisions`, with the dates of both. Never an overwrite."""

from __future__ import annotations


def _value(q):
    return q.get("value") if isinstance(q, dict) else q


def carry_revisions(old: dict | None, new: dict, fields: tuple[str, ...]) -> list[str]:
    """Move each changed Epoch figure's old value into the new one's `revisions`; return the changed fields."""
    changed = []
    old = old or {}
    for field in fields:
        before, after = old.get(field), new.get(field)
        history = list(before.get("revisions", [])) if isinstance(before, dict) else []
        if before is not None and after is not None and _value(before) != _value(after):
            revision = {"value": _value(before)}
            if isinstance(before, dict):
                revision.update({k: before[k] for k in ("low", "high", "confidence") if k in before})
            revision["as_of"] = old.get("last_modified")
            revision["replaced_on"] = new.get("last_modified")
            history.append({k: v for k, v in revision.items() if v is not None})
            changed.append(field)
        elif before is not None and after is None:
            changed.append(field)
        elif before is None and after is not None:
            changed.append(field)
        if history and after is not None:
            q = after if isinstance(after, dict) else {"value": after}
            q["revisions"] = history
            new[field] = q
    return changed
