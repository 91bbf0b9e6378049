"""ml-energy-v2: the ML.ENERGY Leaderboard V2's published data (github.com/ml-energy/leaderboard-v2, data/) ->
inference records, for the models the catalogue has.

Two layouts are read from the data directory:
- data/llm_text_generation/<task>/<GPU>/<org>/<model>/*.json: one vLLM configuration per file, with "Model", "GPU",
  "TP", "PP", "Energy/req (J)", "Token tput (tok/s)", "Avg Output Tokens", "Avg BS (reqs)", "Max BS (reqs)"
  (the V2 leaderboard, 2024). TP x PP is the number of GPUs.
- data/legacy/<GPU>_<task>_benchmark.csv: model, throughput, response_length, latency, energy (the first
  leaderboard, 2023: batch size 1, FP16, one response at a time).
Both measured GPU energy with Zeus, so the records say measurement_boundary: gpu_only. Energy is per response as
published (J); energy per token is left to the views (energy per response / output tokens), never typed in.

Only models with a catalogue record (its hf_id or ml_energy_id equals the leaderboard's model id) are imported,
so the catalogue does not fill with models nothing else describes; the rest are listed as skipped.

Example:
  python3 build.py import ml-energy-v2 leaderboard-v2/data --source ml-energy-leaderboard-v2
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .records import (ImportFailed, add_update_option, catalogue, guarded, model_by_hf_id, number, plan,
                      require, sig, slug, write_all)

HELP = "the ML.ENERGY Leaderboard V2 data (and its legacy tables) -> inference records of catalogue models"

GPUS = {"H100 80GB HBM3": "nvidia/h100-sxm", "NVIDIA H100 80GB HBM3": "nvidia/h100-sxm",
        "A100-SXM4-40GB": "nvidia/a100-sxm4-40-gb", "NVIDIA A100-SXM4-40GB": "nvidia/a100-sxm4-40-gb",
        "A100": "nvidia/a100", "V100": "nvidia/v100", "A40": "nvidia/a40-pcie"}
"""Leaderboard GPU names -> catalogue GPUs. V2 names the exact part (NVML's name); the legacy tables say only A100,
V100 and A40 (its About text: 'NVIDIA A100 GPU'), so those map to the generic catalogue records."""


def add_arguments(parser) -> None:
    add_update_option(parser)
    parser.add_argument("data_dir", metavar="DATA_DIR", help="the repository's data/ directory")
    parser.add_argument("--source", required=True, help="catalogue source the figures cite (add it first)")


def _positive(value, what: str, where: str) -> float | None:
    if value in (None, ""):
        return None
    x = number(value, what, where)
    return sig(x) if x > 0 else None


def _whole(value, what: str, where: str) -> int | None:
    if value in (None, ""):
        return None
    x = number(value, what, where)
    if x != int(x) or x < 1:
        raise ImportFailed(f"{where}: {what} is {value!r}, not a positive whole number")
    return int(x)


def _v2_configuration(data: dict, where: str) -> dict:
    tp = _whole(data.get("TP"), "TP", where) or 1
    pp = _whole(data.get("PP"), "PP", where) or 1
    energy = _positive(data.get("Energy/req (J)"), "Energy/req (J)", where)
    if energy is None:
        raise ImportFailed(f"{where}: no positive Energy/req (J)")
    out = {"gpu_count": tp * pp, "batch_size": _whole(data.get("Max BS (reqs)"), "Max BS (reqs)", where),
           "avg_batch_size": _positive(data.get("Avg BS (reqs)"), "Avg BS (reqs)", where), "tensor_parallel": tp,
           "energy_per_request_j": energy,
           "throughput_tokens_per_s": _positive(data.get("Token tput (tok/s)"), "Token tput (tok/s)", where),
           "avg_output_tokens": _positive(data.get("Avg Output Tokens"), "Avg Output Tokens", where)}
    if pp > 1:
        out["note"] = f"pipeline parallel {pp} (TP x PP = {tp * pp} GPUs)"
    return {k: v for k, v in out.items() if v is not None}


def _v2_groups(data_dir: Path) -> dict[tuple[str, str, str], list[tuple[Path, dict]]]:
    groups: dict[tuple[str, str, str], list[tuple[Path, dict]]] = {}
    for path in sorted((data_dir / "llm_text_generation").glob("*/*/*/*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict) or "Model" not in data or "GPU" not in data:
            raise ImportFailed(f"{path}: not a leaderboard V2 configuration (needs Model and GPU)")
        task = path.relative_to(data_dir / "llm_text_generation").parts[0]
        groups.setdefault((str(data["Model"]), task, str(data["GPU"])), []).append((path, data))
    return groups


def _legacy_rows(data_dir: Path) -> dict[tuple[str, str, str], list[tuple[Path, int, dict]]]:
    groups: dict[tuple[str, str, str], list[tuple[Path, int, dict]]] = {}
    for path in sorted((data_dir / "legacy").glob("*_benchmark.csv")):
        gpu, _, task = path.name.removesuffix("_benchmark.csv").partition("_")
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("model", "throughput", "response_length", "energy") if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFailed(f"{path}:1: not a legacy leaderboard table: no column {', '.join(missing)}")
            for row in reader:
                groups.setdefault((row["model"], task, gpu), []).append((path, reader.line_num, row))
    return groups


def _record(model_id: str, linked: str, gpu: str, task: str, configs: list[dict], note: str, source: str,
            precision: str | None = None) -> dict:
    # No `model:` key: the catalogue model is found by the views through its hf_id or ml_energy_id, so the record stays
    # valid if that model record is ever removed or re-imported (the link is checked at import time only).
    record = {"model_name": model_id}
    if "/" in model_id and " " not in model_id:
        record["hf_id"] = model_id
    record["gpu"] = gpu
    if precision:
        record["precision"] = precision
    record.update({"measurement_boundary": "gpu_only", "workload": task})
    return record | {"configurations": configs, "note": note, "sources": [source]}


@guarded
def run(args, catalog_dir: Path) -> int:
    cat = catalogue(catalog_dir)
    source = require(cat, "sources", args.source, "--source")
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        raise ImportFailed(f"{data_dir}: no such directory")
    planned, skipped = [], set()

    def gpu_of(name: str, where: str) -> str:
        if name not in GPUS:
            raise ImportFailed(f"{where}: GPU {name!r} has no catalogue GPU")
        return require(cat, "gpus", GPUS[name], f"GPU {name}")

    for (model_id, task, gpu_name), files in sorted(_v2_groups(data_dir).items()):
        linked = model_by_hf_id(cat, model_id)
        if not linked:
            skipped.add(model_id)
            continue
        gpu = gpu_of(gpu_name, str(files[0][0]))
        configs = sorted((_v2_configuration(d, str(p)) for p, d in files),
                         key=lambda c: (c["gpu_count"], c.get("batch_size") or 0))
        note = (f"ML.ENERGY Leaderboard V2 data, data/llm_text_generation/{task}/{gpu_name}/{model_id}/*.json (one file "
                "per configuration: TP, PP, Max BS). vLLM serving; GPU energy per response measured with Zeus (About "
                "tab: 'Using Zeus for energy measurement'); figures rounded to 6 significant digits.")
        rid = f"{source}/{slug(model_id)}-{slug(task)}-{slug(gpu_name)}"
        planned.append(plan(cat, catalog_dir, "inference", rid, _record(model_id, linked, gpu, task, configs, note, source),
                            f"{model_id} on {gpu_name}, {task}: {len(configs)} configuration(s)", args.update))

    for (model_id, task, gpu_name), rows in sorted(_legacy_rows(data_dir).items()):
        linked = model_by_hf_id(cat, model_id)
        if not linked:
            skipped.add(model_id)
            continue
        path, line, row = rows[0]
        where = f"{path}:{line}"
        if len(rows) > 1:
            raise ImportFailed(f"{where}: {model_id} appears {len(rows)} times in one table")
        energy = _positive(row.get("energy"), "energy", where)
        if energy is None:
            raise ImportFailed(f"{where}: no positive energy")
        config = {"gpu_count": 1, "batch_size": 1, "energy_per_request_j": energy,
                  "throughput_tokens_per_s": _positive(row.get("throughput"), "throughput", where),
                  "avg_output_tokens": _positive(row.get("response_length"), "response_length", where)}
        note = (f"ML.ENERGY leaderboard (first version, kept as 'legacy' in the V2 repository), data/legacy/{path.name}, "
                "row " + model_id + ". Setup (README of that version): batch size 1, FP16, PyTorch 2.0.1 with FastChat; "
                "'energy (J): The average GPU energy consumed by the model to generate a response', measured with Zeus.")
        rid = f"{source}/legacy-{slug(model_id)}-{slug(task)}-{slug(gpu_name)}"
        record = _record(model_id, linked, gpu_of(gpu_name, where), task,
                         [{k: v for k, v in config.items() if v is not None}], note, source, "float16")
        planned.append(plan(cat, catalog_dir, "inference", rid, record, f"{model_id} on {gpu_name}, {task} (legacy)",
                            args.update))

    write_all(planned, Path(catalog_dir).parent)
    for name in sorted(skipped):
        print(f"skipped {name} (no catalogue model with this hf_id or ml_energy_id)")
    print(f"{len(planned)} inference record(s)")
    return 0
