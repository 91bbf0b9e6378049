"""claims/<study>/<table>.yaml — figures a source derived and published, kept to be audited.

The catalogue never copies a derived figure into a fact; it records what a paper claimed,
recomputes it from the records under the paper's scenario, and shows both."""

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import EnergyRef, GpuRef, Line, ModelRef, Record, ScenarioRef, Sources, Text, WorkloadRef

Metric = Literal[
    "training_compute_flop", "teacher_inference_flop", "student_training_flop",
    "gpu_hours", "energy_mwh", "tco2e", "break_even_reuse",
]


class Figure(Record):
    model: Optional[ModelRef] = Field(None, description="Subject, when the figure is about a model.")
    workload: Optional[WorkloadRef] = Field(None, description="Subject, when the figure is about a workload.")
    energy_run: Optional[EnergyRef] = Field(None, description="Subject, when the figure is about a pipeline run.")
    metric: Metric
    gpu: Optional[GpuRef] = Field(None, description="GPU the hours or emissions are counted on.")
    value: float = Field(ge=0, allow_inf_nan=False, description="The figure as printed.")
    low: Optional[float] = Field(None, ge=0, description="Lower end when printed as a range (≈5–6).")
    high: Optional[float] = Field(None, ge=0, description="Upper end when printed as a range.")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _one_subject(self):
        subjects = [x for x in (self.model, self.workload, self.energy_run) if x]
        if len(subjects) != 1:
            raise ValueError("name exactly one subject: model, workload or energy_run")
        if self.metric in ("gpu_hours", "energy_mwh", "tco2e") and not self.gpu:
            raise ValueError(f"a {self.metric} figure needs the gpu it was computed for")
        return self


class ClaimTable(Record):
    location: Line = Field(description="Where in the source, e.g. 'Table 1' or '§4.2'.")
    scenario: Optional[ScenarioRef] = Field(None, description="The assumptions the source used.")
    figures: list[Figure] = Field(min_length=1)
    sources: Sources

    def references(self):
        refs = [(("scenario",), "scenarios", self.scenario)] if self.scenario else []
        for i, f in enumerate(self.figures):
            for key, kind in (("model", "models"), ("workload", "workloads"), ("energy_run", "energy"), ("gpu", "gpus")):
                if getattr(f, key):
                    refs.append((("figures", i, key), kind, getattr(f, key)))
        return refs
