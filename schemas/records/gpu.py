"""gpus/<vendor>/<name>.yaml — an accelerator's datasheet figures."""

from typing import Literal, Optional

from pydantic import Field

from .common import Date, Line, Positive, Record, Sources, Text

Family = Literal["ampere", "ada", "hopper", "blackwell", "cdna3", "cdna4", "tpu", "other"]


class Gpu(Record):
    """Datasheet figures. Peak TFLOPs are always the dense figure, never 'with sparsity'."""

    name: Line = Field(description="Product name with form factor and memory, e.g. H100 SXM 80GB.")
    vendor: Line = Field(description="Manufacturer.")
    family: Family = Field(description="Architecture family; scenarios set MFU per family.")
    released: Date = Field(description="Release or announcement date.")
    memory_gb: Positive = Field(description="On-board memory, GB.")
    memory_bandwidth_tbps: Positive = Field(description="Memory bandwidth, TB/s.")
    peak_bf16_dense_tflops: Positive = Field(description="Peak dense BF16 tensor throughput, TFLOP/s (not the sparsity figure).")
    peak_fp8_dense_tflops: Optional[Positive] = Field(None, description="Peak dense FP8 tensor throughput, TFLOP/s.")
    tdp_w: Positive = Field(description="Thermal design power (max board power), W.")
    note: Optional[Text] = None
    sources: Sources
