"""energy/<study>/<run>.yaml — a measured distillation pipeline, stage by stage."""

from typing import Annotated, Literal, Optional

from pydantic import Field, StringConstraints, model_validator

from .common import BenchmarkRef, GpuRef, Line, ModelRef, NonNegative, Positive, Record, Sources, Text

Stage = Literal["prerun", "preprocess", "teacher_logit_cache", "teacher_generation", "student_training", "evaluation"]

EnergyPolicy = Literal["gpu_only", "nvml_rapl", "codecarbon"]
"""What a stage's energy counts. gpu_only: accelerator energy from NVML telemetry; nvml_rapl: NVML GPU energy
plus CPU package energy (RAPL, or CodeCarbon's CPU estimate where RAPL is unreadable), RAM excluded;
codecarbon: CodeCarbon's CPU + GPU + RAM energy."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
GitCommit = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$")]


class StageEnergy(Record):
    stage: Stage = Field(description="Pipeline stage (its role); prerun is excluded from totals.")
    name: Optional[Line] = Field(None, description="The stage as the instrument logged it (harness stage id, "
                                                   "CodeCarbon project); a role may repeat only under distinct names.")
    energy_kwh: Positive = Field(description="Measured energy of the stage, kWh.")
    gpu_energy_kwh: Optional[NonNegative] = Field(None, description="Accelerator share of the stage energy, kWh.")
    cpu_energy_kwh: Optional[NonNegative] = Field(None, description="CPU share of the stage energy, kWh.")
    ram_energy_kwh: Optional[NonNegative] = Field(None, description="RAM share of the stage energy (CodeCarbon), kWh.")
    tokens: Optional[Positive] = Field(None, description="Tokens processed in the stage; absent when not counted.")
    duration_s: Optional[Positive] = Field(None, description="Wall-clock duration, s.")
    avg_power_w: Optional[Positive] = Field(None, description="Mean accelerator power over the stage, all GPUs, W.")
    peak_power_w: Optional[Positive] = Field(None, description="Highest accelerator power sample, all GPUs, W.")


class Measurement(Record):
    """How a run's energy was measured, as its logs state it (filled by `build.py import`)."""

    instrument: Literal["distill-energy-harness", "codecarbon"] = Field(description="What wrote the logs.")
    energy_policy: EnergyPolicy = Field(description="What stage energies count: gpu_only (NVML), nvml_rapl "
                                                     "(NVML GPU + CPU package, no RAM) or codecarbon (CPU + GPU + RAM).")
    power_limit_w: Optional[Positive] = Field(None, description="Power limit of each GPU during the run, W.")
    grid_country: Optional[CountryCode] = Field(None, description="Grid country the run configured (ISO 3166 alpha-3).")
    grid_country_applied: Optional[CountryCode] = Field(None, description="Grid country CodeCarbon actually applied.")
    grid_region: Optional[Line] = Field(None, description="Grid region CodeCarbon applied, if any.")
    emissions_kgco2e: Optional[NonNegative] = Field(None, description="CodeCarbon's CO2e estimate for the logged stages, kg.")
    logged_total_kwh: Optional[NonNegative] = Field(None, description="The instrument's own total over the logged stages, kWh.")
    software: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)], Line] = Field(
        default_factory=dict, description="Software versions, e.g. {python: 3.10.13, pytorch: 2.6.0+cu124}.")
    git_commit: Optional[GitCommit] = Field(None, description="Commit of the harness code that ran.")
    git_dirty: Optional[bool] = Field(None, description="True when that code had uncommitted changes.")
    imported_from: Optional[Line] = Field(None, description="Files the record was imported from (names only).")
    flags: list[Text] = Field(default_factory=list, description="Problems the importer found in the logs, kept with the figures.")


class Hyperparameters(Record):
    kd_temperature: Optional[float] = Field(None, gt=0, description="KD softmax temperature T.")
    kd_alpha: Optional[float] = Field(None, ge=0, le=1, description="Weight of the hard-label loss.")
    max_new_tokens: Optional[int] = Field(None, ge=1, description="Teacher generation budget per response.")
    prompts: Optional[int] = Field(None, ge=1, description="Prompts used to build the synthetic set.")
    learning_rate: Optional[float] = Field(None, gt=0)
    max_sequence_length: Optional[int] = Field(None, ge=1)
    effective_batch_size: Optional[int] = Field(None, ge=1)
    optimizer: Optional[Line] = None


class RunScore(Record):
    benchmark: BenchmarkRef
    value: float = Field(ge=0)


class Quality(Record):
    q_score: Optional[NonNegative] = Field(None, description="Teacher-relative retention Q as reported.")
    scores: list[RunScore] = Field(default_factory=list, description="Per-benchmark scores of the trained student.")


class EnergyRun(Record):
    """One pipeline x student configuration, with its measured stage energies."""

    pipeline: Literal["baseline_sft", "logit_kd", "synthetic_sft"] = Field(description="Training regime.")
    teacher: Optional[ModelRef] = Field(None, description="Teacher model (none for baseline SFT).")
    student: ModelRef = Field(description="Student model being trained.")
    workloads: list[Line] = Field(min_length=1, description="Training data sets the figures average over.")
    gpu: GpuRef = Field(description="Accelerator the energy was measured on.")
    gpu_count: int = Field(ge=1, description="Number of accelerators.")
    repeats: Optional[Line] = Field(None, description="How many repeated runs the means are over, e.g. '2-3'.")
    stages: list[StageEnergy] = Field(min_length=1, description="Measured energy per stage.")
    total_energy_kwh: Optional[Positive] = Field(None, description="Pipeline total as published (prerun excluded).")
    j_per_token: Optional[Positive] = Field(None, description="Energy per token processed, as published, J.")
    inference_j_per_token: Optional[Positive] = Field(None, description="Serving energy of the trained model, J/token.")
    measurement: Optional[Measurement] = Field(None, description="Instrument, energy policy, power limit, grid, "
                                                                 "software and import flags.")
    hyperparameters: Optional[Hyperparameters] = None
    quality: Optional[Quality] = None
    note: Optional[Text] = None
    sources: Sources

    @model_validator(mode="after")
    def _consistent(self):
        names: dict[str, list] = {}
        for stage in self.stages:
            names.setdefault(stage.stage, []).append(stage.name)
        for role, logged in names.items():
            # A role may repeat when the instrument logged it as distinct stages (e.g. one evaluation per task).
            if len(logged) > 1 and (None in logged or len(set(logged)) < len(logged)):
                raise ValueError(f"stages lists {role!r} twice; each stage appears once per run"
                                 " (or give each repeat the distinct name it was logged under)")
        if self.pipeline != "baseline_sft" and not self.teacher:
            raise ValueError(f"teacher is required for a {self.pipeline} run")
        return self

    def references(self):
        refs = [(("student",), "models", self.student), (("gpu",), "gpus", self.gpu)]
        if self.teacher:
            refs.append((("teacher",), "models", self.teacher))
        if self.quality:
            refs += [(("quality", "scores", i, "benchmark"), "benchmarks", s.benchmark)
                     for i, s in enumerate(self.quality.scores)]
        return refs
