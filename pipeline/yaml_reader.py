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
import sys
from dataclasses import dataclass, field

import yaml
from yaml import events as ev

try:  # libyaml's parser is ~10x faster; fall back to the pure-Python one.
    from yaml._yaml import CParser as _Parser
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
_NONZERO_MANTISSA = re.compile(r"[-+]?0*\.?0*[1-9]")
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
    value_marks: dict = field(default_factory=dict)  # path -> libyaml mark of the value (0-based; see mark())
    key_marks: dict = field(default_factory=dict)  # path -> libyaml mark of the key
    plain_text: dict = field(default_factory=dict)  # path -> source text of an unquoted scalar

    def mark(self, path: Path, prefer_key: bool = False) -> Mark:
        """The nearest mark for a path, walking up to its parent when it has none."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.key_marks:
                return _as_mark(self.key_marks[path])
            if path in self.value_marks:
                return _as_mark(self.value_marks[path])
            if path in self.key_marks:
                return _as_mark(self.key_marks[path])
            if not path:
                return Mark(1, 1)
            path = path[:-1]


class _Abort(Exception):
    def __init__(self, problem: ParseProblem):
        self.problem = problem


def _as_mark(raw) -> Mark:
    """libyaml's 0-based mark as a 1-based line and column."""
    return Mark(raw.line + 1, raw.column + 1)


def _mark(event) -> Mark:
    return _as_mark(event.start_mark)


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
    bad = _NOT_YAML_PRINTABLE.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        column = bad.start() - (before.rfind("\n") + 1) + 1
        code = ord(bad.group())
        return None, ParseProblem(line, column, (), f"the control character U+{code:04X} is not allowed in a YAML file",
                                  "remove it (a NUL byte often means the file was saved as UTF-16 or is binary)")
    return text, None


# Characters YAML 1.2 does not allow in a stream (its c-printable set, minus what YAML permits).
_NOT_YAML_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


_YAML11_BOOL_WORDS = frozenset("y Y yes Yes YES n N no No NO True TRUE False FALSE on On ON off Off OFF".split())
_NUMERIC_START = frozenset("0123456789+-.")


def _scalar(event, path) -> object:
    """Resolve a scalar the YAML 1.2 core way, rejecting YAML 1.1 traps."""
    text = event.value
    if event.style:  # quoted or block scalar: always a string (plain is None, or '' from libyaml)
        return text
    if not text or text in _NULL:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if text in _YAML11_BOOL_WORDS:
        raise _problem(event, path, f"unquoted {text!r} is a boolean in YAML 1.1 and a string in YAML 1.2",
                       f"quote it ('{text}') if you mean the text, or write true/false")
    if text[0] not in _NUMERIC_START:
        return text  # the common case: plain text
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
        if abs(value) < sys.float_info.min and _NONZERO_MANTISSA.match(text):
            what = "underflows to 0" if value == 0 else "is too small to store exactly"
            raise _problem(event, path, f"{text} {what}", "check the exponent: no catalogue figure is that small")
        return value
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _problem(event, path, f"{text!r} is not a real calendar date", "use YYYY-MM-DD") from None
    return text


def read(raw: bytes, marks: bool = True) -> tuple[Document | None, ParseProblem | None]:
    """Parse one file. Returns the document, or the first problem that stops parsing.

    With marks=False only the values are built (about twice as fast); any problem sends the file
    through the full reader, so what is reported is the same either way."""
    if not marks:
        try:
            text = raw.decode("utf-8")
            if len(raw) <= MAX_FILE_BYTES and not text.startswith("\ufeff") and "\t" not in text:
                return Document(data=_build_values(_Parser(text))), None
        except (UnicodeDecodeError, _Abort, yaml.YAMLError, _Unsupported):
            pass
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


class _Unsupported(Exception):
    """Something the fast path does not handle: the full reader decides."""


