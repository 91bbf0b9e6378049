"""pins.yaml — verified figures that a bulk edit cannot silently change."""

from typing import Optional

from pydantic import Field

from .common import Date, Line, Record, SourceRef, Text


class Pin(Record):
    """A figure someone checked against its source. Changing the record's value fails `check` until the
    pin is updated with the new evidence (value, source, date checked)."""

    record: Line = Field(description="kind/id of the record, e.g. gpus/nvidia/h100-sxm.")
    field: Line = Field(description="Dotted key path of the figure inside the record, e.g. peak_bf16_dense_tflops.")
    value: float = Field(description="The verified value.")
    source: SourceRef = Field(description="Where it was verified.")
    checked: Date = Field(description="When it was verified (YYYY-MM-DD).")
    note: Optional[Text] = None


class PinList(Record):
    pins: list[Pin] = Field(default_factory=list)
