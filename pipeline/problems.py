"""A problem found in a catalogue file, and the two ways we print it.

Every part of a problem may hold contributed text (a file name, a key, a value quoted in the
message), so each is escaped when printed: one problem is always exactly one output line, and no
contributed file can print a line that looks like another file's problem, move the cursor, or
retitle the reviewer's terminal."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

_SAFE_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
                              "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"})


def escape(text: str) -> str:
    """Text safe to print on one terminal line: every character that is not visible ink or a plain space
    (controls, escape sequences, line and paragraph separators, bidirectional and zero-width format
    characters, unassigned and surrogate code points) is written as a Python-style escape."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in str(text):
        if ch == " " or (unicodedata.category(ch) in _SAFE_CATEGORIES and ch.isprintable()):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the repository, with forward slashes
    line: int
    column: int
    key: str  # dotted key path, e.g. "stages.0.energy_kwh"; "" for the file itself
    message: str
    hint: str = ""
    severity: str = ERROR  # "warning" is printed but does not stop the build

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def plain(self) -> str:
        where = f"{escape(self.file)}:{self.line}:{self.column}"
        key = f" {escape(self.key)}:" if self.key else ""
        hint = f" (hint: {escape(self.hint)})" if self.hint else ""
        label = "" if self.is_error else " warning:"
        return f"{where}:{label}{key} {escape(self.message)}{hint}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the changed line of a PR."""
        text = f"{escape(self.key)}: {escape(self.message)}" if self.key else escape(self.message)
        if self.hint:
            text += f" (hint: {escape(self.hint)})"
        # Workflow commands treat %, CR and LF specially in the message; commas and colons in properties.
        # escape() has already written CR and LF as \r and \n; this is the second line of defence.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = escape(self.file).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
            .replace(",", "%2C").replace(":", "%3A")
        return f"::{self.severity} file={file},line={self.line},col={self.column}::{text}"


def key_path(path) -> str:
    return ".".join(str(p) for p in path)
