"""Write run directories in the energy harness's output format (github.com/StellarLuminosity/Energy), for tests.

The layout and keys follow the harness's EnergyTracker (distill_bench/core/energy_logger.py), environment
snapshot (core/environment.py) and config loader; the values are ours. `python3 tests/harness_runs.py`
regenerates the committed fixtures under tests/fixtures/harness/."""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "harness"
J_PER_KWH = 3.6e6

CC_COLUMNS = ["timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
              "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
              "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
              "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
              "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
              "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue"]


@dataclass
class StageSpec:
    gpu_kwh: float
    tokens: int = 0
    cpu_kwh: float = 0.0
    cc_cpu_kwh: float = 0.0
    cc_gpu_kwh: float | None = None  # None: CodeCarbon agrees with NVML
    cc_ram_kwh: float = 0.0
    power_w: float = 500.0  # sets the duration: energy / power
    peak_w: float | None = None
    policy_total: str = "measured"  # which total the harness computed (its policy after fallbacks)


@dataclass
class RunSpec:
    experiment: str
    stages: list[StageSpec]
    pipeline: str = "kd"
    teacher: str = "allenai/OLMo-2-0325-32B-SFT"
    student: str = "allenai/OLMo-2-1124-7B"
    energy: dict = field(default_factory=lambda: {"enabled": True, "nvml_poll_interval_ms": 500, "track_cpu": True,
                                                  "country_iso_code": "CAN", "offline_mode": True,
                                                  "total_energy_policy": "measured"})
    cc_country: str = "CAN"
    gpus: int = 1
    power_limit_w: float = 700.0
    summary_total_kwh: float | None = None  # None: the true sum of the stage totals
    extra_config: dict = field(default_factory=dict)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.") or "stage"


def _write(path: Path, payload) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def environment(spec: RunSpec) -> dict:
    return {
        "hostname": "node-01",
        "gpus": [{"index": i, "name": "NVIDIA H100 80GB HBM3", "memory_total_mb": 81559.0, "memory_free_mb": 80000.0,
                  "driver_version": "550.54.15", "cuda_version": "12.4", "compute_capability": "9.0",
                  "power_limit_watts": spec.power_limit_w} for i in range(spec.gpus)],
        "cpu": {"brand": "Intel(R) Xeon(R) Gold 6442Y", "architecture": "x86_64", "physical_cores": 48,
                "logical_cores": 96, "max_frequency_mhz": 4000.0, "current_frequency_mhz": 2600.0},
        "memory": {"total_gb": 2015.0, "available_gb": 1900.0, "used_gb": 115.0, "percent_used": 5.7},
        "software": {"python_version": "3.10.13", "pytorch_version": "2.6.0+cu124", "cuda_version": "12.4",
                     "cudnn_version": "90100", "transformers_version": "4.51.3", "platform": "Linux",
                     "os_version": "5.14.0"},
        "git_info": {"commit_hash": "a3b76e861943bffa7be64aceb1d65993c9142249", "branch": "main", "is_dirty": False,
                     "remote_url": "https://github.com/StellarLuminosity/Energy.git"},
        "slurm_info": {"job_id": "123456"},
    }


def config(spec: RunSpec) -> dict:
    cfg = {
        "experiment": {"seed": 42, "name": spec.experiment},
        "pipeline": spec.pipeline,
        "model": {"teacher": spec.teacher, "student": spec.student},
        "data": {"dataset_choice": "tulu", "max_sequence_length": 1024,
                 "datasets": {"tulu": {"dataset_name": "allenai/tulu-3-sft-mixture"}}},
        "training": {"batch_size": 4, "gradient_accumulation_steps": 16, "optimizer": "adafactor",
                     "learning_rate": 5.0e-5, "dtype": "bfloat16"},
        "distillation": {"alpha": 0.5, "temperature": 1.0},
        "energy": spec.energy,
        "output": {"run_dir": "/scratch/run"},
    }
    cfg.update(spec.extra_config)
    return cfg


