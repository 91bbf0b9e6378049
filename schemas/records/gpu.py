"""gpus/<vendor>/<name>.yaml — an accelerator's datasheet figures."""

from typing import Literal, Optional

from pydantic import Field, model_validator

from .common import Date, Line, Positive, Record, Sources, Text

Family = Literal["ampere", "ada", "hopper", "blackwell", "cdna3", "cdna4", "tpu", "other"]

EPOCH_HARDWARE_SOURCE = "epoch-ml-hardware"
"""Bare numbers in a GPU's `epoch:` block cite this source."""


class GpuEpochFacts(Record):
    """Epoch AI, Data on Machine Learning Hardware: one row, in the catalogue's units. Written by
    `build.py import epoch-hardware`; do not edit by hand."""

    name: Line = Field(description="Epoch's 'Hardware name' (the join key with Epoch's data).")
    last_modified: Date = Field(description="Epoch's 'Last modified' date for the row.")
    released: Optional[Date] = Field(None, description="Epoch's release date.")
    peak_bf16_tflops: Optional[Positive] = Field(None, description="Epoch's 'Tensor-FP16/BF16 performance', TFLOP/s.")
    peak_fp8_tflops: Optional[Positive] = Field(None, description="Epoch's 'FP8 performance', TFLOP/s.")
    tdp_w: Optional[Positive] = Field(None, description="Epoch's 'TDP (W)'.")
    memory_gb: Optional[Positive] = Field(None, description="Epoch's memory per board, GB.")
    memory_bandwidth_tbps: Optional[Positive] = Field(None, description="Epoch's memory bandwidth, TB/s.")
    release_price_usd: Optional[Positive] = Field(None, description="Epoch's 'Release price (USD)'.")


class Gpu(Record):
    """Datasheet figures. Peak TFLOPs are always the dense figure, never 'with sparsity'. A GPU imported from
    Epoch AI may carry its figures only in the `epoch:` block; a curated figure above it takes precedence."""

    name: Line = Field(description="Product name with form factor and memory, e.g. H100 SXM 80GB.")
    aka: list[Line] = Field(default_factory=list, description="Other names sources use for it (e.g. Epoch AI's).")
    vendor: Line = Field(description="Manufacturer.")
    family: Family = Field(description="Architecture family; scenarios set MFU per family.")
    released: Optional[Date] = Field(None, description="Release or announcement date.")
    memory_gb: Optional[Positive] = Field(None, description="On-board memory, GB.")
    memory_bandwidth_tbps: Optional[Positive] = Field(None, description="Memory bandwidth, TB/s.")
    peak_bf16_dense_tflops: Optional[Positive] = Field(
        None, description="Peak dense BF16 tensor throughput, TFLOP/s (not the sparsity figure).")
    peak_fp8_dense_tflops: Optional[Positive] = Field(None, description="Peak dense FP8 tensor throughput, TFLOP/s.")
    tdp_w: Optional[Positive] = Field(None, description="Thermal design power (max board power), W.")
    note: Optional[Text] = None
    sources: Sources
    epoch: Optional[GpuEpochFacts] = Field(None, description="Epoch AI's row, written by `build.py import epoch-hardware`.")

    @model_validator(mode="after")
    def _has_peak_and_power(self):
        epoch = self.epoch
        if not self.peak_bf16_dense_tflops and not (epoch and epoch.peak_bf16_tflops):
            raise ValueError("peak_bf16_dense_tflops is required (the dense BF16 tensor figure from the datasheet)")
        if not self.tdp_w and not (epoch and epoch.tdp_w):
            raise ValueError("tdp_w is required (thermal design power from the datasheet)")
        return self
