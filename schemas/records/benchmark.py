"""benchmarks/<name>.yaml — the registry of benchmarks that scores may name."""

from typing import Literal, Optional

from pydantic import Field

from .common import HttpsUrl, Line, Record, Sources, Text


class Benchmark(Record):
    """A benchmark. Scores name it by id, so its spelling cannot drift."""

    name: Line = Field(description="Display name.")
    domain: Literal["math", "science", "knowledge", "instruction_following", "dialogue", "code", "reasoning"] = Field(
        description="What it tests.")
    items: Optional[int] = Field(None, ge=1, description="Number of questions or tasks.")
    metric: Line = Field(description="What a score measures, e.g. 'pass@1 (%)'.")
    scale_max: float = Field(gt=0, description="Largest possible score (100 for percentages, 10 for MT-Bench).")
    higher_is_better: bool = Field(description="Direction of improvement.")
    url: Optional[HttpsUrl] = Field(None, description="Where the benchmark is published.")
    aliases: list[Line] = Field(default_factory=list, description="Other spellings seen in sources.")
    note: Optional[Text] = None
    sources: Sources
