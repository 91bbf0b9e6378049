"""`build.py diff REF`: what changed in the catalogue since a git ref, and how the derived figures moved.

Builds the catalogue as it was at REF and as it is now into temporary databases and compares the
views a reviewer cares about. Prints Markdown (the PR workflow puts it in the job summary)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import duckdb

from .database import BuildError, build_database
from .load import load
from .problems import escape

DEFAULT = "(select scenario_id from scenarios where is_default)"
# One figure per model under the default scenario (not every GPU x scenario), so a pull request's summary
# stays readable when the catalogue has hundreds of models; the paper's scenario keeps the audit's view.
DERIVED = {
    "cumulative creation compute (FLOP)": (
        f"select model_id, cumulative_flop from model_creation_cost where scenario_id = {DEFAULT}"),
    "own-stage compute (FLOP)": (
        f"select model_id, marginal_flop from model_creation_cost where scenario_id = {DEFAULT}"),
    "GPU-hours on its training accelerator": (
        f"select model_id || ' on ' || gpu_id, cumulative_gpu_hours from model_creation_footprint where scenario_id = {DEFAULT}"),
    "GPU-hours on each curated accelerator": (
        f"select model_id || ' on ' || gpu_id, gpu_hours from model_gpu_hours where scenario_id = {DEFAULT}"),
    "compute saved by distillation (×, the first paper's scenario)": (
        "select model_id, compute_ratio_total_params from distillation_efficiency where scenario_id = 'wani-2026-paper-default'"),
    "break-even reuse N*": "select run_id, n_star from break_even_reuse",
    "audit ratio": "select claim_table_id || '#' || position, ratio from audit",
}
SHOWN = 25
"""Changed figures listed per kind (largest relative change first); the rest, and new ones, are counted."""


class DiffError(Exception):
    pass


def _git(root: Path, *args: str) -> bytes:
    """Run git and return its raw output: file names are bytes, never decoded or quoted."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True, timeout=120).stdout
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {' '.join(args)} timed out") from None
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or str(exc)
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise DiffError(f"git {' '.join(args)} failed: {escape(detail.strip())}") from None


def _checkout(root: Path, ref: str, target: Path) -> None:
    """Write the catalogue as it was at `ref` into `target`, file by file.

    `ls-tree -z` gives names NUL-separated and unquoted (a name git would quote, with a space, a quote or a
    newline, arrives as it is), and each blob is read by its object id, so no name is ever parsed."""
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", "catalog", "pins.yaml")
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, oid = meta.split(b" ")[:3]
        if kind != b"blob" or mode == b"120000":  # symbolic links are not followed (check rejects them)
            continue
        rel = Path(os.fsdecode(name))
        if rel.is_absolute() or ".." in rel.parts:
            continue
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_git(root, "cat-file", "blob", oid.decode("ascii")))
    (target / "catalog").mkdir(parents=True, exist_ok=True)


def _fmt(v) -> str:
    if v is None:
        return "—"
    for scale, suffix in ((1e15, None), (1e9, "B"), (1e6, "M")):
        if abs(v) >= scale:
            return f"{v:.3g}" if suffix is None else f"{v / scale:.3g}{suffix}"
    return f"{v:,.4g}"


def diff_since(root: Path, ref: str) -> str:
    if not ref or ref.startswith("-") or any(ord(c) < 32 for c in ref):
        raise DiffError(f"{escape(ref)!r} is not a git ref")
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    shown_ref = escape(ref).replace("`", "'")
    with tempfile.TemporaryDirectory(prefix="distill-diff-") as tmp:
        tmp = Path(tmp)
        _checkout(root, ref, tmp / "old")
        old, new = load(tmp / "old" / "catalog"), load(root / "catalog")
        if new.problems:
            raise DiffError(f"the current catalogue has {len(new.problems)} problem(s); run `python build.py check`")
        lines = [f"## Catalogue changes since `{shown_ref}`", ""]
        lines += _record_changes(old, new)
        if old.problems:
            lines += ["", f"_The catalogue at `{shown_ref}` did not validate ({len(old.problems)} problems); "
                          "derived figures are compared only when both sides build._"]
            return "\n".join(lines) + "\n"
        try:
            build_database(old, tmp / "old.duckdb", tmp / "old-exports")
            build_database(new, tmp / "new.duckdb", tmp / "new-exports")
        except (BuildError, duckdb.Error, OSError) as exc:
            lines += ["", f"_Derived figures not compared: {escape(str(exc))}_"]
            return "\n".join(lines) + "\n"
        lines += _derived_changes(tmp / "old.duckdb", tmp / "new.duckdb")
    return "\n".join(lines) + "\n"


def _record_changes(old, new) -> list[str]:
    out = []
    for kind in new.entries:
        before, after = old.entries.get(kind, {}), new.entries[kind]
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        changed = []
        for rid in sorted(set(after) & set(before)):
            a, b = before[rid].record.model_dump(), after[rid].record.model_dump()
            if a != b:
                keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                changed.append(f"`{rid}` ({', '.join(keys)})")
        for label, items in (("added", [f"`{i}`" for i in added]), ("changed", changed),
                             ("removed", [f"`{i}`" for i in removed])):
            if items:
                out.append(f"- **{kind} {label}:** " + ", ".join(items))
    return out or ["- no record changed"]


def _derived_changes(old_db: Path, new_db: Path) -> list[str]:
    out = ["", "### Derived figures that moved", ""]
    moved = 0
    with duckdb.connect(str(old_db), read_only=True) as a, duckdb.connect(str(new_db), read_only=True) as b:
        for label, sql in DERIVED.items():
            try:
                before, after = dict(a.execute(sql).fetchall()), dict(b.execute(sql).fetchall())
            except duckdb.Error:  # a view the older catalogue's build did not have yet
                out.append(f"- {label}: not compared (not in both builds)")
                continue
            changed = sorted(((_relative(before[k], after[k]), k) for k in set(before) & set(after)
                              if _moved(before[k], after[k])), reverse=True)
            appeared = sorted(k for k in set(after) - set(before) if after[k] is not None)
            vanished = sorted(k for k in set(before) - set(after) if before[k] is not None)
            for _, key in changed[:SHOWN]:
                out.append(f"- {label} of `{escape(str(key))}`: {_fmt(before[key])} → {_fmt(after[key])}")
            if len(changed) > SHOWN:
                out.append(f"- {label}: {len(changed) - SHOWN} more changed (smaller relative changes)")
            for verb, keys in (("new", appeared), ("gone", vanished)):
                if keys:
                    sample = ", ".join(f"`{escape(str(k))}`" for k in keys[:5])
                    out.append(f"- {label}: {len(keys)} {verb} ({sample}{', …' if len(keys) > 5 else ''})")
            moved += len(changed) + len(appeared) + len(vanished)
    if not moved:
        out.append("- none")
    return out


def _moved(x, y) -> bool:
    if x is None or y is None:
        return (x is None) != (y is None)
    return abs(x - y) > 1e-9 * max(abs(x), 1)


def _relative(x, y) -> float:
    if x is None or y is None:
        return float("inf")
    return abs(y - x) / max(abs(x), 1e-300)
