"""scores/<org>/<model>.yaml — every benchmark result of one model, each with its settings."""

from typing import Literal, Optional

from pydantic import Field

from .common import BenchmarkRef, Date, Line, Record, SourceRef, Sources, Text


class Score(Record):
    """One result. Its identity is benchmark x settings: variants are separate rows, never one 'best'."""

    benchmark: BenchmarkRef = Field(description="Benchmark id (see catalog/benchmarks/).")
    value: float = Field(ge=0, description="The score, on the benchmark's scale.")
    metric: Line = Field(description="e.g. pass@1, accuracy, length-controlled win rate.")
    samples_k: Optional[int] = Field(None, ge=1, le=100000, description="Samples per question averaged into pass@1.")
    temperature: Optional[float] = Field(None, ge=0, le=5, description="Sampling temperature.")
    top_p: Optional[float] = Field(None, gt=0, le=1, description="Nucleus sampling top-p.")
    max_tokens: Optional[int] = Field(None, ge=1, description="Generation budget in tokens.")
    reasoning_effort: Optional[Line] = Field(None, description="Reasoning effort setting, for models that have one.")
    shots: Optional[int] = Field(None, ge=0, le=1000, description="Worked examples in the prompt (0 for zero-shot).")
    chain_of_thought: Optional[bool] = Field(None, description="Whether the prompt asked for reasoning before the answer.")
    thinking: Optional[bool] = Field(None, description="For hybrid reasoning models: whether thinking mode was on.")
    harness: Optional[Line] = Field(None, description="Evaluation code used.")
    origin: Literal["measured", "reported"] = Field(description="measured by the citing source's authors, or reported by others.")
    date: Optional[Date] = Field(None, description="When it was evaluated or published.")
    source: Optional[SourceRef] = Field(None, description="Defaults to the file's first source.")
    note: Optional[Text] = None

    def settings_key(self):
        return (self.benchmark, self.metric, self.samples_k, self.temperature, self.top_p, self.max_tokens,
                self.reasoning_effort, self.shots, self.chain_of_thought, self.thinking, self.harness, self.origin,
                self.source)


class ScoreList(Record):
    """The file's id is the model's id: scores/deepseek/deepseek-r1.yaml holds deepseek/deepseek-r1's scores."""

    sources: Sources
    scores: list[Score] = Field(min_length=1)

    def references(self):
        return [(("scores", i, "benchmark"), "benchmarks", s.benchmark) for i, s in enumerate(self.scores)]
