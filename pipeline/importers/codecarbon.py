"""codecarbon: CodeCarbon's emissions.csv (one row per stage, or one for the whole project) -> an energy run.

Columns used (CodeCarbon's documented CSV output, docs/reference/output.md): project_name, run_id, timestamp,
duration (s), emissions (kg CO2e), cpu_energy / gpu_energy / ram_energy / energy_consumed (kWh), gpu_power (W),
country_iso_code, region, codecarbon_version, python_version, gpu_count, gpu_model, tracking_mode.

Kept: CodeCarbon's CPU / GPU / RAM split and the grid country and region it applied. Its trap: on a GPU without
an energy counter (pre-Volta, many virtual GPUs) it writes gpu_energy 0 and gpu_power 0 for the whole run
(mlco2/codecarbon#1316); that zero becomes unknown, and the stage is flagged as CPU + RAM only.

Each project_name is one stage; say what it was with --role PROJECT=ROLE. When a project has several rows
(re-runs append), the last is used, as the energy harness does, and the others are flagged.

Example:
  python3 build.py import codecarbon emissions.csv --source my-paper-2026 --gpu nvidia/a100-sxm-80gb \\
      --student acme/student-1b --role finetune=student_training --role eval=evaluation
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import get_args

from schemas.records.energy import Stage

from .records import (ImportFailed, add_update_option, catalogue, gpu_tdp_w, guarded, measured,
                      number, plan, require, sig, slug, write_all)

ROLES = get_args(Stage)
REQUIRED = ("project_name", "duration", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed")


HELP = "CodeCarbon's emissions.csv (one row per stage or project) -> an energy run"


def add_arguments(parser) -> None:
    add_update_option(parser)
    parser.add_argument("csv_file", metavar="EMISSIONS_CSV", help="CodeCarbon's emissions.csv")
    parser.add_argument("--role", action="append", default=[], metavar="PROJECT=ROLE",
                        help=f"what each project_name was; ROLE is one of {', '.join(ROLES)}")
    parser.add_argument("--source", required=True, help="catalogue source the figures cite (add it first)")
    parser.add_argument("--gpu", required=True, help="catalogue GPU id, e.g. nvidia/h100-sxm")
    parser.add_argument("--gpu-count", type=int, help="GPUs the run used (default: CodeCarbon's gpu_count)")
    parser.add_argument("--student", required=True, help="catalogue model id of the model trained")
    parser.add_argument("--teacher", help="catalogue model id of the teacher, for a distillation run")
    parser.add_argument("--pipeline", choices=["baseline_sft", "logit_kd", "synthetic_sft"],
                        help="training regime (default: from the roles)")
    parser.add_argument("--workload", action="append", required=True, help="training data set (repeat for several)")
    parser.add_argument("--id", dest="record_id", help="record id STUDY/RUN (default: SOURCE/first-project-name)")
    parser.add_argument("--note", help="a caveat to keep with the record")


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line number, row) for every data row; the header must carry CodeCarbon's energy columns."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFailed(f"{path}:1: not a CodeCarbon emissions.csv: no column {', '.join(missing)}")
            return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values())]
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from None


@guarded
def run(args, catalog_dir: Path) -> int:
    cat = catalogue(catalog_dir)
    source = require(cat, "sources", args.source, "--source")
    gpu = require(cat, "gpus", args.gpu, "--gpu")
    student = require(cat, "models", args.student, "--student")
    path = Path(args.csv_file)
    rows = read_rows(path)
    if not rows:
        raise ImportFailed(f"{path}: no rows")
    flags: list[str] = []
    last: dict[str, tuple[int, dict]] = {}
    for line, row in rows:
        name = (row.get("project_name") or "").strip()
        if not name:
            raise ImportFailed(f"{path}:{line}: project_name is empty; every stage needs a name")
        if name in last:
            flags.append(f"project {name}: several rows (lines {last[name][0]} and {line}); the last is used")
        last[name] = (line, row)

    roles: dict[str, str] = {}
    for arg in args.role:
        key, sep, role = arg.rpartition("=")
        if not sep or role not in ROLES:
            raise ImportFailed(f"--role {arg!r}: write PROJECT=ROLE with ROLE one of {', '.join(ROLES)}")
        if key not in last:
            raise ImportFailed(f"--role {arg!r}: no project {key!r} in {path.name}; its projects are: {', '.join(last)}")
        roles[key] = role
    missing = [name for name in last if name not in roles]
    if missing:
        raise ImportFailed("each project_name is a stage and needs its role (one of " + ", ".join(ROLES) + "):\n"
                           + "\n".join(f"  project {n!r} ({path.name}:{last[n][0]}): add --role '{n}=ROLE'"
                                       for n in missing))

    gpu_count = args.gpu_count
    if not gpu_count:
        counts = {int(number(r.get("gpu_count") or 0, "gpu_count", f"{path}:{ln}")) for ln, r in last.values()}
        gpu_count = max(counts) if counts and max(counts) > 0 else 1
        if not counts or max(counts) <= 0:
            flags.append("CodeCarbon saw no GPU (gpu_count 0); gpu_count 1 assumed: pass --gpu-count")
    tdp = gpu_tdp_w(cat, gpu)
    cap = tdp * gpu_count if tdp else None

    stages = []
    for name, (line, row) in last.items():
        where, role = f"{path}:{line}", roles[name]
        kwh = {k: number(row.get(k) or 0, k, where) for k in ("cpu_energy", "gpu_energy", "ram_energy", "energy_consumed")}
        if kwh["energy_consumed"] <= 0:
            raise ImportFailed(f"{where}: project {name!r} logged 0 kWh in all; nothing to import")
        parts = kwh["cpu_energy"] + kwh["gpu_energy"] + kwh["ram_energy"]
        if abs(parts - kwh["energy_consumed"]) > max(1e-9, 0.005 * kwh["energy_consumed"]):
            flags.append(f"project {name}: cpu + gpu + ram = {sig(parts, 5)} kWh but energy_consumed is "
                         f"{sig(kwh['energy_consumed'], 5)} kWh")
        has_gpu = number(row.get("gpu_count") or 0, "gpu_count", where) > 0 or bool((row.get("gpu_model") or "").strip())
        note = None
        if kwh["gpu_energy"] <= 0 and has_gpu:
            note = "CPU + RAM only: CodeCarbon logged 0 kWh for the GPU"
            flags.append(f"project {name} ({role}): CodeCarbon logged 0 kWh GPU energy on "
                         f"{(row.get('gpu_model') or 'a GPU').strip()} (no energy counter, mlco2/codecarbon#1316): "
                         "GPU energy is unknown and the stage total leaves it out")
        stage = {"stage": role, "name": name, "energy_kwh": measured(kwh["energy_consumed"], note)}
        for part in ("gpu", "cpu", "ram"):
            if kwh[f"{part}_energy"] > 0:  # a zero is a missing reading, not a measured zero
                stage[f"{part}_energy_kwh"] = measured(kwh[f"{part}_energy"])
        duration = number(row.get("duration") or 0, "duration", where)
        if duration > 0:
            stage["duration_s"] = measured(duration)
        gpu_power = number(row.get("gpu_power") or 0, "gpu_power", where)
        if gpu_power > 0:
            stage["avg_power_w"] = measured(gpu_power)
            if cap and gpu_power > cap:
                flags.append(f"project {name} ({role}): mean GPU power {sig(gpu_power, 4)} W is above the GPUs' "
                             f"TDP x count ({sig(cap, 4)} W): implausible; check --gpu and --gpu-count")
        stages.append(stage)

    chosen = [row for _, row in last.values()]
    m: dict = {"instrument": "codecarbon", "energy_policy": "codecarbon"}
    countries = sorted({(r.get("country_iso_code") or "").strip().upper() for r in chosen} - {""})
    if len(countries) == 1 and len(countries[0]) == 3 and countries[0].isalpha():
        m["grid_country_applied"] = countries[0]
    elif countries:
        flags.append(f"CodeCarbon applied several grid countries {countries}; none recorded")
    regions = sorted({(r.get("region") or "").strip() for r in chosen} - {""})
    if len(regions) == 1:
        m["grid_region"] = regions[0]
    emissions = sum(number(r.get("emissions") or 0, "emissions", path.name) for r in chosen)
    if emissions > 0:
        m["emissions_kgco2e"] = {"value": sig(emissions), "kind": "estimated",
                                 "note": "CodeCarbon's estimate under the grid it applied"}
    m["logged_total_kwh"] = measured(sum(number(r["energy_consumed"], "energy_consumed", path.name) for r in chosen))
    software = {}
    for column, key in (("codecarbon_version", "codecarbon"), ("python_version", "python")):
        values = sorted({(r.get(column) or "").strip() for r in chosen} - {""})
        if values:
            software[key] = values[-1]
    if software:
        m["software"] = software
    modes = sorted({(r.get("tracking_mode") or "").strip() for r in chosen} - {""})
    if "machine" in modes:
        flags.append("CodeCarbon tracked the whole machine (tracking_mode machine): other processes' CPU and RAM "
                     "energy are included")
    m["imported_from"] = f"CodeCarbon {path.name}"
    if flags:
        m["flags"] = flags

    used = set(roles.values())
    pipeline = args.pipeline or ("logit_kd" if "teacher_logit_cache" in used
                                 else "synthetic_sft" if "teacher_generation" in used else "baseline_sft")
    data: dict = {"pipeline": pipeline}
    if pipeline != "baseline_sft":
        data["teacher"] = require(cat, "models", args.teacher, "--teacher (a distillation run)")
    data.update(student=student, workloads=args.workload, gpu=gpu, gpu_count=gpu_count, stages=stages, measurement=m)
    if args.note:
        data["note"] = args.note
    data["sources"] = [source]
    record_id = args.record_id or f"{source}/{slug(next(iter(last)))}"
    total = sum(s["energy_kwh"]["value"] for s in stages if s["stage"] != "prerun")
    planned = plan(cat, catalog_dir, "energy", record_id, data,
                   f"{pipeline}, {len(stages)} stages, {sig(total, 4)} kWh (prerun excluded), {len(flags)} flag(s)",
                   args.update)
    write_all([planned], Path(catalog_dir).parent)
    for flag in flags:
        print(f"  flag: {flag}")
    return 0
