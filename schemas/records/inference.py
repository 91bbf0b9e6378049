"""inference/<source>/<name>.yaml — measured serving energy of one model on one accelerator for one workload."""

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import Date, GpuRef, HfRepoId, Line, ModelRef, Positive, Record, Sources, Text

Boundary = Literal["gpu_only", "node"]
"""gpu_only: accelerator energy alone (NVML/Zeus); node: the whole server (GPUs, CPUs, RAM, fans, ...)."""


class ServingConfiguration(Record):
    """One serving configuration and what was measured under it."""

    gpu_count: int = Field(ge=1, description="Accelerators serving the model.")
    batch_size: Optional[int] = Field(None, ge=1, description="Configured maximum batch (concurrent requests, e.g. vLLM max_num_seqs).")
    avg_batch_size: Optional[Positive] = Field(None, description="Mean batch actually running during the measurement.")
    tensor_parallel: Optional[int] = Field(None, ge=1, description="Tensor-parallel degree.")
    expert_parallel: Optional[int] = Field(None, ge=1, description="Expert-parallel degree (MoE).")
    data_parallel: Optional[int] = Field(None, ge=1, description="Data-parallel replicas.")
    energy_per_token_j: Optional[Positive] = Field(None, description="Energy per output token, J.")
    energy_per_request_j: Optional[Positive] = Field(None, description="Energy per request (response), J.")
    energy_per_request_wh: Optional[Positive] = Field(None, description="Energy per request as published in Wh "
                                                                        "(AI Energy Score), kept in its unit.")
    throughput_tokens_per_s: Optional[Positive] = Field(None, description="Output tokens per second, all accelerators, as published.")
    avg_power_w: Optional[Positive] = Field(None, description="Mean power within the boundary during the measurement, W.")
    avg_output_tokens: Optional[Positive] = Field(None, description="Mean output length per request, tokens.")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _has_energy(self):
        if self.energy_per_token_j is None and self.energy_per_request_j is None and self.energy_per_request_wh is None:
            raise ValueError("energy_per_token_j, energy_per_request_j or energy_per_request_wh is required: "
                             "a configuration without an energy figure measures nothing")
        return self


class InferenceMeasurement(Record):
    """Measured inference energy of one model on one accelerator type for one workload, per serving configuration."""

    model: Optional[ModelRef] = Field(None, description="Catalogue model, when it has a record.")
    model_name: Line = Field(description="The model as the source names it (e.g. its Hugging Face id).")
    hf_id: Optional[HfRepoId] = Field(None, description="Hugging Face repository id of the weights served (join key).")
    gpu: GpuRef = Field(description="Accelerator the energy was measured on.")
    precision: Optional[Literal["fp32", "bfloat16", "float16", "fp8", "int8", "int4", "mixed"]] = Field(
        None, description="Weight precision served.")
    measurement_boundary: Boundary = Field(description="What the energy covers: gpu_only (the accelerators) or node "
                                                       "(the whole server). Required: figures across boundaries differ.")
    workload: Line = Field(description="Request set or task the figures are over, as the source names it.")
    serving: Optional[Line] = Field(None, description="Serving software and settings, if stated (e.g. vLLM 0.11).")
    as_of: Optional[Date] = Field(None, description="Date the source's data carries (e.g. a leaderboard's last update).")
    configurations: list[ServingConfiguration] = Field(min_length=1, description="One entry per serving configuration measured.")
    note: Optional[Text] = None
    sources: Sources

    def references(self):
        refs = [(("gpu",), "gpus", self.gpu)]
        if self.model:
            refs.append((("model",), "models", self.model))
        return refs
