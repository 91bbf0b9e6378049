"""ml-energy: the ML.ENERGY leaderboard's published per-model JSON (public/data/models/*.json) -> inference records.

Each file holds one model on one task with a list of `configurations`: gpu_model, num_gpus, max_num_seqs
(the batch limit), avg_batch_size, parallelization (tensor/expert/data), energy_per_token_joules,
energy_per_request_joules, output_throughput_tokens_per_sec, avg_power_watts, avg_output_len. One record is
written per model x task x GPU, with every configuration. The leaderboard measures GPU energy only (Zeus, at
steady state; its About page), so the records say measurement_boundary: gpu_only. Files without per-token
energy (diffusion tasks) are skipped and listed.

Pass files, or the data directory (public/data, with models/ and index.json): its index.json's
last_updated becomes each record's as_of unless --as-of is given.

Example:
  python3 build.py import ml-energy leaderboard/public/data --source ml-energy-leaderboard
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .records import (ImportFailed, add_update_option, catalogue, guarded, model_by_hf_id, number,
                      plan, require, sig, slug, write_all)

GPUS = {"H100": "nvidia/h100-sxm", "B200": "nvidia/b200"}
"""The leaderboard's gpu_model -> catalogue GPU. Its About page: 'NVIDIA H100 80GB HBM3 (max power 700 W per GPU)
and NVIDIA B200 GPU (max power 1,000 W per GPU)'; H100 80GB HBM3 at 700 W is the SXM part."""
PRECISIONS = {"bfloat16": "bfloat16", "bf16": "bfloat16", "fp8": "fp8", "float16": "float16", "fp16": "float16",
              "int8": "int8", "int4": "int4", "fp32": "fp32", "float32": "fp32"}


HELP = "the ML.ENERGY leaderboard's per-model JSON -> inference records (GPU-only energy)"


def add_arguments(parser) -> None:
    add_update_option(parser)
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="per-model JSON files, or the data directory holding models/ and index.json")
    parser.add_argument("--source", required=True, help="catalogue source the figures cite (add it first)")
    parser.add_argument("--gpu", action="append", default=[], metavar="NAME=ID",
                        help="map another gpu_model to a catalogue GPU, e.g. A100=nvidia/a100-sxm-80gb")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="date of the data (default: index.json last_updated)")


def _files(paths: list[str]) -> tuple[list[Path], dt.date | None]:
    files, as_of = [], None
    for p in map(Path, paths):
        if p.is_dir():
            models = p / "models" if (p / "models").is_dir() else p
            files += sorted(models.glob("*.json"))
            index = p / "index.json" if (p / "index.json").exists() else models.parent / "index.json"
            if index.exists():
                updated = _load(index).get("last_updated")
                if isinstance(updated, str):
                    try:
                        as_of = dt.date.fromisoformat(updated)
                    except ValueError:
                        raise ImportFailed(f"{index}: last_updated {updated!r} is not a date") from None
        elif p.is_file():
            files.append(p)
        else:
            raise ImportFailed(f"{p}: no such file or directory")
    if not files:
        raise ImportFailed("no model files found")
    return files, as_of


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: expected a JSON object")
    return data


def _positive(config: dict, key: str, where: str) -> float | None:
    value = config.get(key)
    if value in (None, ""):
        return None
    x = number(value, key, where)
    return sig(x) if x > 0 else None


def _int(config: dict, key: str, where: str) -> int | None:
    value = config.get(key)
    if value in (None, ""):
        return None
    x = number(value, key, where)
    if x != int(x) or x < 1:
        raise ImportFailed(f"{where}: {key} is {value!r}, not a positive whole number")
    return int(x)


