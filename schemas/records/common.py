"""Building blocks shared by every record kind: strict models, text, ids, quantities."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

ID_SEGMENT = r"[a-z0-9]+(?:[.-][a-z0-9]+)*"
ID_PATTERN = rf"^{ID_SEGMENT}(?:/{ID_SEGMENT})*$"
ID_RE = re.compile(ID_PATTERN)


class Record(BaseModel):
    """Strict: unknown keys are errors and nothing is coerced (a quoted "12" is not 12)."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=False, defer_build=True)

    def references(self) -> list[tuple[tuple, str, str]]:
        """(key path, kind, id) of every other record this one names."""
        return []


def _no_control_chars(value: str, allow_newlines: bool) -> str:
    for ch in value:
        if ch in "\n" and allow_newlines:
            continue
        if unicodedata.category(ch) == "Cc":
            raise ValueError(f"contains the control character U+{ord(ch):04X}; remove it")
    return value


# Characters that draw nothing or reorder what is drawn (Unicode's Default_Ignorable_Code_Point set and the
# bidirectional controls, mostly category Cf), so two names that differ only by them look the same.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def invisible(ch: str) -> bool:
    """True for zero-width, invisible, bidirectional-control, separator and unassigned characters."""
    if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp", "Co", "Cs", "Cn"):
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _IGNORABLE_RANGES)


def _line(value: str) -> str:
    if value != value.strip():
        raise ValueError("has leading or trailing spaces; remove them")
    _no_control_chars(value, allow_newlines=False)
    for ch in value:
        if invisible(ch):
            name = unicodedata.name(ch, "unassigned")
            raise ValueError(f"contains the invisible character U+{ord(ch):04X} ({name}), which makes text that "
                             "looks the same compare different; remove it")
    return value


def _text(value: str) -> str:
    return _no_control_chars(value, allow_newlines=True)


Line = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_line)]
"""One line of text: a name, a title. No newlines, no control characters."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=5000), AfterValidator(_text)]
"""Free prose: a description or a note. Rendered escaped, never as HTML or Markdown."""

HttpsUrl = Annotated[
    str,
    # Written to be valid in both Python and ECMA-262 (JSON Schema) regex dialects.
    StringConstraints(max_length=2000, pattern="^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\\s<>\"'`]*)?$"),
]


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value.isoformat()} is in the future; use the date it actually happened")
    return value


Date = Annotated[dt.date, AfterValidator(_not_future)]


def Ref(kind: str):
    """A reference to another record, by id; checked to exist after every file is read."""
    return Annotated[
        str,
        StringConstraints(pattern=ID_PATTERN, max_length=200),
        Field(json_schema_extra={"x-references": kind}),
    ]


SourceRef = Ref("sources")
ModelRef = Ref("models")
GpuRef = Ref("gpus")
BenchmarkRef = Ref("benchmarks")
ScenarioRef = Ref("scenarios")
WorkloadRef = Ref("workloads")
EnergyRef = Ref("energy")

Kind = Literal["reported", "estimated", "measured", "assumed"]
"""reported: the source states it; estimated: someone derived it from other figures; measured: read off an
instrument; assumed: a stand-in with a stated rationale, never a fact."""
Confidence = Literal["confident", "likely", "speculative", "unknown"]


class Quantity(Record):
    """A number with its provenance. A bare number in YAML becomes {value: n} and inherits
    the record's first source, kind `reported`."""

    value: float = Field(description="The figure, in the unit named by the key.")
    low: Optional[float] = Field(None, description="Lower end of the stated range, if any.")
    high: Optional[float] = Field(None, description="Upper end of the stated range, if any.")
    kind: Kind = Field("reported", description="reported by the source, estimated by someone, or measured.")
    source: Optional[SourceRef] = Field(None, description="Source id; defaults to the record's first source.")
    confidence: Optional[Confidence] = Field(None, description="Confidence stated by the source (e.g. Epoch AI's).")
    note: Optional[Text] = Field(None, description="How the figure was obtained, caveats.")
    as_of: Optional[Date] = Field(None, description="When the source stated this value (e.g. Epoch AI's 'Last modified').")
    revisions: list["Revision"] = Field(default_factory=list, description="Earlier values the source has since replaced, oldest first.")

    @model_validator(mode="after")
    def _range(self):
        if self.low is not None and self.low > self.value:
            raise ValueError(f"low ({self.low:g}) is above value ({self.value:g})")
        if self.high is not None and self.high < self.value:
            raise ValueError(f"high ({self.high:g}) is below value ({self.value:g})")
        return self


class Revision(Record):
    """A value a source published and later replaced: history is kept, never overwritten."""

    value: float = Field(description="The earlier figure.")
    low: Optional[float] = None
    high: Optional[float] = None
    confidence: Optional[Confidence] = None
    as_of: Date = Field(description="When the source stated the earlier figure.")
    replaced_on: Optional[Date] = Field(None, description="When it was replaced, if known.")
    source: Optional[SourceRef] = Field(None, description="Source id, if not the current value's.")
    note: Optional[Text] = None


Quantity.model_rebuild()


def _bare_number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value}
    return value


def _bounded(minimum: float | None, maximum: float | None, exclusive_min: bool):
    def check(q: Quantity) -> Quantity:
        for label, number in (("value", q.value), ("low", q.low), ("high", q.high)):
            if number is None:
                continue
            if minimum is not None and (number <= minimum if exclusive_min else number < minimum):
                relation = "greater than" if exclusive_min else "at least"
                raise ValueError(f"{label} must be {relation} {minimum:g}, got {number:g}")
            if maximum is not None and number > maximum:
                raise ValueError(f"{label} must be at most {maximum:g}, got {number:g}")
        return q

    return check


def Q(minimum: float | None = 0, maximum: float | None = None, exclusive_min: bool = True):
    """A quantity field: bare number or mapping, with bounds on value, low and high."""
    return Annotated[
        Quantity,
        BeforeValidator(_bare_number, json_schema_input_type=float | Quantity),
        AfterValidator(_bounded(minimum, maximum, exclusive_min)),
    ]


Positive = Q(0, 1e40)
Fraction = Q(0, 1)
NonNegative = Q(0, 1e40, exclusive_min=False)

Sources = Annotated[list[SourceRef], Field(min_length=1, description="Source ids; the first is the default for bare numbers.")]

HfRepoId = Annotated[
    str,
    StringConstraints(max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$"),
]
"""A Hugging Face repository id, owner/name as Hugging Face spells it (e.g. deepseek-ai/DeepSeek-R1)."""
