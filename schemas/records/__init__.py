"""One strict pydantic class per record kind, and where each kind lives in catalog/."""

from dataclasses import dataclass

from .benchmark import Benchmark
from .claim import ClaimTable
from .common import Record
from .energy import EnergyRun
from .gpu import Gpu
from .inference import InferenceMeasurement
from .model import Model
from .price import Price
from .scenario import Scenario
from .score import ScoreList
from .source import Source
from .workload import Workload


@dataclass(frozen=True)
class KindSpec:
    name: str  # directory under catalog/ and the kind name in references
    record: type[Record]
    depth: int  # path segments in an id: 2 for org/name, 1 for name
    example_id: str


KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec("sources", Source, 1, "wani-2026-benchmarking-distilled"),
        KindSpec("models", Model, 2, "qwen/qwen3-8b"),
        KindSpec("gpus", Gpu, 2, "nvidia/h100-sxm"),
        KindSpec("benchmarks", Benchmark, 1, "gpqa-diamond"),
        KindSpec("scores", ScoreList, 2, "qwen/qwen3-8b"),
        KindSpec("energy", EnergyRun, 2, "olmo2-energy-2026/kd-7b"),
        KindSpec("scenarios", Scenario, 1, "wani-2026-paper-default"),
        KindSpec("prices", Price, 2, "openai/gpt-4o"),
        KindSpec("workloads", Workload, 2, "wani-2026/qwen3-8b-pretraining"),
        KindSpec("claims", ClaimTable, 2, "wani-2026/table-1"),
        KindSpec("inference", InferenceMeasurement, 2, "ml-energy-leaderboard/qwen-qwen3-8b-lm-arena-chat-h100"),
    )
}
