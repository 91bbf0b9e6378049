"""workloads/<study>/<name>.yaml — a training computation as a source set it up.

Model records hold facts (an 8.2B-parameter model); a workload holds the inputs a source
used in its own arithmetic (the paper's "N = 8 billion"), so that its figures can be
reproduced exactly and set beside the catalogue's own."""

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import Line, ModelRef, Positive, Quantity, Record, Sources, Text


class Workload(Record):
    name: Line
    kind: Literal["pretraining", "fine_tuning", "distillation", "published_compute"] = Field(
        description="pretraining/fine_tuning: 6*N*D*epochs; distillation: 2*N_teacher*D + 6*N_student*D; "
                    "published_compute: the FLOP figure as given.")
    model: Optional[ModelRef] = Field(None, description="The catalogue model this computation describes, if any.")
    params_b: Optional[Positive] = Field(None, description="N, billions (pretraining and fine-tuning).")
    tokens: Optional[Positive] = Field(None, description="D, tokens per epoch.")
    epochs: Positive = Field(default_factory=lambda: Quantity(value=1), description="Passes over D.")
    teacher_params_b: Optional[Positive] = Field(None, description="N_teacher, billions (distillation).")
    student_params_b: Optional[Positive] = Field(None, description="N_student, billions (distillation).")
    samples: Optional[Positive] = Field(None, description="Distillation samples, when D is given as samples.")
    tokens_per_sample: Optional[Positive] = Field(None, description="The source's tokens-per-sample assumption.")
    training_compute_flop: Optional[Positive] = Field(None, description="FLOP, for published_compute workloads.")
    note: Optional[Text] = None
    sources: Sources

    @model_validator(mode="after")
    def _inputs(self):
        need = {
            "pretraining": ("params_b", "tokens"),
            "fine_tuning": ("params_b", "tokens"),
            "distillation": ("teacher_params_b", "student_params_b"),
            "published_compute": ("training_compute_flop",),
        }[self.kind]
        missing = [name for name in need if getattr(self, name) is None]
        if missing:
            raise ValueError(f"{missing[0]} is required for a {self.kind} workload (also check: {', '.join(missing)})")
        if self.kind == "distillation" and self.tokens is None and (self.samples is None or self.tokens_per_sample is None):
            raise ValueError("a distillation workload needs tokens, or samples and tokens_per_sample")
        return self

    def references(self):
        return [(("model",), "models", self.model)] if self.model else []