def _build_values(parser) -> object:
    """The values only, for the common case of a clean file: no marks, no key paths.

    Anything unusual (an anchor, a tag, a duplicate key, a second document, a YAML 1.1 trap) raises,
    and the caller re-reads the file with `_build` to report it properly."""
    result = None
    stack: list = []  # [container, pending key, is_list]
    get_event = parser.get_event
    scalar_t, map_t, seq_t = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    end_t = (ev.MappingEndEvent, ev.SequenceEndEvent)
    nodes = documents = 0
    while True:
        event = get_event()
        if event is None:
            break
        t = type(event)
        if t is scalar_t:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unsupported
            value = event.value if event.style else _scalar(event, ())
            nodes += 1
        elif t in end_t:
            stack.pop()
            continue
        elif t is map_t or t is seq_t:
            if event.anchor is not None or (event.tag is not None and event.tag != "!") or len(stack) > MAX_DEPTH:
                raise _Unsupported
            value = {} if t is map_t else []
            nodes += 1
        elif t is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unsupported
            continue
        elif t is ev.AliasEvent:
            raise _Unsupported
        else:
            continue
        if nodes > MAX_NODES:
            raise _Unsupported
        if not stack:
            result = value
        else:
            top = stack[-1]
            if top[2]:
                top[0].append(value)
            elif top[1] is _NO_KEY:
                if t is not scalar_t or value.__class__ is not str or value in top[0]:
                    raise _Unsupported  # non-text or duplicate key
                top[1] = value
                continue
            else:
                top[0][top[1]] = value
                top[1] = _NO_KEY
        if t is not scalar_t:
            stack.append([value, _NO_KEY, t is seq_t])
    return result


def _build(parser, doc: Document) -> object:
    """Turn the event stream of a single-document file into values, recording marks.

    This loop runs for every event of every file, so it is written for speed: type dispatch instead of
    isinstance chains, and libyaml's own mark objects stored as they are (converted only for errors)."""
    value_marks, key_marks, plain_text = doc.value_marks, doc.key_marks, doc.plain_text
    result = None
    nodes = documents = 0
    # Stack entries: [container, path, pending key (or _NO_KEY), is_list]
    stack: list[list] = []
    get_event = parser.get_event
    scalar_t, map_t, seq_t = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    end_t = (ev.MappingEndEvent, ev.SequenceEndEvent)
    skip_t = (ev.StreamStartEvent, ev.DocumentEndEvent)
    while True:
        event = get_event()
        t = type(event)
        if event is None or t is ev.StreamEndEvent:
            break
        if t in end_t:
            stack.pop()
            continue
        if t in skip_t:
            continue
        if t is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _problem(event, (), "more than one YAML document in the file", "one record per file: remove the '---' separator")
            continue
        # The path this node will occupy, and whether it is a mapping key.
        if stack:
            top = stack[-1]
            if top[3]:
                path, is_key = top[1] + (len(top[0]),), False
            elif top[2] is _NO_KEY:
                path, is_key = top[1], True
            else:
                path, is_key = top[1] + (top[2],), False
        else:
            top, path, is_key = None, (), False
        if t is ev.AliasEvent:
            raise _problem(event, path, "aliases (*name) are not allowed", "write the value out in full")
        if event.anchor is not None:
            raise _problem(event, path, f"anchors (&{event.anchor}) are not allowed", "write the value out in full")
        if event.tag is not None and event.tag != "!":
            raise _problem(event, path, f"YAML tags ({event.tag}) are not allowed", "remove the tag; values are typed by the schema")
        nodes += 1
        if nodes > MAX_NODES or len(stack) > MAX_DEPTH:
            raise _problem(event, path, "document is too large or too deeply nested", "a record is a flat mapping with short lists")
        if t is scalar_t:
            value = _scalar(event, path)
            if is_key:
                if value.__class__ not in (str, int):
                    raise _problem(event, path, "mapping keys must be plain text", "write the key as a word, e.g. name:")
                key = str(value)
                if key in top[0]:
                    first = _as_mark(key_marks[top[1] + (key,)])
                    raise _problem(event, top[1] + (key,), f"duplicate key {key!r} (first given at line {first.line})",
                                   "keep one of them: YAML readers silently drop the first")
                top[2] = key
                key_marks[top[1] + (key,)] = event.start_mark
                continue
            if not event.style and value.__class__ in (int, float):
                plain_text[path] = event.value
        elif t is map_t or t is seq_t:
            if is_key:
                raise _problem(event, path, "mapping keys must be plain text", "write the key as a word, e.g. name:")
            value = {} if t is map_t else []
        else:  # pragma: no cover - libyaml emits no other event types
            continue
        # Attach the value to its parent.
        value_marks[path] = event.start_mark
        if top is None:
            result = value
        elif top[3]:
            top[0].append(value)
        else:
            top[0][top[2]] = value
            top[2] = _NO_KEY
        if t is not scalar_t:
            stack.append([value, path, _NO_KEY, t is seq_t])
    return result


class _NoKey:
    def __repr__(self):
        return "<no key>"


_NO_KEY = _NoKey()
