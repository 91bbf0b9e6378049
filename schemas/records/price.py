"""prices/<provider>/<product>.yaml — one product's price history: dated values, each with its source.

A price change is a new dated value in `history`, never an overwrite, so the price in force on any date can be
read back. Two kinds of product: API tokens (USD per million input and output tokens, for a catalogue model when
it has a record) and GPU-hour rental (USD per GPU-hour for one accelerator, by provider class)."""

from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from .common import Date, GpuRef, Line, ModelRef, NonNegative, Record, SourceRef, Sources, Text

ProductKind = Literal["api_tokens", "gpu_hour"]
ProviderClass = Literal["hyperscaler_on_demand", "specialist_cloud", "reserved", "unspecified"]
"""Who rents the GPU-hour: a hyperscaler's on-demand list price, a GPU specialist cloud, a reserved/committed
rate, or unspecified (a source's rental assumption that names no provider)."""
Currency = Literal["USD"]
"""Only USD for now: the views add prices up, so every figure must be in one currency."""
Basis = Literal["effective", "observed"]
"""effective: the source says the value took effect on `date`; observed: the source listed it on `date` (it was in
force then, maybe earlier)."""


class PricePoint(Record):
    """One dated value of a price series."""

    date: Date = Field(description="When the value took effect (basis: effective) or was read (basis: observed).")
    basis: Basis = Field("observed", description="effective (took effect on date) or observed (listed on date).")
    input_usd_per_mtok: Optional[NonNegative] = Field(None, description="API: USD per million input tokens.")
    output_usd_per_mtok: Optional[NonNegative] = Field(None, description="API: USD per million output tokens.")
    usd_per_gpu_hour: Optional[NonNegative] = Field(None, description="GPU-hour rental: USD per GPU per hour.")
    usd_per_gpu_second: Optional[NonNegative] = Field(
        None, description="GPU rental quoted per second (e.g. serverless workers): USD per GPU per second, as the page "
                          "states it; the price_in_force view turns it into a GPU-hour price (x 3600).")
    source: Optional[SourceRef] = Field(None, description="Source of this value; defaults to the record's first source.")
    note: Optional[Text] = Field(None, description="Where in the source, and caveats.")

    @model_validator(mode="after")
    def _figures_cite_the_point(self):
        # A point's source is the source of its bare numbers, so each fact row cites the document it was read from.
        for q in (self.input_usd_per_mtok, self.output_usd_per_mtok, self.usd_per_gpu_hour, self.usd_per_gpu_second):
            if q is not None and q.source is None and self.source:
                q.source = self.source
        return self


class Price(Record):
    """A product's price as a series of dated values, oldest first."""

    provider: Line = Field(description="Who charges it (or whose assumption it is).")
    product: Line = Field(description="What is sold, e.g. 'GPT-4o API' or 'H800 GPU-hour'.")
    kind: ProductKind = Field("api_tokens", description="api_tokens or gpu_hour.")
    currency: Currency = Field(description="Currency of every value: USD (the only one accepted for now).")
    model: Optional[ModelRef] = Field(None, description="API: catalogue model served, if it has a record.")
    gpu: Optional[GpuRef] = Field(None, description="GPU-hour: the accelerator rented.")
    provider_class: Optional[ProviderClass] = Field(None, description="GPU-hour: hyperscaler_on_demand, "
                                                    "specialist_cloud, reserved or unspecified.")
    history: list[PricePoint] = Field(min_length=1, description="Dated values, oldest first; a change is a new value.")
    note: Optional[Text] = None
    sources: Sources

    @field_validator("history")
    @classmethod
    def _one_value_per_date(cls, points: list[PricePoint]) -> list[PricePoint]:
        seen: dict = {}
        for i, p in enumerate(points):
            if p.date in seen:
                raise ValueError(f"two values on {p.date.isoformat()} (items {seen[p.date]} and {i}): a series has one "
                                 "value per date; a price change is a new date")
            seen[p.date] = i
        dates = [p.date for p in points]
        if dates != sorted(dates):
            raise ValueError("dates are not in order; list the values oldest first")
        return points

    @model_validator(mode="after")
    def _fits_kind(self):
        if self.kind == "api_tokens":
            if self.gpu or self.provider_class:
                raise ValueError("gpu and provider_class are for kind: gpu_hour prices")
            for i, p in enumerate(self.history):
                if (p.input_usd_per_mtok is None or p.output_usd_per_mtok is None or p.usd_per_gpu_hour is not None
                        or p.usd_per_gpu_second is not None):
                    raise ValueError(f"history item {i}: an api_tokens price gives input_usd_per_mtok and "
                                     "output_usd_per_mtok (and no usd_per_gpu_hour or usd_per_gpu_second)")
        else:
            if not self.gpu or not self.provider_class:
                raise ValueError("gpu and provider_class are required for a gpu_hour price")
            if self.model:
                raise ValueError("model is for api_tokens prices")
            for i, p in enumerate(self.history):
                # One figure per point, in the unit the page states it in: a view converts, nobody types a product.
                if ((p.usd_per_gpu_hour is None) == (p.usd_per_gpu_second is None) or p.input_usd_per_mtok is not None
                        or p.output_usd_per_mtok is not None):
                    raise ValueError(f"history item {i}: a gpu_hour price gives usd_per_gpu_hour or "
                                     "usd_per_gpu_second, as its page states it (exactly one; no per-token prices)")
        return self

    def references(self):
        refs = [(("model",), "models", self.model)] if self.model else []
        refs += [(("gpu",), "gpus", self.gpu)] if self.gpu else []
        refs += [(("history", i, "source"), "sources", p.source) for i, p in enumerate(self.history) if p.source]
        return refs
