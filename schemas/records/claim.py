"""claims/<study>/<table>.yaml — figures a source derived and published, kept to be audited.

The catalogue never copies a derived figure into a fact; it records what a paper claimed,
recomputes it from the records under the paper's scenario, and shows both."""

from typing import Annotated, Literal, Optional

from pydantic import Field, StringConstraints, model_validator

from .common import BenchmarkRef, EnergyRef, GpuRef, Line, ModelRef, Record, ScenarioRef, Sources, Text, WorkloadRef

Metric = Literal[
    "training_compute_flop", "teacher_inference_flop", "student_training_flop",
    "gpu_hours", "energy_mwh", "tco2e", "break_even_reuse",
    # Headline comparisons: the subject's figure over the `versus` subject's, or a difference, or a quoted score.
    "compute_ratio", "gpu_hours_ratio", "energy_ratio", "q_gain", "score", "monthly_api_cost_usd",
    # Dollars: a training cost a source computed (GPU-hours x a price), and weeks for distilling to pay for itself
    # against the `versus` model's API at queries_per_month.
    "training_cost_usd", "break_even_weeks",
    # A measured run's energy per token as printed: audited for what token count it implies.
    "j_per_token",
    # How many times dearer one model's API is than another's, per query of the scenario's shape.
    "api_price_ratio",
]
RATIOS = ("compute_ratio", "gpu_hours_ratio", "energy_ratio", "q_gain", "api_price_ratio")
StudyId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A measurement campaign: the folder its energy runs are filed under (catalog/energy/<study>/)."""
Qualifier = Literal["exactly", "about", "over", "under", "nearly", "at_most", "at_least"]


class Figure(Record):
    model: Optional[ModelRef] = Field(None, description="Subject, when the figure is about a model.")
    workload: Optional[WorkloadRef] = Field(None, description="Subject, when the figure is about a workload.")
    energy_run: Optional[EnergyRef] = Field(None, description="Subject, when the figure is about a pipeline run.")
    energy_study: Optional[StudyId] = Field(None, description="Subject, when the figure is about a whole measurement "
                                            "campaign (its total GPU-hours): the study its runs are filed under.")
    metric: Metric
    versus_model: Optional[ModelRef] = Field(None, description="For a ratio or gain: what the subject is compared with.")
    versus_workload: Optional[WorkloadRef] = Field(None, description="For a ratio or gain: what the subject is compared with.")
    versus_energy_run: Optional[EnergyRef] = Field(None, description="For a ratio or gain: what the subject is compared with.")
    benchmark: Optional[BenchmarkRef] = Field(None, description="For a quoted score: the benchmark.")
    queries_per_month: Optional[float] = Field(None, gt=0, le=1e15, description="For an API cost: the traffic assumed.")
    qualifier: Qualifier = Field("exactly", description="How the source words the figure: 'over 2,000x' is over, "
                                 "'nearly 60,000x' nearly, 'at most 0.2' at_most.")
    gpu: Optional[GpuRef] = Field(None, description="GPU the hours or emissions are counted on.")
    value: float = Field(ge=0, allow_inf_nan=False, description="The figure as printed.")
    low: Optional[float] = Field(None, ge=0, description="Lower end when printed as a range (≈5–6).")
    high: Optional[float] = Field(None, ge=0, description="Upper end when printed as a range.")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _one_subject(self):
        subjects = [x for x in (self.model, self.workload, self.energy_run, self.energy_study) if x]
        if len(subjects) != 1:
            raise ValueError("name exactly one subject: model, workload, energy_run or energy_study")
        if self.energy_study and self.metric not in ("gpu_hours", "energy_mwh"):
            raise ValueError("a figure about a whole study is its gpu_hours or energy_mwh")
        if self.metric == "j_per_token" and not self.energy_run:
            raise ValueError("a j_per_token figure is about a measured run: name the energy_run")
        if self.metric in ("gpu_hours", "energy_mwh", "tco2e", "gpu_hours_ratio") and not self.gpu:
            raise ValueError(f"a {self.metric} figure needs the gpu it was computed for")
        versus = [x for x in (self.versus_model, self.versus_workload, self.versus_energy_run) if x]
        if self.metric in RATIOS and len(versus) != 1:
            raise ValueError(f"a {self.metric} compares two things: name exactly one of versus_model, versus_workload "
                             "or versus_energy_run")
        if self.metric == "break_even_weeks" and not (self.model and self.versus_model and self.queries_per_month):
            raise ValueError("a break_even_weeks figure needs the model served instead (model), the API it replaces "
                             "(versus_model) and queries_per_month")
        if self.metric not in RATIOS and self.metric != "break_even_weeks" and versus:
            raise ValueError(f"versus_* is only for ratios, gains and break_even_weeks ({', '.join(RATIOS)})")
        if self.metric == "training_cost_usd" and not self.model:
            raise ValueError("a training_cost_usd figure is about a model: name it")
        if self.metric == "score" and not (self.benchmark and self.model):
            raise ValueError("a quoted score needs the model and the benchmark")
        if self.metric == "api_price_ratio" and not (self.model and self.versus_model):
            raise ValueError("an api_price_ratio compares two models' APIs: name model and versus_model")
        if self.metric == "monthly_api_cost_usd" and not (self.model and self.queries_per_month):
            raise ValueError("an API cost needs the model and queries_per_month")
        return self


class ClaimTable(Record):
    location: Line = Field(description="Where in the source, e.g. 'Table 1' or '§4.2'.")
    scenario: Optional[ScenarioRef] = Field(None, description="The assumptions the source used.")
    figures: list[Figure] = Field(min_length=1)
    sources: Sources

    def references(self):
        refs = [(("scenario",), "scenarios", self.scenario)] if self.scenario else []
        for i, f in enumerate(self.figures):
            for key, kind in (("model", "models"), ("workload", "workloads"), ("energy_run", "energy"), ("gpu", "gpus"),
                              ("versus_model", "models"), ("versus_workload", "workloads"),
                              ("versus_energy_run", "energy"), ("benchmark", "benchmarks")):
                if getattr(f, key):
                    refs.append((("figures", i, key), kind, getattr(f, key)))
        return refs
