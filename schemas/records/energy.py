"""energy/<study>/<run>.yaml — a measured distillation pipeline, stage by stage."""

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import BenchmarkRef, GpuRef, Line, ModelRef, NonNegative, Positive, Record, Sources, Text

Stage = Literal["prerun", "preprocess", "teacher_logit_cache", "teacher_generation", "student_training", "evaluation"]


class StageEnergy(Record):
    stage: Stage = Field(description="Pipeline stage; prerun is excluded from totals.")
    energy_kwh: Positive = Field(description="Measured energy of the stage, kWh.")
    tokens: Optional[Positive] = Field(None, description="Tokens processed in the stage.")
    duration_s: Optional[Positive] = Field(None, description="Wall-clock duration, s.")


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
    hyperparameters: Optional[Hyperparameters] = None
    quality: Optional[Quality] = None
    note: Optional[Text] = None
    sources: Sources

    @model_validator(mode="after")
    def _consistent(self):
        seen = set()
        for stage in self.stages:
            if stage.stage in seen:
                raise ValueError(f"stages lists {stage.stage!r} twice; each stage appears once per run")
            seen.add(stage.stage)
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
