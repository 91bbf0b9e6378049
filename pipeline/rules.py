"""Rules that need more than one record: references, duplicates, ranges, lineage cycles."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .names import skeleton
from .problems import Problem, key_path

if TYPE_CHECKING:
    from .load import Catalogue, Entry


SKELETONS: dict[str, str] = {}
"""Names already reduced to their confusable skeleton. check_cache.py keeps them between runs of `check`, so a
run where no name changed never loads Unicode's confusables table (a fifth of a cached check's time)."""


def _skeleton(name: str) -> str:
    key = SKELETONS.get(name)
    if key is None:
        key = SKELETONS[name] = skeleton(name)
    return key


def _at(entry: "Entry", path: tuple, message: str, hint: str = "", prefer_key: bool = False) -> Problem:
    mark = entry.doc.mark(path, prefer_key=prefer_key)
    return Problem(entry.file, mark.line, mark.column, key_path(path), message, hint)


def _suggest(wanted: str, known) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def cross_record_problems(cat: "Catalogue") -> list[Problem]:
    problems: list[Problem] = []
    ids = {kind: entries for kind, entries in cat.entries.items()}
    benchmarks_by_alias = _benchmark_aliases(cat, problems)

    # References are read from each file's raw values, so a file that failed validation for another
    # reason still has its misspelt ids reported in this same run.
    everything = [e for entries in cat.entries.values() for e in entries.values()] + list(cat.unvalidated)
    for entry in everything:
        for path, target_kind, target in entry.refs:
            if target in ids[target_kind] or target in cat.invalid[target_kind] or _skipped(entry, path):
                continue
            hint = _suggest(target, ids[target_kind])
            if target_kind == "benchmarks" and _skeleton(target) in benchmarks_by_alias:
                hint = f"did you mean {benchmarks_by_alias[_skeleton(target)]!r}?"
            if not hint:
                hint = f"add catalog/{target_kind}/{target}.yaml, or fix the id"
            problems.append(_at(entry, path, f"{target_kind[:-1] if target_kind != 'energy' else 'energy run'} "
                                             f"{target!r} does not exist", hint))

    problems += _scores(cat)
    problems += _duplicate_names(cat)
    problems += _lineage_cycles(cat)
    problems += _energy_runs(cat)
    problems += _finite_hours(cat)
    problems += _default_scenario(cat)
    problems += _default_scenario_mfu(cat)
    return problems


def _skipped(entry, path) -> bool:
    """True when the value at `path` (or around it) already has a problem of its own."""
    key = key_path(path)
    return any(key == t or key.startswith(t + ".") for t in entry.skip if t)


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
            seen.setdefault(_skeleton(name), []).append((entry, ("name",) if i == 0 else ("aliases", i - 1), name))
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
    for entry in list(cat.entries["scores"].values()) + [e for e in cat.unvalidated if e.kind == "scores"]:
        if entry.id not in cat.entries["models"] and entry.id not in cat.invalid["models"]:
            hint = _suggest(entry.id, cat.entries["models"]) or f"add catalog/models/{entry.id}.yaml first"
            problems.append(Problem(entry.file, 1, 1, "", f"no model {entry.id!r} for this score file", hint))
        if entry.record is None:
            continue
        seen: dict[tuple, int] = {}
        for i, score in enumerate(entry.record.scores):
            bench = cat.get("benchmarks", score.benchmark)
            problems += _score_scale(entry, ("scores", i, "value"), score.value, bench, score.note)
            key = score.settings_key()
            if key in seen:
                problems.append(_at(entry, ("scores", i), f"duplicate score: same benchmark and settings as item {seen[key]}",
                                    "a variant needs different settings (samples_k, temperature, harness...) or remove it"))
            seen[key] = i
    for entry in cat.entries["energy"].values():
        for i, score in enumerate(entry.record.quality.scores if entry.record.quality else []):
            bench = cat.get("benchmarks", score.benchmark)
            problems += _score_scale(entry, ("quality", "scores", i, "value"), score.value, bench, None)
    return problems


def _score_scale(entry, path, value, bench, note) -> list[Problem]:
    """A score above the benchmark's maximum, or a fraction written on a percent scale (0.634 for 63.4 %)."""
    if bench is None or _skipped(entry, path):
        return []
    if value > bench.scale_max:
        return [_at(entry, path, f"score {value:g} is above the {bench.name} maximum of {bench.scale_max:g}",
                    "scores are on the benchmark's own scale (percent: 0-100)")]
    if bench.scale_max == 100 and 0 < value < 1 and not note:
        return [_at(entry, path, f"score {value:g} looks like a fraction, but {bench.name} is scored 0-100",
                    f"write {value * 100:g} (percent); if the score really is below 1 %, say so in the score's note")]
    return []


