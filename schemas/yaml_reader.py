"""Read one untrusted catalogue file into plain Python values plus line/column marks.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, expands
alias bombs, applies YAML 1.1 coercions (`NO` -> False, `1.10` -> 1.1) and forgets where
each value came from. We walk libyaml's event stream instead and build the values
ourselves, so that every value keeps its mark and every trap becomes a named error.

Scalars follow the YAML 1.2 core schema, with two deliberate choices:
* plain words that YAML 1.1 tools read as booleans (`yes`, `NO`, `on`, `Off`, ...) are
  rejected, so a file means the same thing to every tool that reads it;
* `.inf` / `.nan` are rejected: a catalogue figure is always finite.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import yaml
from yaml import events as ev

try:  # libyaml's parser is ~10x faster; fall back to the pure-Python one.
    from yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _Parser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


MAX_FILE_BYTES = 256 * 1024
"""Largest accepted catalogue file. A record is a few hundred bytes; a score list for one
model a few kilobytes. Anything near this is a mistake or an attack."""

MAX_DEPTH = 20
MAX_NODES = 20_000
MAX_DIGITS = 40

Path = tuple  # a key path into the document: ("stages", 0, "energy_kwh")

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULL = {"null", "~", ""}
_YAML11_BOOL = re.compile(r"(y|Y|yes|Yes|YES|n|N|no|No|NO|True|TRUE|False|FALSE|on|On|ON|off|Off|OFF)\Z")
_YAML11_NUMBER = re.compile(
    r"[-+]?(0[0-7]+|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9]+(_[0-9]+)+(\.[0-9_]*)?)\Z"
)
_NONFINITE = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)\Z")


@dataclass
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class ParseProblem:
    line: int
    column: int
    path: Path
    message: str
    hint: str = ""


@dataclass
class Document:
    """The values of one file and where each came from."""

    data: object = None
    value_marks: dict = field(default_factory=dict)  # path -> Mark of the value
    key_marks: dict = field(default_factory=dict)  # path -> Mark of the key
    plain_text: dict = field(default_factory=dict)  # path -> source text of an unquoted scalar

    def mark(self, path: Path, prefer_key: bool = False) -> Mark:
        """The nearest mark for a path, walking up to its parent when it has none."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if path in self.key_marks:
                return self.key_marks[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]


class _Abort(Exception):
    def __init__(self, problem: ParseProblem):
        self.problem = problem


def _mark(event) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def _problem(event, path, message, hint="") -> _Abort:
    m = _mark(event)
    return _Abort(ParseProblem(m.line, m.column, tuple(path), message, hint))


