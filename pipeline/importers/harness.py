"""harness: a run directory of the distillation energy harness (github.com/StellarLuminosity/Energy) -> an energy run.

The harness writes, under the --run-dir it was given:
  experiment_summary.json                      totals over the stages that process logged
  stages/<stage>/<stage>.json                  one stage: duration, tokens, NVML GPU energy, CPU energy,
                                               CodeCarbon's CPU/GPU/RAM split, the total under the energy policy
  stages/<stage>/config_<...>.json             the merged experiment config ({"config": {...}})
  stages/<stage>/environment_<...>.json        GPUs (name, power limit, driver), software versions, git state
  codecarbon/emissions.csv                     CodeCarbon's rows, one per stage (project_name = stage id)

Its traps, each handled here: every stage is named after the experiment (so --role says what each stage
was); a stage that did not count tokens logs 0 (kept unknown, never 0 J/token); preprocessing logs examples
as 'tokens'; the energy policy is only in the config; a config without a grid country silently uses USA;
a zero reading makes the harness fall back to another policy. Implausible power and totals that do not
add up are flagged in the record, not hidden.

Example:
  python3 build.py import harness runs/kd_7b --source my-paper-2026 --gpu nvidia/h100-sxm \\
      --role kd_olmo2_32b_to_7b=teacher_logit_cache --role kd_olmo2_32b_to_7b__2=student_training \\
      --role kd_olmo2_32b_to_7b__3=evaluation
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from schemas.records.energy import Stage

from .records import (ImportFailed, add_update_option, catalogue, gpu_tdp_w, guarded, measured,
                      model_by_hf_id, number, plan, require, sig, slug, write_all)

ROLES = get_args(Stage)
POLICIES = {"measured": "nvml_rapl", "gpu_only": "gpu_only", "codecarbon": "codecarbon"}
"""The harness's energy.total_energy_policy -> the catalogue's energy_policy."""
HARNESS_DEFAULT_POLICY = "measured"
HARNESS_DEFAULT_COUNTRY = "USA"  # EnergyTracker's default when the config names no country
J_PER_KWH = 3.6e6
TOLERANCE = 0.005  # relative: stage sums vs totals, and which policy a total matches


HELP = "a run directory of the distillation energy harness (StellarLuminosity/Energy) -> an energy run"


def add_arguments(parser) -> None:
    add_update_option(parser)
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR",
                        help="harness run directory (the --run-dir it was given); several for a pipeline run in parts")
    parser.add_argument("--role", action="append", default=[], metavar="STAGE=ROLE",
                        help=f"what a logged stage was; ROLE is one of {', '.join(ROLES)}. STAGE is the stage id "
                             "(folder under stages/), prefixed RUN_DIR_NAME/ when two run directories share one")
    parser.add_argument("--source", required=True, help="catalogue source the figures cite (add it first)")
    parser.add_argument("--gpu", required=True, help="catalogue GPU id, e.g. nvidia/h100-sxm")
    parser.add_argument("--gpu-count", type=int, help="GPUs the run used (default: from the config or environment)")
    parser.add_argument("--student", help="catalogue model id of the student (default: matched on the config's HF id)")
    parser.add_argument("--teacher", help="catalogue model id of the teacher (default: matched on the config's HF id)")
    parser.add_argument("--pipeline", choices=["baseline_sft", "logit_kd", "synthetic_sft"],
                        help="training regime (default: from the roles)")
    parser.add_argument("--workload", action="append", help="training data set (default: the config's dataset)")
    parser.add_argument("--id", dest="record_id", help="record id STUDY/RUN (default: SOURCE/experiment-name)")
    parser.add_argument("--note", help="a caveat to keep with the record")


# ------------------------------------------------------------------------------------------- reading


@dataclass
class LoggedStage:
    run_dir: Path
    stage_id: str
    file: Path
    data: dict
    config: dict | None
    env: dict | None

    @property
    def shown(self) -> str:
        return f"{self.run_dir.name}/stages/{self.file.parent.name}/{self.file.name}"


def _json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: expected a JSON object")
    return data


def read_run_dir(run_dir: Path) -> tuple[list[LoggedStage], dict | None, list[dict]]:
    """(stages, experiment summary or None, CodeCarbon rows) of one run directory."""
    if not run_dir.is_dir():
        raise ImportFailed(f"{run_dir}: not a directory")
    stages_dir = run_dir / "stages"
    if not stages_dir.is_dir():
        raise ImportFailed(f"{run_dir}: no stages/ folder; pass the directory the harness was given as --run-dir")
    stages = []
    for folder in sorted(p for p in stages_dir.iterdir() if p.is_dir()):
        finals, snapshots, config, env = [], [], None, None
        for path in sorted(folder.glob("*.json")):
            if path.name.startswith("config_"):
                config = _json(path).get("config")
            elif path.name.startswith("environment_"):
                env = _json(path)
            elif path.name != "experiment_summary.json":
                data = _json(path)
                if "stage_id" in data:
                    (snapshots if data.get("snapshot") else finals).append((path, data))
        if not finals:
            what = "only partial snapshots" if snapshots else "no stage file"
            raise ImportFailed(f"{run_dir.name}/stages/{folder.name}: {what}: the stage never ended; "
                               "rerun it or move the folder out of the run directory")
        for path, data in finals:
            stages.append(LoggedStage(run_dir, str(data["stage_id"]), path, data,
                                      config if isinstance(config, dict) else None, env))
    if not stages:
        raise ImportFailed(f"{run_dir}/stages: no stages logged")
    stages.sort(key=lambda s: (_float(s.data.get("start_time")), s.stage_id))
    summary_path = run_dir / "experiment_summary.json"
    summary = _json(summary_path) if summary_path.exists() else None
    rows = []
    for csv_path in sorted((run_dir / "codecarbon").glob("emissions*.csv")):
        with csv_path.open(newline="", encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    return stages, summary, rows


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _get(config: dict | None, dotted: str):
    node = config
    for key in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


# ------------------------------------------------------------------------------------------- roles


def assign_roles(stages: list[LoggedStage], role_args: list[str]) -> dict[int, str]:
    """--role STAGE=ROLE -> {index in stages: role}; every stage needs one, every --role must match."""
    wanted: dict[str, str] = {}
    for arg in role_args:
        key, sep, role = arg.rpartition("=")
        if not sep or not key:
            raise ImportFailed(f"--role {arg!r}: write STAGE=ROLE, e.g. --role my_experiment__2=student_training")
        if role not in ROLES:
            raise ImportFailed(f"--role {arg!r}: {role!r} is not a stage role; use one of {', '.join(ROLES)}")
        wanted[key] = role
    roles, used = {}, set()
    for i, st in enumerate(stages):
        qualified = f"{st.run_dir.name}/{st.stage_id}"
        if qualified in wanted:
            roles[i] = wanted[qualified]
            used.add(qualified)
        elif st.stage_id in wanted:
            twins = [s for s in stages if s.stage_id == st.stage_id]
            if len(twins) > 1:
                raise ImportFailed(f"--role {st.stage_id}=...: stage {st.stage_id!r} is in several run directories "
                                   f"({', '.join(s.run_dir.name for s in twins)}); qualify it: "
                                   f"--role {qualified}={wanted[st.stage_id]}")
            roles[i] = wanted[st.stage_id]
            used.add(st.stage_id)
    missing = [st for i, st in enumerate(stages) if i not in roles]
    if missing:
        lines = [f"  stage {st.stage_id!r} ({st.shown}): add --role '{st.stage_id}=ROLE'" for st in missing]
        raise ImportFailed("the harness names every stage after the experiment, so each needs its role "
                           f"(one of {', '.join(ROLES)}):\n" + "\n".join(lines))
    unknown = sorted(set(wanted) - used)
    if unknown:
        raise ImportFailed(f"--role {unknown[0]}=...: no such stage; the stages logged are: "
                           + ", ".join(st.stage_id for st in stages))
    return roles


# ------------------------------------------------------------------------------------------- stages


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-9, TOLERANCE * max(abs(a), abs(b)))


def stage_basis(gpu_j: float, cpu_j: float, cc_j: float, total_j: float) -> str | None:
    """Which policy a logged total actually follows (the harness falls back when a reading is 0)."""
    if cc_j > 0 and _close(total_j, cc_j) and not _close(total_j, gpu_j + cpu_j):
        return "codecarbon"
    if gpu_j > 0 and _close(total_j, gpu_j + cpu_j):
        return "nvml_rapl" if cpu_j > 0 else "gpu_only"
    if cc_j > 0 and _close(total_j, cc_j):
        return "codecarbon"
    return None


def stage_record(st: LoggedStage, role: str, policy: str, power_cap_w: float | None, flags: list[str]) -> dict:
    d, where = st.data, st.shown
    num = lambda key: number(d.get(key, 0) or 0, key, where)  # noqa: E731 - absent = 0, as the harness writes
    gpu_j, cpu_j = num("gpu_energy_joules"), num("cpu_energy_joules")
    total_j = num("total_energy_joules") or num("total_energy_kwh") * J_PER_KWH
    cc = {k: num(f"codecarbon_{k}_energy_kwh") for k in ("cpu", "gpu", "ram")}
    cc_total = num("total_codecarbon_energy_kwh")
    name = st.stage_id
    if total_j <= 0:
        raise ImportFailed(f"{where}: stage {name!r} logged no energy (NVML, RAPL and CodeCarbon all 0); "
                           "it cannot be imported: rerun the stage with telemetry working")
    basis = stage_basis(gpu_j, cpu_j, cc_total * J_PER_KWH, total_j)
    if basis != policy:
        flags.append(f"stage {name} ({role}): the config's energy policy is {policy} but the logged total follows "
                     f"{basis or 'none of the policies'} (the harness falls back when a reading is 0)")
    out: dict = {"stage": role, "name": name}
    energy_note = None
    split: dict[str, float] = {}
    if basis == "codecarbon":
        split = {"gpu": cc["gpu"] * J_PER_KWH, "cpu": cc["cpu"] * J_PER_KWH, "ram": cc["ram"] * J_PER_KWH}
        if cc["gpu"] <= 0:
            split.pop("gpu")
            energy_note = "CPU + RAM only: CodeCarbon logged 0 kWh for the GPU"
            flags.append(f"stage {name} ({role}): CodeCarbon logged 0 kWh GPU energy"
                         + (f" while NVML measured {sig(gpu_j / J_PER_KWH, 4)} kWh" if gpu_j > 0 else "")
                         + " (a GPU without an energy counter, mlco2/codecarbon#1316): GPU energy is unknown and the "
                           "stage total leaves it out")
    elif basis in ("nvml_rapl", "gpu_only"):
        split = {"gpu": gpu_j, "cpu": cpu_j}
        if cpu_j > 0 and cc["cpu"] > 0 and _close(cpu_j, cc["cpu"] * J_PER_KWH):
            flags.append(f"stage {name} ({role}): CPU energy is CodeCarbon's estimate (RAPL was not readable)")
    out["energy_kwh"] = measured(total_j / J_PER_KWH, energy_note)
    for part, joules in split.items():
        if joules > 0:  # a zero component is a missing reading, not a measured zero
            out[f"{part}_energy_kwh"] = measured(joules / J_PER_KWH)
    tokens = num("tokens_processed")
    if tokens > 0 and role == "preprocess":
        flags.append(f"stage {name} (preprocess): the harness's preprocessing scripts log examples, not tokens, "
                     f"as tokens_processed ({int(tokens)}); tokens left unknown")
    elif tokens > 0:
        out["tokens"] = measured(tokens)
    else:
        flags.append(f"stage {name} ({role}): 0 tokens logged, meaning not counted; tokens and J/token left unknown")
    duration = num("duration_seconds")
    if duration > 0:
        out["duration_s"] = measured(duration)
    avg, peak = num("gpu_avg_power_watts"), num("gpu_peak_power_watts")
    if avg <= 0 and gpu_j > 0 and duration > 0:
        avg = gpu_j / duration
    if avg > 0:
        out["avg_power_w"] = measured(avg)
    if peak > 0:
        out["peak_power_w"] = measured(peak)
    if power_cap_w:
        if avg > power_cap_w:
            flags.append(f"stage {name} ({role}): mean GPU power {sig(avg, 4)} W is above the GPUs' TDP x count "
                         f"({sig(power_cap_w, 4)} W): implausible; check --gpu and --gpu-count, or the telemetry")
        elif peak > 1.5 * power_cap_w:  # brief excursions above TDP are normal; half as much again is not
            flags.append(f"stage {name} ({role}): a GPU power sample of {sig(peak, 4)} W is 1.5x the GPUs' TDP x "
                         f"count ({sig(power_cap_w, 4)} W): implausible")
    return out


# ------------------------------------------------------------------------------------------- run


@guarded
def run(args, catalog_dir: Path) -> int:
    cat = catalogue(catalog_dir)
    source = require(cat, "sources", args.source, "--source")
    gpu = require(cat, "gpus", args.gpu, "--gpu")
    stages, summaries, cc_rows, flags = [], [], [], []
    for run_dir in map(Path, args.run_dirs):
        logged, summary, rows = read_run_dir(run_dir)
        stages += logged
        summaries.append((run_dir, logged, summary))
        cc_rows += rows
    roles = assign_roles(stages, args.role)

    config = next((s.config for s in stages if s.config), None)
    env = next((s.env for s in stages if s.env), None)
    if config is None:
        flags.append("no config_*.json in any stage folder: energy policy and grid country are the harness defaults")
    energies = {json.dumps(_get(s.config, "energy"), sort_keys=True) for s in stages if s.config}
    if len(energies) > 1:
        flags.append("the stages were run with different energy settings in their configs; the first is recorded")

    policy_name = _get(config, "energy.total_energy_policy")
    if policy_name is None:
        policy_name = HARNESS_DEFAULT_POLICY
        flags.append(f"the config sets no energy.total_energy_policy; the harness default '{policy_name}' applied")
    if policy_name not in POLICIES:
        raise ImportFailed(f"{stages[0].run_dir.name}: energy.total_energy_policy {policy_name!r} is not one the harness "
                           f"knows ({', '.join(POLICIES)})")
    policy = POLICIES[policy_name]

    gpu_count = args.gpu_count or _get(config, "hardware.assert_gpu_count")
    env_gpus = [g for g in (env or {}).get("gpus") or [] if isinstance(g, dict)]
    if not gpu_count:
        gpu_count = len(env_gpus) or 1
        if len(env_gpus) > 1:
            flags.append(f"gpu_count {gpu_count} is every GPU the environment snapshot lists on the node; "
                         "re-import with --gpu-count if the run used fewer")
        elif not env_gpus:
            flags.append("no environment snapshot: gpu_count 1 assumed; pass --gpu-count")
    if not isinstance(gpu_count, int) or gpu_count < 1:
        raise ImportFailed(f"gpu count {gpu_count!r} is not a positive whole number")
    tdp = gpu_tdp_w(cat, gpu)
    power_cap = tdp * gpu_count if tdp else None
    if tdp is None:
        flags.append(f"catalog/gpus/{gpu} has no tdp_w: power plausibility not checked")

    stage_rows = [stage_record(st, roles[i], policy, power_cap, flags) for i, st in enumerate(stages)]
    logged_total = _check_totals(summaries, flags)

    pipeline = args.pipeline or ("logit_kd" if "teacher_logit_cache" in roles.values()
                                 else "synthetic_sft" if "teacher_generation" in roles.values() else "baseline_sft")
    student = args.student or model_by_hf_id(cat, _get(config, "model.student"))
    if not student:
        raise ImportFailed(f"the config's student {_get(config, 'model.student')!r} matches no catalogue model's hf_id; "
                           "pass --student MODEL_ID")
    require(cat, "models", student, "--student")
    teacher = None
    if pipeline != "baseline_sft":
        teacher = args.teacher or model_by_hf_id(cat, _get(config, "model.teacher"))
        if not teacher:
            raise ImportFailed(f"a {pipeline} run needs its teacher: the config's {_get(config, 'model.teacher')!r} "
                               "matches no catalogue model's hf_id; pass --teacher MODEL_ID")
        require(cat, "models", teacher, "--teacher")
    workloads = args.workload or [w for w in [_dataset(config)] if w]
    if not workloads:
        raise ImportFailed("the config names no dataset; pass --workload NAME")

    experiment = _get(config, "experiment.name") or (summaries[0][2] or {}).get("experiment_name") or stages[0].stage_id
    record_id = args.record_id or f"{source}/{slug(str(experiment))}"

    data: dict = {"pipeline": pipeline}
    if teacher:
        data["teacher"] = teacher
    data.update(student=student, workloads=workloads, gpu=gpu, gpu_count=gpu_count, stages=stage_rows)
    data["measurement"] = _measurement(policy, config, env_gpus, env, stages, cc_rows, logged_total, flags,
                                       [str(Path(d).name) for d in args.run_dirs])
    hyper = _hyperparameters(config, pipeline)
    if hyper:
        data["hyperparameters"] = hyper
    if args.note:
        data["note"] = args.note
    data["sources"] = [source]

    total = sum(r["energy_kwh"]["value"] for r in stage_rows if r["stage"] != "prerun")
    summary = f"{pipeline}, {len(stage_rows)} stages, {sig(total, 4)} kWh (prerun excluded), {len(flags)} flag(s)"
    planned = plan(cat, catalog_dir, "energy", record_id, data, summary, args.update)
    write_all([planned], Path(catalog_dir).parent)
    for flag in flags:
        print(f"  flag: {flag}")
    return 0


def _dataset(config: dict | None) -> str | None:
    choice = _get(config, "data.dataset_choice")
    named = _get(config, f"data.datasets.{choice}.dataset_name") if choice else None
    value = named or _get(config, "data.dataset_name")
    return value if isinstance(value, str) and value.strip() else None


def _check_totals(summaries, flags: list[str]) -> float | None:
    """The harness's own total against its stages, per run directory; returns the summed logged total, kWh."""
    total, any_summary = 0.0, False
    for run_dir, logged, summary in summaries:
        if summary is None:
            flags.append(f"{run_dir.name}: no experiment_summary.json; the stages cannot be checked against the "
                         "harness's total")
            continue
        any_summary = True
        listed = set((summary.get("stages") or {}).keys())
        files = {st.stage_id for st in logged}
        if listed and listed != files:
            flags.append(f"{run_dir.name}: experiment_summary.json lists stages {sorted(listed)} but the stage files are "
                         f"{sorted(files)} (a later process overwrote the summary?)")
        where = f"{run_dir.name}/experiment_summary.json"
        logged_j = number(summary.get("total_energy_joules", 0) or 0, "total_energy_joules", where)
        stage_j = sum(number(st.data.get("total_energy_joules", 0) or 0, "total_energy_joules", st.shown)
                      for st in logged)
        if not _close(logged_j, stage_j):
            flags.append(f"{run_dir.name}: the stage energies add to {sig(stage_j / J_PER_KWH, 5)} kWh but "
                         f"experiment_summary.json's total is {sig(logged_j / J_PER_KWH, 5)} kWh")
        total += logged_j / J_PER_KWH
    return total if any_summary else None