def _duplicate_names(cat) -> list[Problem]:
    """Two files describing the same thing under different ids: both are reported.

    Names are compared by their confusable skeleton (NFKC, case-folded, TR39), so a Cyrillic 'а', a
    full-width digit or a zero-width space does not make a second record of the same model."""
    problems = []
    for kind in ("models", "gpus"):
        by_name: dict[str, list] = {}
        for entry in cat.entries[kind].values():
            names = [(("name",), entry.record.name)]
            names += [(("aka", i), alias) for i, alias in enumerate(getattr(entry.record, "aka", []) or [])]
            mine: dict[str, tuple] = {}
            for path, name in names:
                if path != ("name",):  # the same alias twice: the aliases table keys on (model, alias)
                    if name in mine:
                        problems.append(_at(entry, path, f"{name!r} repeats {key_path(mine[name])} of this record",
                                            "list each name once"))
                        continue
                    mine[name] = path
                by_name.setdefault(_skeleton(name), []).append((entry, path, name))
        for group in by_name.values():
            ids = {e.id for e, _, _ in group}
            if len(ids) < 2:
                continue
            for entry, path, name in group:
                others = ", ".join(repr(i) for i in sorted(ids - {entry.id}))
                what = "recorded as" if path == ("name",) else "a name of"
                problems.append(_at(entry, path, f"{name!r} is also {what} {others}" if path == ("name",)
                                    else f"{name!r} is also a name of {others}",
                                    "one record per thing: merge the files (names are compared ignoring case, "
                                    "look-alike letters and invisible characters)"))
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
        # The same rule as the database's stage_energy_matches_reported_total check, found here first.
        if run.total_energy_kwh is not None and not _skipped(entry, ("total_energy_kwh",)):
            counted = [(i, s) for i, s in enumerate(run.stages) if s.stage != "prerun"]
            total = sum(s.energy_kwh.value for _, s in counted)
            reported = run.total_energy_kwh.value
            if counted and abs(total - reported) > 0.01 + 0.001 * reported:
                parts = " + ".join(f"{s.energy_kwh.value:g} (line {entry.doc.mark(('stages', i, 'energy_kwh')).line})"
                                   for i, s in counted)
                problems.append(_at(entry, ("total_energy_kwh",),
                                    f"the stage energies add up to {total:g} kWh ({parts}, prerun excluded), "
                                    f"not the published total {reported:g}",
                                    "copy each stage and the total from the same table; prerun is never counted"))
    return problems


# ------------------------------------------------------------------------ derived-figure rules


def _flop_figures(cat) -> list[float]:
    """Every FLOP figure the views can turn into GPU-hours, including 6 x N x D from parameters and tokens."""
    from .load import quantities

    out = []
    for kind in ("models", "workloads"):
        for entry in cat.entries[kind].values():
            for path, q in quantities(entry.record):
                if str(path[-1]).endswith("_flop"):
                    out.append(q.value)
            r = entry.record
            if kind == "models" and r.total_params_b and r.training_tokens_t:
                out.append(6 * r.total_params_b.value * 1e9 * r.training_tokens_t.value * 1e12)
            if kind == "workloads":
                tokens = r.tokens.value if r.tokens else ((r.samples.value * r.tokens_per_sample.value)
                                                          if r.samples and r.tokens_per_sample else 0)
                for params in (r.params_b, r.teacher_params_b, r.student_params_b):
                    if params:
                        out.append(6 * params.value * 1e9 * tokens * r.epochs.value)
    return [f for f in out if f > 0]


