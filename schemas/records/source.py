"""sources/<name>.yaml — a document that figures are taken from."""

from typing import Literal, Optional

from pydantic import Field

from .common import Date, HttpsUrl, Line, Record, Text


class Source(Record):
    """A paper, model card, datasheet, leaderboard or dataset that figures cite."""

    title: Line = Field(description="Title as published.")
    authors: Optional[list[Line]] = Field(None, description="Authors or the publishing organisation.")
    year: int = Field(ge=1950, le=2100, description="Year of publication.")
    url: HttpsUrl = Field(description="https link to the document.")
    kind: Literal["paper", "model_card", "tech_report", "leaderboard", "dataset", "datasheet", "blog", "price_list"] = Field(
        description="What sort of document this is."
    )
    accessed: Date = Field(description="When the figures were read from it (YYYY-MM-DD).")
    license: Optional[Line] = Field(None, description="Licence of the data, where it matters (e.g. CC BY 4.0).")
    note: Optional[Text] = Field(None, description="Anything a reader should know about this source.")
