"""ai-energy-score: an AI Energy Score results CSV (master_results.csv of its batch runner) -> inference records.

Columns used (huggingface/AIEnergyScore results_aggregator.py): model_name, task, reasoning_state,
successful_prompts, failed_prompts, total_completion_tokens, throughput_tokens_per_second, gpu_energy_wh,
avg_energy_per_prompt_wh, error_message. The energy kept is the measured GPU energy in Wh per prompt, as
published (never the star rating, which is a rank against the other models). The benchmark measures GPU energy
only, so the records say measurement_boundary: gpu_only. Failed runs (0 Wh) are skipped and listed. One record
per model x task x reasoning state.

Example:
  python3 build.py import ai-energy-score master_results.csv --source ai-energy-score-2025 --gpu nvidia/h100-sxm
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .records import (ImportFailed, add_update_option, catalogue, guarded, model_by_hf_id, number,
                      plan, require, sig, slug, write_all)

REQUIRED = ("model_name", "task", "successful_prompts", "gpu_energy_wh", "avg_energy_per_prompt_wh")


HELP = "an AI Energy Score results CSV -> inference records (Wh per prompt, GPU-only)"


def add_arguments(parser) -> None:
    add_update_option(parser)
    parser.add_argument("csv_file", metavar="RESULTS_CSV", help="AI Energy Score results CSV")
    parser.add_argument("--source", required=True, help="catalogue source the figures cite (add it first)")
    parser.add_argument("--gpu", required=True, help="catalogue GPU the benchmark ran on (AI Energy Score: H100 80GB)")
    parser.add_argument("--gpu-count", type=int, default=1, help="GPUs per run (default 1)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="date of the results")


@guarded
def run(args, catalog_dir: Path) -> int:
    cat = catalogue(catalog_dir)
    source = require(cat, "sources", args.source, "--source")
    gpu = require(cat, "gpus", args.gpu, "--gpu")
    path = Path(args.csv_file)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFailed(f"{path}:1: not an AI Energy Score results CSV: no column {', '.join(missing)}")
            rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from None
    planned, skipped, seen = [], [], {}
    for line, row in rows:
        where = f"{path}:{line}"
        model = (row.get("model_name") or "").strip()
        task = (row.get("task") or "").strip()
        if not model or not task:
            raise ImportFailed(f"{where}: model_name and task are required")
        per_prompt_wh = number(row.get("avg_energy_per_prompt_wh") or 0, "avg_energy_per_prompt_wh", where)
        prompts = number(row.get("successful_prompts") or 0, "successful_prompts", where)
        if per_prompt_wh <= 0 or prompts <= 0:
            skipped.append(f"{path.name}:{line} {model} (no energy: {(row.get('error_message') or 'failed run').strip()})")
            continue
        reasoning = (row.get("reasoning_state") or "").strip()
        config: dict = {"gpu_count": args.gpu_count, "energy_per_request_wh": sig(per_prompt_wh)}
        throughput = number(row.get("throughput_tokens_per_second") or 0, "throughput_tokens_per_second", where)
        if throughput > 0:
            config["throughput_tokens_per_s"] = sig(throughput)
        completion = number(row.get("total_completion_tokens") or 0, "total_completion_tokens", where)
        if completion > 0:
            config["avg_output_tokens"] = sig(completion / prompts)
        failed = number(row.get("failed_prompts") or 0, "failed_prompts", where)
        notes = [f"AI Energy Score results {path.name} line {line}: {sig(per_prompt_wh)} Wh per prompt over "
                 f"{int(prompts)} prompts (GPU energy {row.get('gpu_energy_wh')} Wh)"]
        if failed > 0:
            notes.append(f"{int(failed)} prompts failed; the per-prompt figure is over the successful ones")
        config["note"] = "; ".join(notes)
        hf = model.split("huggingface.co/")[-1]
        record: dict = {"model_name": model}
        linked = model_by_hf_id(cat, hf)
        if linked:
            record["model"] = linked
        if hf.count("/") == 1:
            record["hf_id"] = hf
        record.update(gpu=gpu, measurement_boundary="gpu_only", workload=task)
        if reasoning:
            record["serving"] = f"reasoning: {reasoning}"
        if args.as_of:
            record["as_of"] = args.as_of
        record.update(configurations=[config], sources=[source])
        rid = f"{source}/{slug(hf)}-{slug(task)}" + (f"-{slug(reasoning)}" if reasoning else "")
        if rid in seen:
            raise ImportFailed(f"{where}: {model} / {task} / {reasoning or 'no reasoning state'} already on line "
                               f"{seen[rid]}; one row per model, task and reasoning state")
        seen[rid] = line
        planned.append(plan(cat, catalog_dir, "inference", rid, record,
                            f"{model}, {task}: {sig(per_prompt_wh, 4)} Wh per prompt", args.update))
    write_all(planned, Path(catalog_dir).parent)
    for item in skipped:
        print(f"skipped {item}")
    return 0