def _measurement(policy, config, env_gpus, env, stages, cc_rows, logged_total, flags, run_dirs) -> dict:
    m: dict = {"instrument": "distill-energy-harness", "energy_policy": policy}
    limits = sorted({_float(g.get("power_limit_watts")) for g in env_gpus if _float(g.get("power_limit_watts")) > 0})
    if len(limits) == 1:
        m["power_limit_w"] = measured(limits[0])
    elif len(limits) > 1:
        flags.append(f"the GPUs on the node had different power limits {limits} W; none recorded")

    configured = _get(config, "energy.country_iso_code")
    if configured is None:
        flags.append(f"the config sets no energy.country_iso_code: the harness used its default {HARNESS_DEFAULT_COUNTRY}, "
                     "which may not be where the run was")
    elif isinstance(configured, str) and len(configured) == 3 and configured.isalpha():
        m["grid_country"] = configured.upper()
    else:
        flags.append(f"energy.country_iso_code {configured!r} is not a 3-letter ISO code; not recorded")
    ids = {st.stage_id for st in stages}
    rows = [r for r in cc_rows if r.get("project_name") in ids]
    applied = sorted({(r.get("country_iso_code") or "").strip().upper() for r in rows} - {""})
    if len(applied) == 1:
        m["grid_country_applied"] = applied[0]
        if m.get("grid_country") and applied[0] != m["grid_country"]:
            flags.append(f"grid mismatch: the config names {m['grid_country']} but CodeCarbon applied {applied[0]} "
                         "(codecarbon/emissions.csv); its CO2e is for the wrong grid")
    elif len(applied) > 1:
        flags.append(f"CodeCarbon applied several grid countries {applied} across the stages")
    regions = sorted({(r.get("region") or "").strip() for r in rows} - {""})
    if len(regions) == 1:
        m["grid_region"] = regions[0]
    emissions = sum(_float(st.data.get("codecarbon_emissions_kg")) for st in stages)
    if emissions > 0:
        m["emissions_kgco2e"] = {"value": sig(emissions), "kind": "estimated",
                                 "note": "CodeCarbon's estimate under the grid it applied"}
    if logged_total is not None:
        m["logged_total_kwh"] = measured(logged_total)
    software = {}
    sw = (env or {}).get("software") or {}
    for key, name in (("python_version", "python"), ("pytorch_version", "pytorch"), ("cuda_version", "cuda"),
                      ("cudnn_version", "cudnn"), ("transformers_version", "transformers")):
        if sw.get(key) not in (None, ""):
            software[name] = str(sw[key]).strip()
    if env_gpus and env_gpus[0].get("driver_version"):
        software["nvidia_driver"] = str(env_gpus[0]["driver_version"]).strip()
    cc_versions = sorted({(r.get("codecarbon_version") or "").strip() for r in rows} - {""})
    if cc_versions:
        software["codecarbon"] = cc_versions[-1]
    if software:
        m["software"] = software
    git = (env or {}).get("git_info") or {}
    commit = str(git.get("commit_hash") or "").strip().lower()
    if commit and all(c in "0123456789abcdef" for c in commit) and 7 <= len(commit) <= 40:
        m["git_commit"] = commit
        if isinstance(git.get("is_dirty"), bool):
            m["git_dirty"] = git["is_dirty"]
    m["imported_from"] = "harness run " + ", ".join(run_dirs) + ": experiment_summary.json, stages/*/*.json, codecarbon/"
    if flags:
        m["flags"] = list(flags)
    return m


def _hyperparameters(config: dict | None, pipeline: str) -> dict:
    out: dict = {}

    def take(key: str, dotted: str, kind):
        value = _get(config, dotted)
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            out[key] = float(value)
        elif kind is int and isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            out[key] = value
        elif kind is str and isinstance(value, str) and value.strip():
            out[key] = value.strip()

    if pipeline == "logit_kd":
        take("kd_temperature", "distillation.temperature", float)
        alpha = _get(config, "distillation.alpha")
        if isinstance(alpha, (int, float)) and not isinstance(alpha, bool) and 0 <= alpha <= 1:
            out["kd_alpha"] = float(alpha)
    if pipeline == "synthetic_sft":
        take("max_new_tokens", "synthetic_data.generation.max_new_tokens", int)
    take("learning_rate", "training.learning_rate", float)
    take("max_sequence_length", "data.max_sequence_length", int)
    take("optimizer", "training.optimizer", str)
    return out