def decode(raw: bytes) -> tuple[str | None, ParseProblem | None]:
    """Strict UTF-8 without a byte-order mark; the error names the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        return None, ParseProblem(1, 1, (), f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                  "split the record or remove what does not belong in it")
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, ParseProblem(1, 1, (), "file starts with a UTF-8 byte-order mark",
                                  "save the file as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, ParseProblem(line, column, (), f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                  "save the file as UTF-8")
    return text, None


def _scalar(event, path) -> object:
    """Resolve a scalar the YAML 1.2 core way, rejecting YAML 1.1 traps."""
    text = event.value
    if event.style is not None:  # quoted or block scalar: always a string
        return text
    if text in _NULL:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if _YAML11_BOOL.match(text):
        raise _problem(event, path, f"unquoted {text!r} is a boolean in YAML 1.1 and a string in YAML 1.2",
                       f"quote it ('{text}') if you mean the text, or write true/false")
    if _YAML11_NUMBER.match(text):
        raise _problem(event, path, f"unquoted {text!r} is read as a number by some YAML tools and as text by others",
                       f"quote it ('{text}') if you mean the text, or write the number plainly")
    if _NONFINITE.match(text):
        raise _problem(event, path, f"{text} is not a finite number", "catalogue figures must be finite; omit unknown values")
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise _problem(event, path, "number has too many digits", "write large numbers in exponent form, e.g. 1.2e24")
        return int(text)
    if _FLOAT.match(text):
        if len(text) > MAX_DIGITS + 10:
            raise _problem(event, path, "number has too many digits", "write large numbers in exponent form, e.g. 1.2e24")
        value = float(text)
        if not math.isfinite(value):
            raise _problem(event, path, f"{text} overflows to infinity", "check the exponent")
        return value
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _problem(event, path, f"{text!r} is not a real calendar date", "use YYYY-MM-DD") from None
    return text


def read(raw: bytes) -> tuple[Document | None, ParseProblem | None]:
    """Parse one file. Returns the document, or the first problem that stops parsing."""
    text, problem = decode(raw)
    if problem:
        return None, problem
    if "\t" in text:
        # YAML forbids tabs in indentation, and libyaml's message for it is cryptic.
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                return None, ParseProblem(number, len(line) - len(stripped) + 1, (),
                                          "tab character used for indentation", "indent with spaces")
    doc = Document()
    try:
        doc.data = _build(_Parser(text), doc)
    except _Abort as abort:
        return None, abort.problem
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        return None, ParseProblem(line, column, (), f"YAML syntax error: {message}",
                                  "check indentation, colons and quotes on this line")
    except yaml.YAMLError as exc:
        return None, ParseProblem(1, 1, (), f"YAML error: {exc}")
    return doc, None


def _build(parser, doc: Document) -> object:
    """Turn the event stream of a single-document file into values, recording marks."""
    nodes = 0
    documents = 0
    result = None
    # Stack entries: [container, path, pending_key, pending_key_event]
    stack: list[list] = []

    def attach(value, event, path):
        nonlocal result
        if not stack:
            result = value
            doc.value_marks[()] = _mark(event)
            return
        top = stack[-1]
        container = top[0]
        if isinstance(container, list):
            child = top[1] + (len(container),)
            container.append(value)
            doc.value_marks[child] = _mark(event)
        elif top[2] is _NO_KEY:
            # value is a mapping key
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise _problem(event, top[1], "mapping keys must be plain text", "write the key as a word, e.g. name:")
            key = str(value)
            if key in container:
                first = doc.key_marks[top[1] + (key,)]
                raise _problem(event, top[1] + (key,), f"duplicate key {key!r} (first given at line {first.line})",
                               "keep one of them: YAML readers silently drop the first")
            top[2] = key
            doc.key_marks[top[1] + (key,)] = _mark(event)
        else:
            child = top[1] + (top[2],)
            container[top[2]] = value
            doc.value_marks[child] = _mark(event)
            top[2] = _NO_KEY

    def child_path():
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], list):
            return top[1] + (len(top[0]),)
        return top[1] + ((top[2],) if top[2] is not _NO_KEY else ())

    while True:
        event = parser.get_event()
        if event is None or isinstance(event, ev.StreamEndEvent):
            break
        if isinstance(event, (ev.StreamStartEvent, ev.DocumentEndEvent)):
            continue
        if isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _problem(event, (), "more than one YAML document in the file", "one record per file: remove the '---' separator")
            continue
        if isinstance(event, ev.AliasEvent):
            raise _problem(event, child_path(), "aliases (*name) are not allowed", "write the value out in full")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _problem(event, child_path(), f"anchors (&{anchor}) are not allowed", "write the value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _problem(event, child_path(), f"YAML tags ({tag}) are not allowed",
                           "remove the tag; values are typed by the schema")
        nodes += 1
        if nodes > MAX_NODES or len(stack) > MAX_DEPTH:
            raise _problem(event, child_path(), "document is too large or too deeply nested",
                           "a record is a flat mapping with short lists")
        if isinstance(event, ev.ScalarEvent):
            path = child_path()
            value = _scalar(event, path)
            if event.style is None and isinstance(value, (int, float)) and not isinstance(value, bool):
                doc.plain_text[path] = event.value
            attach(value, event, path)
        elif isinstance(event, ev.MappingStartEvent):
            if stack and not isinstance(stack[-1][0], list) and stack[-1][2] is _NO_KEY:
                raise _problem(event, stack[-1][1], "mapping keys must be plain text", "write the key as a word, e.g. name:")
            path = child_path()
            value: dict = {}
            attach(value, event, path)
            stack.append([value, path, _NO_KEY])
        elif isinstance(event, ev.SequenceStartEvent):
            if stack and not isinstance(stack[-1][0], list) and stack[-1][2] is _NO_KEY:
                raise _problem(event, stack[-1][1], "mapping keys must be plain text", "write the key as a word, e.g. name:")
            path = child_path()
            value_list: list = []
            attach(value_list, event, path)
            stack.append([value_list, path, _NO_KEY])
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            stack.pop()
    return result


class _NoKey:
    def __repr__(self):
        return "<no key>"


_NO_KEY = _NoKey()