def configuration(c: dict, where: str) -> dict:
    par = c.get("parallelization") if isinstance(c.get("parallelization"), dict) else c
    out: dict = {"gpu_count": _int(c, "num_gpus", where) or 1}
    fields = [("batch_size", _int(c, "max_num_seqs", where)),
              ("avg_batch_size", _positive(c, "avg_batch_size", where)),
              ("tensor_parallel", _int(par, "tensor_parallel", where)),
              ("expert_parallel", _int(par, "expert_parallel", where)),
              ("data_parallel", _int(par, "data_parallel", where)),
              ("energy_per_token_j", _positive(c, "energy_per_token_joules", where)),
              ("energy_per_request_j", _positive(c, "energy_per_request_joules", where)),
              ("throughput_tokens_per_s", _positive(c, "output_throughput_tokens_per_sec", where)),
              ("avg_power_w", _positive(c, "avg_power_watts", where)),
              ("avg_output_tokens", _positive(c, "avg_output_len", where))]
    out.update({k: v for k, v in fields if v is not None})
    return out


@guarded
def run(args, catalog_dir: Path) -> int:
    cat = catalogue(catalog_dir)
    source = require(cat, "sources", args.source, "--source")
    gpus = dict(GPUS)
    for arg in args.gpu:
        name, sep, gpu_id = arg.partition("=")
        if not sep:
            raise ImportFailed(f"--gpu {arg!r}: write NAME=ID, e.g. A100=nvidia/a100-sxm-80gb")
        gpus[name] = gpu_id
    files, index_date = _files(args.paths)
    as_of = args.as_of or index_date
    planned, skipped = [], []
    for path in files:
        data = _load(path)
        model_id, task = data.get("model_id"), data.get("task")
        configs = data.get("configurations")
        if not isinstance(model_id, str) or not isinstance(task, str) or not isinstance(configs, list):
            raise ImportFailed(f"{path}: not an ML.ENERGY model file (needs model_id, task and configurations)")
        if not any(isinstance(c, dict) and c.get("energy_per_token_joules") for c in configs):
            skipped.append(f"{path.name} (no energy_per_token_joules: {task})")
            continue
        precision = PRECISIONS.get(str(data.get("weight_precision", "")).lower())
        by_gpu: dict[str, list[dict]] = {}
        for i, c in enumerate(configs):
            if not isinstance(c, dict):
                raise ImportFailed(f"{path}: configurations[{i}] is not an object")
            by_gpu.setdefault(str(c.get("gpu_model", "")), []).append(c)
        for gpu_model, group in by_gpu.items():
            if gpu_model not in gpus:
                raise ImportFailed(f"{path}: gpu_model {gpu_model!r} has no catalogue GPU; pass --gpu {gpu_model}=vendor/name")
            gpu = require(cat, "gpus", gpus[gpu_model], f"--gpu {gpu_model}=")
            rows = [configuration(c, f"{path}: configurations ({gpu_model})") for c in group]
            rows.sort(key=lambda r: (r["gpu_count"], r.get("batch_size") or 0))
            record = {"model_name": model_id}
            linked = model_by_hf_id(cat, model_id)
            if linked:
                record["model"] = linked
            if "/" in model_id:
                record["hf_id"] = model_id
            record["gpu"] = gpu
            if precision:
                record["precision"] = precision
            record["measurement_boundary"] = "gpu_only"
            record["workload"] = task
            if as_of:
                record["as_of"] = as_of
            record["configurations"] = rows
            nickname = data.get("nickname") or ""
            record["note"] = (f"ML.ENERGY leaderboard data file public/data/models/{path.name}"
                              + (f" ({nickname})" if nickname else "")
                              + f", configurations on {gpu_model}. Steady-state GPU energy measured with Zeus "
                                "(leaderboard About page); figures rounded to 6 significant digits.")
            record["sources"] = [source]
            rid = f"{source}/{slug(model_id)}-{slug(task)}-{slug(gpu_model)}"
            planned.append(plan(cat, catalog_dir, "inference", rid, record,
                                f"{model_id} on {gpu_model}, {task}: {len(rows)} configuration(s)", args.update))
    write_all(planned, Path(catalog_dir).parent)
    for item in skipped:
        print(f"skipped {item}")
    print(f"{len(planned)} inference record(s) from {len(files) - len(skipped)} file(s)")
    return 0
