"""scenarios/<name>.yaml — a named set of assumptions that turn FLOPs into hours, kWh and tCO2e."""

from typing import Optional

from pydantic import Field

from .common import Fraction, GpuRef, Line, Positive, Q, Record, Sources, Text
from .gpu import Family


class Mfu(Record):
    default: Fraction = Field(description="Model FLOPs utilisation for GPUs of a family not listed below.")
    by_family: dict[Family, Fraction] = Field(default_factory=dict, description="MFU per GPU family.")


class Scenario(Record):
    name: Line
    description: Text
    default: bool = Field(False, description="The catalogue's default assumptions: exactly one scenario sets this. "
                          "Views and pages that show one figure per model use it.")
    mfu: Optional[Mfu] = Field(None, description="Model FLOPs utilisation; needed to turn FLOP into GPU-hours.")
    peak_tflops_override: dict[GpuRef, Positive] = Field(
        default_factory=dict, description="Peak TFLOP/s the source assumed where it differs from the datasheet.")
    pue: Optional[Q(1, 5, exclusive_min=False)] = Field(None, description="Data-centre power usage effectiveness (>= 1).")
    grid_tco2e_per_mwh: Optional[Q(0, 2, exclusive_min=False)] = Field(None, description="Grid carbon intensity, tCO2e per MWh.")
    distill_samples: Optional[Positive] = Field(None, description="Samples in the distillation set the API break-even prices.")
    query_input_tokens: Optional[Positive] = Field(None, description="Input tokens per query, for API break-even.")
    query_output_tokens: Optional[Positive] = Field(None, description="Output tokens per query, for API break-even.")
    gpu_average_power_w: Optional[Positive] = Field(None, description="Average board power actually drawn, W; used instead of TDP when given.")
    tokens_per_sample: Optional[Positive] = Field(None, description="Tokens per distillation sample, when a model reports samples only "
                                                  "(low/high give the plausible range).")
    distill_epochs: Optional[Q(0, 100)] = Field(None, description="Passes the student makes over distillation data whose epochs "
                                                 "are unpublished (low/high give the range).")
    students_per_teacher: Optional[Q(1, 1e6, exclusive_min=False)] = Field(
        None, description="Students a teacher's creation cost is shared between, for the teacher share of a "
                          "student's cumulative cost. Unset: the number of students of that teacher in the catalogue.")
    gpu_usd_per_hour: Optional[Positive] = Field(None, description="Rental price of one GPU-hour, USD.")
    eval_tokens_per_item: Optional[Positive] = Field(
        None, description="Evaluation budget of the break-even: tokens a candidate generates per benchmark item and "
                          "sample when it is evaluated on the benchmarks its model reports (an assumption: give "
                          "kind: assumed and low/high). Priced at the candidate's output price.")
    sources: Sources

    def references(self):
        return [(("peak_tflops_override", gpu), "gpus", gpu) for gpu in self.peak_tflops_override]