def write_run(run_dir: Path, spec: RunSpec) -> Path:
    """One harness process: stages named <experiment>, <experiment>__2, ... as EnergyTracker names them."""
    if run_dir.exists():
        shutil.rmtree(run_dir)
    env, cfg = environment(spec), config(spec)
    t = 1_760_000_000.0
    summary_stages, cc_rows, total_j = {}, [], 0.0
    for n, st in enumerate(spec.stages, start=1):
        stage_id = spec.experiment if n == 1 else f"{spec.experiment}__{n}"
        gpu_j, cpu_j = st.gpu_kwh * J_PER_KWH, st.cpu_kwh * J_PER_KWH
        cc_gpu = st.gpu_kwh if st.cc_gpu_kwh is None else st.cc_gpu_kwh
        cc_total = st.cc_cpu_kwh + cc_gpu + st.cc_ram_kwh
        if st.policy_total == "codecarbon":
            total_j = cc_total * J_PER_KWH
        elif st.policy_total == "gpu_only":
            total_j = gpu_j
        else:
            total_j = gpu_j + cpu_j
        duration = gpu_j / st.power_w if gpu_j else 3600.0
        metrics = {
            "stage_id": stage_id, "stage_name": spec.experiment, "start_time": t, "end_time": t + duration,
            "duration_seconds": duration, "tokens_processed": st.tokens, "gpu_energy_joules": gpu_j,
            "gpu_avg_power_watts": gpu_j / duration if gpu_j else 0.0,
            "gpu_peak_power_watts": st.peak_w or st.power_w * 1.1,
            "total_codecarbon_energy_kwh": cc_total, "codecarbon_emissions_kg": cc_total * 0.03,
            "codecarbon_cpu_energy_kwh": st.cc_cpu_kwh, "codecarbon_gpu_energy_kwh": cc_gpu,
            "codecarbon_ram_energy_kwh": st.cc_ram_kwh, "cpu_energy_joules": cpu_j,
            "total_energy_joules": total_j, "total_energy_kwh": total_j / J_PER_KWH,
            "joules_per_token": total_j / st.tokens if st.tokens else 0.0, "kwh_total": total_j / J_PER_KWH,
            "tokens_per_second": st.tokens / duration if st.tokens else 0.0,
        }
        t += duration + 5
        folder = run_dir / "stages" / _safe(stage_id)
        _write(folder / f"{_safe(stage_id)}.json", {**metrics, "gpu_power_samples": [st.power_w] * 3,
                                                     "nvml_poll_interval_ms": 500})
        _write(folder / f"config_{_safe(spec.experiment)}__{_safe(stage_id)}.json",
               {"stage_name": spec.experiment, "stage_id": stage_id, "config": cfg})
        _write(folder / f"environment_{_safe(spec.experiment)}__{_safe(stage_id)}.json", env)
        (folder / "power_log.csv").write_text(f"timestamp,gpu_0_power_w,total_power_w\n{t},{st.power_w},{st.power_w}\n")
        summary_stages[stage_id] = metrics
        cc_rows.append({
            "timestamp": "2026-10-01T12:00:00", "project_name": stage_id, "run_id": f"run-{n}",
            "experiment_id": "5b0fa12a-3dd7-45bb-9766-cc326314d9f1", "duration": duration,
            "emissions": cc_total * 0.03, "emissions_rate": 0.0, "cpu_power": 60.0, "gpu_power": gpu_j / duration,
            "ram_power": 20.0, "cpu_energy": st.cc_cpu_kwh, "gpu_energy": cc_gpu, "ram_energy": st.cc_ram_kwh,
            "energy_consumed": cc_total, "water_consumed": 0.0, "country_name": "", "country_iso_code": spec.cc_country,
            "region": "", "cloud_provider": "", "cloud_region": "", "os": "Linux-5.14", "python_version": "3.10.13",
            "codecarbon_version": "2.8.3", "cpu_count": 16, "cpu_model": "Intel(R) Xeon(R) Gold 6442Y",
            "gpu_count": spec.gpus, "gpu_model": f"{spec.gpus} x NVIDIA H100 80GB HBM3", "longitude": "",
            "latitude": "", "ram_total_size": 2015.0, "tracking_mode": "process", "cpu_utilization_percent": 30.0,
            "gpu_utilization_percent": 95.0, "ram_utilization_percent": 5.0, "ram_used_gb": 100.0, "on_cloud": "N",
            "pue": 1.0, "wue": 0.0})
    stage_total_j = sum(s["total_energy_joules"] for s in summary_stages.values())
    total_j = stage_total_j if spec.summary_total_kwh is None else spec.summary_total_kwh * J_PER_KWH
    tokens = sum(s["tokens_processed"] for s in summary_stages.values())
    summary = {
        "experiment_id": f"{spec.experiment}_20261001_120000", "experiment_name": spec.experiment,
        "start_time": "2026-10-01T12:00:00", "end_time": "2026-10-02T12:00:00",
        "total_duration_seconds": sum(s["duration_seconds"] for s in summary_stages.values()),
        "total_tokens_processed": tokens,
        "total_gpu_energy_joules": sum(s["gpu_energy_joules"] for s in summary_stages.values()),
        "total_cpu_energy_joules": sum(s["cpu_energy_joules"] for s in summary_stages.values()),
        "total_energy_joules": total_j, "total_energy_kwh": total_j / J_PER_KWH,
        "overall_joules_per_token": total_j / tokens if tokens else 0.0,
        "overall_tokens_per_second": 0.0, "stages": summary_stages,
    }
    _write(run_dir / "experiment_summary.json", summary)
    (run_dir / "codecarbon").mkdir(parents=True, exist_ok=True)
    with (run_dir / "codecarbon" / "emissions.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CC_COLUMNS)
        writer.writeheader()
        writer.writerows(cc_rows)
    return run_dir


TABLE_3 = {  # the energy paper's Table 3 (kWh): prerun, preprocess, teacher, student training, evaluation
    ("baseline_sft", "1b"): (0.12, 0.37, None, 6.30, 0.33),
    ("baseline_sft", "7b"): (0.12, 0.37, None, 18.45, 0.68),
    ("baseline_sft", "13b"): (0.12, 0.37, None, 33.15, 1.08),
    ("logit_kd", "1b"): (0.12, 0.37, 11.00, 5.20, 0.33),
    ("logit_kd", "7b"): (0.12, 0.37, 11.00, 16.35, 0.68),
    ("logit_kd", "13b"): (0.12, 0.37, 11.00, 30.05, 1.08),
    ("synthetic_sft", "1b"): (0.12, 0.37, 10.60, 5.35, 0.33),
    ("synthetic_sft", "7b"): (0.12, 0.37, 10.60, 16.60, 0.68),
    ("synthetic_sft", "13b"): (0.12, 0.37, 10.60, 28.65, 1.08),
}
TEACHER_ROLE = {"logit_kd": "teacher_logit_cache", "synthetic_sft": "teacher_generation"}


def table_3_run(root: Path, pipeline: str, size: str) -> tuple[Path, list[str]]:
    """A GPU-only harness run with the paper's Table 3 stage energies; returns (run dir, --role arguments)."""
    prerun, preprocess, teacher, student, evaluation = TABLE_3[(pipeline, size)]
    experiment = f"{pipeline}_32b_to_{size}"
    parts = [("prerun", prerun, 0), ("preprocess", preprocess, 1000), (TEACHER_ROLE.get(pipeline), teacher, 2_000_000),
             ("student_training", student, 5_000_000), ("evaluation", evaluation, 0)]
    parts = [p for p in parts if p[1] is not None]
    spec = RunSpec(experiment, [StageSpec(gpu_kwh=kwh, tokens=tokens, policy_total="gpu_only") for _, kwh, tokens in parts],
                   energy={"country_iso_code": "CAN", "total_energy_policy": "gpu_only"})
    run_dir = write_run(root / experiment, spec)
    roles = [f"{experiment if i == 0 else f'{experiment}__{i + 1}'}={role}" for i, (role, _, _) in enumerate(parts)]
    return run_dir, roles


def write_fixtures() -> None:
    """The committed fixtures: a clean KD run, and one with every trap the importer must catch."""
    write_run(FIXTURES / "kd_7b", RunSpec("kd_olmo2_32b_to_7b_nosft", [
        StageSpec(gpu_kwh=10.8, cpu_kwh=0.2, cc_cpu_kwh=0.25, cc_ram_kwh=0.1, tokens=2_100_000_000, power_w=560),
        StageSpec(gpu_kwh=16.1, cpu_kwh=0.25, cc_cpu_kwh=0.3, cc_ram_kwh=0.12, tokens=4_000_000_000, power_w=610),
        StageSpec(gpu_kwh=0.66, cpu_kwh=0.02, cc_cpu_kwh=0.03, cc_ram_kwh=0.01, tokens=0, power_w=350),
    ]))
    write_run(FIXTURES / "traps", RunSpec("sft_32b_to_1b", [
        # preprocessing logs examples as tokens_processed
        StageSpec(gpu_kwh=0.37, cc_cpu_kwh=0.05, cc_ram_kwh=0.01, tokens=939_343, power_w=300, policy_total="codecarbon"),
        # a GPU without an energy counter: CodeCarbon logs 0 kWh for it while NVML saw 10.6 kWh
        StageSpec(gpu_kwh=10.6, cc_cpu_kwh=0.4, cc_gpu_kwh=0.0, cc_ram_kwh=0.2, tokens=900_000_000, power_w=650,
                  policy_total="codecarbon"),
        # implausible power: 1,500 W mean on one 700 W H100
        StageSpec(gpu_kwh=5.35, cc_cpu_kwh=0.2, cc_ram_kwh=0.1, tokens=1_500_000_000, power_w=1500,
                  policy_total="codecarbon"),
        # evaluation never counts tokens
        StageSpec(gpu_kwh=0.33, cc_cpu_kwh=0.02, cc_ram_kwh=0.01, tokens=0, power_w=300, policy_total="codecarbon"),
    ], pipeline="sft", student="allenai/OLMo-2-0425-1B",
        # no grid country configured: the harness applied USA; policy codecarbon (CPU + GPU + RAM)
        energy={"enabled": True, "track_cpu": True, "offline_mode": True, "total_energy_policy": "codecarbon"},
        cc_country="USA",
        summary_total_kwh=30.0,  # the summary's total does not match its stages
        extra_config={"synthetic_data": {"generation": {"max_new_tokens": 512}}}))


if __name__ == "__main__":
    write_fixtures()
    print(f"wrote {FIXTURES}")
