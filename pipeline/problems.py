"""A problem found in a catalogue file, and the two ways we print it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the repository, with forward slashes
    line: int
    column: int
    key: str  # dotted key path, e.g. "stages.0.energy_kwh"; "" for the file itself
    message: str
    hint: str = ""

    def plain(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        key = f" {self.key}:" if self.key else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}:{key} {self.message}{hint}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so the error shows on the changed line of a PR."""
        text = f"{self.key}: {self.message}" if self.key else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        # Workflow commands treat %, CR and LF specially in the message; commas and colons in properties.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::error file={file},line={self.line},col={self.column}::{text}"


def key_path(path) -> str:
    return ".".join(str(p) for p in path)