def _finite_hours(cat) -> list[Problem]:
    """GPU-hours = FLOP / (peak x 1e12 x MFU x 3600) must come out finite and above zero for every GPU under
    every scenario, or the database stage fails: name the peak and the MFU that make it so."""
    flops = _flop_figures(cat)
    if not flops:
        return []
    largest, smallest = max(flops), min(flops)
    problems = []
    for sid, scen in cat.entries["scenarios"].items():
        mfu = scen.record.mfu
        if mfu is None:
            continue
        for gid, gpu in cat.entries["gpus"].items():
            family_mfu = mfu.by_family.get(gpu.record.family)
            mfu_q, mfu_path = (family_mfu, ("mfu", "by_family", gpu.record.family)) if family_mfu else \
                (mfu.default, ("mfu", "default"))
            override = scen.record.peak_tflops_override.get(gid)
            if override:
                peak, peak_entry, peak_path = override.value, scen, ("peak_tflops_override", gid)
            elif gpu.record.peak_bf16_dense_tflops:
                peak, peak_entry, peak_path = gpu.record.peak_bf16_dense_tflops.value, gpu, ("peak_bf16_dense_tflops",)
            elif gpu.record.epoch and gpu.record.epoch.peak_bf16_tflops:
                peak, peak_entry, peak_path = gpu.record.epoch.peak_bf16_tflops.value, gpu, ("epoch", "peak_bf16_tflops")
            else:
                continue
            if _skipped(peak_entry, peak_path) or _skipped(scen, mfu_path):
                continue
            for m in {x for x in (mfu_q.value, mfu_q.low, mfu_q.high) if x is not None}:
                denominator = peak * 1e12 * m * 3600
                with_errstate_hours = [f / denominator if denominator > 0 else float("inf") for f in (largest, smallest)]
                if all(math.isfinite(h) and h > 0 for h in with_errstate_hours):
                    continue
                peak_mark = peak_entry.doc.mark(peak_path)
                problems.append(_at(scen, mfu_path,
                                    f"with MFU {m:g} and {gid}'s peak of {peak:g} TFLOP/s "
                                    f"({peak_entry.file}:{peak_mark.line}:{peak_mark.column} {key_path(peak_path)}), "
                                    "derived GPU-hours are not a finite positive number",
                                    "check the peak (TFLOP/s, dense BF16) and the MFU (a fraction, e.g. 0.38)"))
                break
    return problems


def default_scenario_id(root) -> str:
    """The scenario the site shows by default: mkdocs.yml's extra.default_scenario."""
    for config in (Path(root) / "mkdocs.yml", Path(__file__).resolve().parent.parent / "mkdocs.yml"):
        try:
            match = re.search(r"^\s+default_scenario:\s*([A-Za-z0-9./_-]+)\s*$", config.read_text(encoding="utf-8"), re.M)
        except OSError:
            continue
        if match:
            return match.group(1)
    return DEFAULT_SCENARIO


DEFAULT_SCENARIO = "wani-2026-paper-default"


def _default_scenario_mfu(cat) -> list[Problem]:
    """The default scenario (`default: true`, and the site's configured one) drives the GPU-hour, what-if and
    workload tables: without an MFU they would come out empty, silently."""
    scenarios = cat.entries["scenarios"]
    wanted = {sid for sid, e in scenarios.items() if getattr(e.record, "default", False)}
    configured = default_scenario_id(cat.root.parent)
    if configured in scenarios:
        wanted.add(configured)
    return [_at(scenarios[sid], ("name",),
                "the default scenario has no mfu block, so every GPU-hour, energy and emissions table built from it "
                "would be empty", "add mfu: {default: ...} (the default scenario must turn FLOP into hours)")
            for sid in sorted(wanted) if scenarios[sid].record.mfu is None]
