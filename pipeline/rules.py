"""Rules that need more than one record: references, duplicates, ranges, lineage cycles."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from .problems import Problem, key_path

if TYPE_CHECKING:
    from .load import Catalogue, Entry


def _at(entry: "Entry", path: tuple, message: str, hint: str = "", prefer_key: bool = False) -> Problem:
    mark = entry.doc.mark(path, prefer_key=prefer_key)
    return Problem(entry.file, mark.line, mark.column, key_path(path), message, hint)


def _suggest(wanted: str, known) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def cross_record_problems(cat: "Catalogue") -> list[Problem]:
    from .load import quantities

    problems: list[Problem] = []
    ids = {kind: entries for kind, entries in cat.entries.items()}
    benchmarks_by_alias = _benchmark_aliases(cat, problems)

    for kind, entries in cat.entries.items():
        for entry in entries.values():
            record = entry.record
            refs = list(record.references())
            refs += [(("sources", i), "sources", s) for i, s in enumerate(getattr(record, "sources", []) or [])]
            refs += [(path + ("source",), "sources", q.source) for path, q in quantities(record) if q.source]
            if kind == "scores":
                refs += [(("scores", i, "source"), "sources", s.source) for i, s in enumerate(record.scores) if s.source]
            for path, target_kind, target in refs:
                if target in ids[target_kind] or target in cat.invalid[target_kind]:
                    continue
                hint = _suggest(target, ids[target_kind])
                if target_kind == "benchmarks" and target.lower() in benchmarks_by_alias:
                    hint = f"did you mean {benchmarks_by_alias[target.lower()]!r}?"
                if not hint:
                    hint = f"add catalog/{target_kind}/{target}.yaml, or fix the id"
                problems.append(_at(entry, path, f"{target_kind[:-1] if target_kind != 'energy' else 'energy run'} "
                                                 f"{target!r} does not exist", hint))

    problems += _scores(cat)
    problems += _duplicate_names(cat)
    problems += _lineage_cycles(cat)
    problems += _energy_runs(cat)
    problems += _default_scenario(cat)
    return problems


def _default_scenario(cat) -> list[Problem]:
    """Exactly one scenario is the default: views that show one figure per model need to know which."""
    scenarios = cat.entries["scenarios"]
    defaults = [e for e in scenarios.values() if e.record.default]
    if not scenarios or len(defaults) == 1:
        return []
    if not defaults:
        entry = next(iter(sorted(scenarios.values(), key=lambda e: e.file)))
        return [_at(entry, ("default",), "no scenario is marked as the default",
                    "set `default: true` on the one scenario the catalogue should use by default", prefer_key=True)]
    others = ", ".join(e.file for e in defaults)
    return [_at(e, ("default",), f"{len(defaults)} scenarios are marked as the default ({others})",
                "keep `default: true` on exactly one scenario", prefer_key=True) for e in defaults]


def _benchmark_aliases(cat, problems) -> dict[str, str]:
    """Benchmark names and aliases, lower-cased, to their id; a name two benchmarks share is an error in both."""
    seen: dict[str, list] = {}
    for entry in cat.entries["benchmarks"].values():
        for i, name in enumerate([entry.record.name, *entry.record.aliases]):
            seen.setdefault(name.lower(), []).append((entry, ("name",) if i == 0 else ("aliases", i - 1), name))
    for uses in seen.values():
        ids = {e.id for e, _, _ in uses}
        if len(ids) > 1:
            for entry, path, name in uses:
                others = ", ".join(repr(i) for i in sorted(ids - {entry.id}))
                problems.append(_at(entry, path, f"{name!r} also names benchmark {others}",
                                    "one benchmark per name: remove the duplicate record or alias"))
    return {key: uses[0][0].id for key, uses in seen.items()}


def _scores(cat) -> list[Problem]:
    problems = []
    for entry in cat.entries["scores"].values():
        if entry.id not in cat.entries["models"] and entry.id not in cat.invalid["models"]:
            hint = _suggest(entry.id, cat.entries["models"]) or f"add catalog/models/{entry.id}.yaml first"
            problems.append(Problem(entry.file, 1, 1, "", f"no model {entry.id!r} for this score file", hint))
        seen: dict[tuple, int] = {}
        for i, score in enumerate(entry.record.scores):
            bench = cat.get("benchmarks", score.benchmark)
            if bench is not None and score.value > bench.scale_max:
                problems.append(_at(entry, ("scores", i, "value"),
                                    f"score {score.value:g} is above the {bench.name} maximum of {bench.scale_max:g}",
                                    "scores are on the benchmark's own scale (percent: 0-100)"))
            key = score.settings_key()
            if key in seen:
                problems.append(_at(entry, ("scores", i), f"duplicate score: same benchmark and settings as item {seen[key]}",
                                    "a variant needs different settings (samples_k, temperature, harness...) or remove it"))
            seen[key] = i
    return problems


def _duplicate_names(cat) -> list[Problem]:
    """Two files describing the same thing under different ids: both are reported."""
    problems = []
    for kind in ("models", "gpus"):
        by_name: dict[str, list] = {}
        for entry in cat.entries[kind].values():
            by_name.setdefault(entry.record.name.casefold(), []).append(entry)
        for group in by_name.values():
            for entry in group if len(group) > 1 else []:
                others = ", ".join(repr(e.id) for e in group if e is not entry)
                problems.append(_at(entry, ("name",), f"{entry.record.name!r} is also recorded as {others}",
                                    "one record per thing: merge the files"))
    return problems


def _lineage_cycles(cat) -> list[Problem]:
    models = cat.entries["models"]
    parents = {mid: [e.record.base_model, *e.record.teachers] for mid, e in models.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems = []

    def visit(node: str, trail: list[str]):
        state[node] = 1
        for parent in parents.get(node, []):
            if not parent or parent not in models:
                continue
            if state.get(parent) == 1:
                cycle = trail[trail.index(parent):] + [parent] if parent in trail else [node, parent]
                entry = models[node]
                problems.append(_at(entry, ("base_model",) if entry.record.base_model == parent else ("teachers",),
                                    "lineage cycle: " + " -> ".join(cycle),
                                    "a model cannot descend from itself: fix base_model or teachers"))
            elif state.get(parent) is None:
                visit(parent, trail + [parent])
        state[node] = 2

    for mid in sorted(models):
        if mid not in state:
            visit(mid, [mid])
    return problems


def _energy_runs(cat) -> list[Problem]:
    problems = []
    for entry in cat.entries["energy"].values():
        run = entry.record
        stages = {s.stage for s in run.stages}
        teacher_stage = {"logit_kd": "teacher_logit_cache", "synthetic_sft": "teacher_generation"}.get(run.pipeline)
        if teacher_stage and teacher_stage not in stages:
            problems.append(_at(entry, ("stages",), f"a {run.pipeline} run needs a {teacher_stage} stage",
                                "add the teacher-side stage's measured energy"))
        if run.pipeline == "baseline_sft" and stages & {"teacher_logit_cache", "teacher_generation"}:
            problems.append(_at(entry, ("stages",), "a baseline_sft run has no teacher-side stage", "check the pipeline"))
    return problems
