"""prices/<provider>/<product>.yaml — a dated price for serving tokens."""

from typing import Optional

from pydantic import Field

from .common import Date, Line, ModelRef, NonNegative, Record, Sources, Text


class Price(Record):
    """Prices change: every price carries the date it was read."""

    provider: Line = Field(description="Who charges it.")
    product: Line = Field(description="What is sold, e.g. 'GPT-4o API'.")
    model: Optional[ModelRef] = Field(None, description="Catalogue model served, if it has a record.")
    input_usd_per_mtok: NonNegative = Field(description="USD per million input tokens.")
    output_usd_per_mtok: NonNegative = Field(description="USD per million output tokens.")
    as_of: Date = Field(description="Date the price was read.")
    note: Optional[Text] = None
    sources: Sources

    def references(self):
        return [(("model",), "models", self.model)] if self.model else []
