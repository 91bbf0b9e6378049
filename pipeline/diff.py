"""`build.py diff REF`: what changed in the catalogue since a git ref, and how the derived figures moved.

Builds the catalogue as it was at REF and as it is now into temporary databases and compares the
views a reviewer cares about. Prints Markdown (the PR workflow puts it in the job summary)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import duckdb

from .database import BuildError, build_database
from .load import load

DERIVED = {
    "GPU-hours": (
        "select model_id || ' on ' || gpu_id || ' (' || scenario_id || ')', gpu_hours from model_gpu_hours"),
    "creation compute (FLOP)": (
        "select model_id || ' (' || scenario_id || ')', creation_flop from model_creation_compute"),
    "compute saved by distillation (×)": (
        "select model_id || ' (' || scenario_id || ')', compute_ratio_total_params from distillation_efficiency"),
    "break-even reuse N*": "select run_id, n_star from break_even_reuse",
    "audit ratio": "select claim_table_id || '#' || position, ratio from audit",
}


class DiffError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise DiffError(f"git {' '.join(args)} failed: {getattr(exc, 'stderr', '') or exc}") from None


def _checkout(root: Path, ref: str, target: Path) -> None:
    for name in _git(root, "ls-tree", "-r", "--name-only", ref, "--", "catalog", "pins.yaml").splitlines():
        data = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=root, capture_output=True, check=True).stdout
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (target / "catalog").mkdir(exist_ok=True)


def _fmt(v) -> str:
    if v is None:
        return "—"
    for scale, suffix in ((1e15, None), (1e9, "B"), (1e6, "M")):
        if abs(v) >= scale:
            return f"{v:.3g}" if suffix is None else f"{v / scale:.3g}{suffix}"
    return f"{v:,.4g}"


def diff_since(root: Path, ref: str) -> str:
    _git(root, "rev-parse", "--verify", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory(prefix="distill-diff-") as tmp:
        tmp = Path(tmp)
        _checkout(root, ref, tmp / "old")
        old, new = load(tmp / "old" / "catalog"), load(root / "catalog")
        if new.problems:
            raise DiffError(f"the current catalogue has {len(new.problems)} problem(s); run `python build.py check`")
        lines = [f"## Catalogue changes since `{ref}`", ""]
        lines += _record_changes(old, new)
        if old.problems:
            lines += ["", f"_The catalogue at `{ref}` did not validate ({len(old.problems)} problems); "
                          "derived figures are compared only when both sides build._"]
            return "\n".join(lines) + "\n"
        try:
            build_database(old, tmp / "old.duckdb", tmp / "old-exports")
            build_database(new, tmp / "new.duckdb", tmp / "new-exports")
        except BuildError as exc:
            lines += ["", f"_Derived figures not compared: {exc}_"]
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
            before, after = dict(a.execute(sql).fetchall()), dict(b.execute(sql).fetchall())
            for key in sorted(set(before) | set(after)):
                x, y = before.get(key), after.get(key)
                if x is None and y is None or (x is not None and y is not None and abs(x - y) <= 1e-9 * max(abs(x), 1)):
                    continue
                out.append(f"- {label} of `{key}`: {_fmt(x)} → {_fmt(y)}")
                moved += 1
    if not moved:
        out.append("- none")
    return out
