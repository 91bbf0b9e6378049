"""Synthetic catalogues, valid and referentially consistent, at any multiple of the real one.

Shape per unit (1× ≈ the real catalogue's order of size, as the issues define 100× ≈ 2,000 models,
20,000 scores, 1,000 energy runs): 20 models — dense and MoE pre-trained, distilled (base + MoE teacher,
lineage chains), fine-tuned, API-only — 10 scores per model over benchmarks and settings, and 10 measured
pipeline runs. Dimensions that grow slowly in reality (GPUs, benchmarks, prices, sources) grow with the
logarithm of the scale, and scenarios stay at four, so derived views stay proportional to the records."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.load import schema_line  # noqa: E402

FAMILIES = ["ampere", "ada", "hopper", "blackwell", "cdna3"]


def _write(catalog: Path, kind: str, record_id: str, body: str) -> None:
    path = catalog / kind / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_line(kind, record_id) + "\n" + body, encoding="utf-8")


def generate(catalog: Path, scale: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    slow = 1 + round(math.log10(scale)) if scale > 1 else 1
    counts = {k: 0 for k in ("sources", "gpus", "benchmarks", "scenarios", "prices", "models", "scores", "energy", "score_rows")}
    sources = [f"src-{i}" for i in range(5 * slow)]
    for s in sources:
        _write(catalog, "sources", s, f"title: Synthetic source {s}\nyear: 2025\nurl: https://example.org/{s}\n"
                                      "kind: paper\naccessed: 2025-06-01\n")
    gpus = [f"vendor-{i % 3}/gpu-{i}" for i in range(7 * slow)]
    for i, g in enumerate(gpus):
        _write(catalog, "gpus", g, f"name: GPU {i}\nvendor: Vendor {i % 3}\nfamily: {FAMILIES[i % 5]}\nreleased: 2023-01-01\n"
                                   f"memory_gb: {40 + i % 5 * 20}\nmemory_bandwidth_tbps: {1 + i % 4}\n"
                                   f"peak_bf16_dense_tflops: {100 + 37 * (i % 6) + i / 100:g}\ntdp_w: {300 + 50 * (i % 8)}\nsources: [{sources[i % len(sources)]}]\n")
    benchmarks = [f"bench-{i}" for i in range(7 * slow)]
    for i, b in enumerate(benchmarks):
        _write(catalog, "benchmarks", b, f"name: Benchmark {i}\ndomain: math\nmetric: accuracy (%)\nscale_max: 100\n"
                                         f"higher_is_better: true\nsources: [{sources[0]}]\n")
    for i in range(4):
        by_family = ", ".join(f"{f}: {{value: {0.3 + 0.02 * k}, low: 0.25, high: 0.45}}" for k, f in enumerate(FAMILIES))
        _write(catalog, "scenarios", f"scenario-{i}", f"name: Scenario {i}\ndescription: Synthetic assumptions.\n"
               + ("default: true\n" if i == 0 else "") +
               f"mfu:\n  default: {{value: 0.35, low: 0.3, high: 0.4}}\n  by_family: {{{by_family}}}\n"
               f"pue: {1.1 + 0.1 * i}\ngrid_tco2e_per_mwh: 0.4\ntokens_per_sample: {500 + 250 * i}\n"
               f"distill_samples: 800000\nquery_input_tokens: 500\nquery_output_tokens: 200\nsources: [{sources[0]}]\n")
    for i in range(3 * slow):
        _write(catalog, "prices", f"provider-{i}/api", f"provider: Provider {i}\nproduct: API {i}\n"
               f"kind: api_tokens\ncurrency: USD\nhistory:\n  - {{date: 2025-06-01, input_usd_per_mtok: {0.1 + i}, "
               f"output_usd_per_mtok: {0.4 + 4 * i}}}\nsources: [{sources[0]}]\n")
    counts.update(sources=len(sources), gpus=len(gpus), benchmarks=len(benchmarks), scenarios=4, prices=3 * slow)

    for u in range(scale):
        org = f"org-{u}"
        src = sources[u % len(sources)]
        teachers = [f"{org}/teacher-{k}" for k in range(2)]
        for k, t in enumerate(teachers):
            _write(catalog, "models", t, f"name: Teacher {u}-{k}\norganization: Org {u}\nreleased: 2024-01-01\n"
                   f"method: pretrained\naccess: open_weights\narchitecture: moe\ntotal_params_b: {200 + 100 * k}\n"
                   f"active_params_b: {20 + 10 * k}\ntraining_tokens_t: 15\nsources: [{src}]\n")
        dense = [f"{org}/dense-{k}" for k in range(8)]
        for k, m in enumerate(dense):
            compute = f"training_compute_flop: {{value: {1e22 * (k + 1):.3e}, kind: estimated, confidence: likely}}\n" if k % 2 else ""
            _write(catalog, "models", m, f"name: Dense {u}-{k}\norganization: Org {u}\nreleased: 2024-02-01\n"
                   f"method: pretrained\naccess: open_weights\narchitecture: dense\ntotal_params_b: {1 + k * 3}\n"
                   f"training_tokens_t: {2 + k}\n{compute}sources: [{src}]\n")
        derived = []
        for k in range(6):  # distilled: a chain, the later ones start from earlier distilled models
            base = dense[k] if k < 4 else derived[k - 4]
            m = f"{org}/distilled-{k}"
            _write(catalog, "models", m, f"name: Distilled {u}-{k}\norganization: Org {u}\nreleased: 2025-01-01\n"
                   f"method: distilled\naccess: open_weights\narchitecture: dense\ntotal_params_b: {1 + k}\n"
                   f"base_model: {base}\nteachers: [{teachers[k % 2]}]\ndistillation:\n  samples: {100000 * (k + 1)}\n"
                   f"  method: sequence_sft\nsources: [{src}]\n")
            derived.append(m)
        tuned = [f"{org}/tuned-{k}" for k in range(2)]
        for k, m in enumerate(tuned):
            _write(catalog, "models", m, f"name: Tuned {u}-{k}\norganization: Org {u}\nreleased: 2025-02-01\n"
                   f"method: fine_tuned\naccess: open_weights\narchitecture: dense\ntotal_params_b: {1 + k * 3}\n"
                   f"base_model: {dense[k]}\nsources: [{src}]\n")
        apis = [f"{org}/api-{k}" for k in range(2)]
        for k, m in enumerate(apis):
            _write(catalog, "models", m, f"name: API {u}-{k}\norganization: Org {u}\nreleased: 2025-03-01\n"
                   f"method: unknown\naccess: api_only\narchitecture: unknown\n"
                   f"training_compute_flop: {{value: {3e24 * (k + 1):.3e}, kind: estimated, confidence: speculative}}\n"
                   f"sources: [{src}]\n")
        models = teachers + dense + derived + tuned + apis
        counts["models"] += len(models)
        for m in models:
            rows = []
            for j in range(10):
                bench = benchmarks[(u + j) % len(benchmarks)]
                rows.append(f"  - {{benchmark: {bench}, value: {rng.uniform(5, 95):.1f}, metric: pass@1, samples_k: {1 + j // len(benchmarks)}, "
                            f"temperature: 0.6, origin: reported}}")
            _write(catalog, "scores", m, f"sources: [{src}]\nscores:\n" + "\n".join(rows) + "\n")
            counts["scores"] += 1
            counts["score_rows"] += len(rows)
        students = dense[:3]
        runs = [("baseline_sft", s) for s in students] + [("logit_kd", s) for s in students] + \
               [("synthetic_sft", s) for s in students] + [("baseline_sft", dense[3])]
        for j, (pipeline, student) in enumerate(runs):
            size = 1 + dense.index(student) * 3
            teacher_stage = {"logit_kd": "teacher_logit_cache", "synthetic_sft": "teacher_generation"}.get(pipeline)
            stages = [("preprocess", 0.37), ("student_training", 5.0 * size), ("evaluation", 0.3 * size)]
            if teacher_stage:
                stages.insert(1, (teacher_stage, 11.0))
                stages[2] = ("student_training", 4.5 * size)
            total = sum(e for _, e in stages)
            stage_text = "\n".join(f"  - {{stage: {s}, energy_kwh: {e:.2f}}}" for s, e in stages)
            teacher = f"teacher: {teachers[0]}\n" if teacher_stage else ""
            _write(catalog, "energy", f"study-{u}/run-{j}", f"pipeline: {pipeline}\n{teacher}student: {student}\n"
                   f"workloads: [Synthetic]\ngpu: {gpus[0]}\ngpu_count: 1\nstages:\n  - {{stage: prerun, energy_kwh: 0.12}}\n"
                   f"{stage_text}\ntotal_energy_kwh: {total:.2f}\ninference_j_per_token: {0.1 * size:.2f}\n"
                   f"quality:\n  q_score: {0.6 + 0.03 * size:.2f}\n  scores: [{{benchmark: {benchmarks[0]}, value: 40}}]\n"
                   f"sources: [{src}]\n")
            counts["energy"] += 1
    return counts


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic catalogue.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    print(generate(args.directory / "catalog", args.scale))
