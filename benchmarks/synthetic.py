"""Synthetic catalogues shaped like the real one, at any multiple: copies of the real catalogue's own records.

The real catalogue is the statistic: every synthetic record is a real record with its ids renamed, so
record kinds per model, scores per model and their settings, claims and workloads, note lengths, energy
runs over several GPUs and workloads, inference measurements and prices come out in the real proportions
by construction, and every file passes `build.py check`.

How: records that reference each other (a model, its lineage, its score file, the energy runs, inference
measurements, claims, workloads and prices that name it) form a component. GPUs, benchmarks, scenarios and
sources are shared (written once, as in the real catalogue: they grow slowly). A scale-N catalogue holds
components until it has 20 x N models (the unit the suite has always used: 100x = 2,000 models): first the
fewest components that hold every kind of record (claims and workloads, so the audit always has work; energy
runs; inference), then every other component in a fixed shuffled order, then again from the start as copy 1, 2, ... with `-cN` added to every id of the
copy and ` (copy N)` to every model name and alias (names must stay distinct). A component is never split,
so every reference resolves and the scale lands slightly above 20 x N models."""

from __future__ import annotations

import random
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ("gpus", "benchmarks", "scenarios", "sources")
MODELS_PER_UNIT = 20
ID_MARK = "-zzcopyzz"  # placeholders in a component's rendered text, replaced per copy
NAME_MARK = " zzcopynamezz"


def _components(cat) -> list[list]:
    """Entries of the per-copy kinds grouped so that no reference leaves a group (union-find on refs)."""
    parent: dict = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a, b):
        parent[find(a)] = find(b)

    for kind, entries in cat.entries.items():
        if kind in SHARED:
            continue
        for entry_id, entry in entries.items():
            node = (kind, entry_id)
            find(node)
            if kind == "scores":  # a score file is named after its model
                union(node, ("models", entry_id))
            for _, target_kind, target in entry.refs:
                if target_kind not in SHARED:
                    union(node, (target_kind, target))
    groups: dict = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [sorted(group) for group in groups.values()]


def _template(entry) -> str:
    """The record's text with placeholders where a copy's ids and names differ."""
    from pipeline import yaml_reader
    from pipeline.importers.yaml_out import record_text

    doc, _ = yaml_reader.read(entry.raw, marks=False)
    data = doc.data

    def set_at(path, value):
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    for path, target_kind, target in entry.refs:
        if target_kind not in SHARED and isinstance(target, str):
            set_at(path, target + ID_MARK)
    if entry.kind == "models":
        data["name"] = data["name"] + NAME_MARK
        if data.get("aka"):
            data["aka"] = [alias + NAME_MARK for alias in data["aka"]]
    return record_text(entry.kind, entry.id + ID_MARK, data)


def generate(catalog: Path, scale: int, seed: int = 7, real: Path = ROOT / "catalog") -> dict[str, int]:
    """Write a scale-`scale` catalogue into `catalog` (created); returns record counts by kind."""
    from pipeline.load import load

    cat = load(real, display_base=real.parent)
    if cat.problems:
        raise RuntimeError(f"the real catalogue has {len(cat.problems)} problem(s): run build.py check first")
    counts: Counter = Counter()
    for kind in SHARED:
        for entry_id, entry in cat.entries[kind].items():
            _write(catalog, kind, entry_id, entry.raw)
            counts[kind] += 1
    components = _components(cat)
    models = {id(c): sum(1 for kind, _ in c if kind == "models") for c in components}
    # First the fewest components that between them hold every kind of record (so even 1x has claims,
    # workloads, energy runs and inference measurements), then all the others in a fixed shuffled order.
    first, covered = [], set()
    while True:
        best = max(components, key=lambda c: (len({k for k, _ in c} - covered), len(c)))
        if not {k for k, _ in best} - covered:
            break
        first.append(best)
        covered |= {k for k, _ in best}
    rest = [c for c in components if not any(c is f for f in first)]
    random.Random(seed).shuffle(rest)
    stream = first + rest
    target, have, copy = MODELS_PER_UNIT * scale, 0, 0
    templates: dict = {}
    while have < target:
        for position, component in enumerate(stream):
            if have >= target and (copy > 0 or position >= len(first)):
                break
            for kind, entry_id in component:
                entry = cat.entries[kind][entry_id]
                if copy == 0:
                    _write(catalog, kind, entry_id, entry.raw)
                else:
                    key = (kind, entry_id)
                    if key not in templates:
                        templates[key] = _template(entry)
                    text = templates[key].replace(ID_MARK, f"-c{copy}").replace(NAME_MARK, f" (copy {copy})")
                    _write(catalog, kind, f"{entry_id}-c{copy}", text.encode("utf-8"))
                counts[kind] += 1
                if kind == "scores":  # the key earlier versions returned; callers may still read it
                    counts["score_rows"] += len(entry.record.scores)
            have += models[id(component)]
        copy += 1
    pins = real.parent / "pins.yaml"  # pinned figures name shared GPUs: keep the rule running at scale
    if pins.is_file():
        shutil.copyfile(pins, catalog.parent / "pins.yaml")
    return dict(counts)


def _write(catalog: Path, kind: str, record_id: str, raw: bytes) -> None:
    path = catalog / kind / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic catalogue shaped like the real one.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    print(generate(args.directory / "catalog", args.scale))
