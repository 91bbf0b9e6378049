"""catalog/**/*.yaml -> validated records, or every problem found, each with file:line:column.

Reading never raises on bad input: every defect becomes a Problem, and the caller decides
what to do with them (`build.py check` prints them all and exits 1)."""

from __future__ import annotations

import concurrent.futures
import difflib
import functools
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import yaml_reader
from .fields import leaves
from .plausibility import file_problems
from .problems import WARNING, Problem, key_path
from schemas.records import KINDS, KindSpec
from schemas.records.common import ID_RE, Quantity, Record
from .rules import cross_record_problems

SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="


@dataclass
class Entry:
    kind: str
    id: str
    file: str  # relative to the repository root, forward slashes
    record: Record | None  # None for a file that failed validation (kept so its references are still checked)
    raw: bytes = field(repr=False, default=b"")
    _doc: yaml_reader.Document | None = field(repr=False, default=None)
    refs: list = field(repr=False, default_factory=list)
    """(key path, kind, id) of every reference written in the file, read from its raw values."""
    skip: tuple = field(repr=False, default=())
    """Key paths that already have a problem: rules that run later say nothing more about them."""

    def __getstate__(self):
        # Marks are re-read on demand: they are not shipped to or from worker processes or kept in the cache.
        return {**self.__dict__, "_doc": None}

    @property
    def doc(self) -> yaml_reader.Document:
        """Values with line/column marks, read again on demand: only files with a problem need them."""
        if self._doc is None or not self._doc.value_marks:
            self._doc, _ = yaml_reader.read(self.raw, marks=True)
        return self._doc


@dataclass
class Catalogue:
    root: Path
    entries: dict[str, dict[str, Entry]] = field(default_factory=lambda: {k: {} for k in KINDS})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Problems of severity 'warning': printed by `check`, but they do not stop the build."""
    files_read: int = 0
    unvalidated: list[Entry] = field(default_factory=list)
    """Files that parsed but failed validation: their references are still checked, in the same run."""
    invalid: dict[str, set] = field(default_factory=lambda: {k: set() for k in KINDS})
    """Ids whose file exists but failed to validate: references to them are not reported again."""

    def counts(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in self.entries.items()}

    def get(self, kind: str, id_: str) -> Record | None:
        entry = self.entries[kind].get(id_)
        return entry.record if entry else None


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def load(catalog_dir: Path, display_base: Path | None = None, cache: Path | None = None,
         after_forks=None) -> Catalogue:
    """Read and validate a whole catalogue directory.

    With `cache` (a file path; `build.py check` passes one in the user cache directory, outside the checkout), each file's own result
    (parse, validation, plausibility) is kept keyed by the hash of its bytes, and only files whose bytes
    changed are read again; the cross-record rules and pins always run on the whole catalogue.
    `after_forks()`: called as soon as no worker process will be forked (a thread makes a fork unsafe): before the
    files are read when there are too few of them for workers (PARALLEL_FROM), else once they are read; always
    before the rules."""
    catalog_dir = Path(catalog_dir)
    base = display_base or catalog_dir.parent
    cat = Catalogue(root=catalog_dir)
    tasks: list[tuple[KindSpec, Path, Path]] = []
    if not catalog_dir.is_dir():
        cat.problems.append(Problem(_display(catalog_dir, base), 1, 1, "", "catalogue directory not found"))
        return cat
    for child in sorted(catalog_dir.iterdir()):
        shown = _display(child, base)
        if child.name in ("README.md",):
            continue
        if child.name.startswith("."):
            cat.problems.append(_hidden(child, shown))
        elif child.is_symlink():
            cat.problems.append(Problem(shown, 1, 1, "", "symbolic links are not allowed in catalog/", "commit the file itself"))
        elif child.is_dir() and child.name in KINDS:
            tasks.extend(_files_of_kind(KINDS[child.name], child, cat.problems, base))
        else:
            cat.problems.append(Problem(shown, 1, 1, "", f"unexpected entry in catalog/",
                                        f"records go in one of: {', '.join(KINDS)}"))
    early = after_forks is not None and not _parallel(len(tasks))  # fewer to read than tasks: no worker either
    if early:
        after_forks()
    keep = _read_files(cat, tasks, base, catalog_dir, cache)
    if after_forks is not None and not early:
        after_forks()
    cat.problems.extend(cross_record_problems(cat))
    keep()  # after the rules: the cache also keeps the name skeletons they computed
    from .pins import PINS_FILE, pin_problems

    pins_path = catalog_dir.parent / PINS_FILE
    cat.problems.extend(pin_problems(cat, pins_path, _display(pins_path, base)))
    cat.warnings = sorted(p for p in cat.problems if not p.is_error)
    cat.problems = sorted(p for p in cat.problems if p.is_error)
    return cat


def _hidden(path: Path, shown: str) -> Problem:
    """A hidden entry is never read, so a broken record could hide there: say so rather than skip it."""
    if path.is_dir() or path.suffix in (".yaml", ".yml"):
        return Problem(shown, 1, 1, "", "hidden file or directory: names starting with '.' are never read",
                       "rename it without the leading dot, or delete it")
    return Problem(shown, 1, 1, "", "hidden file in catalog/ is ignored", "delete it (only .yaml records belong here)",
                   WARNING)


def _files_of_kind(spec: KindSpec, kind_dir: Path, problems: list, base: Path) -> list:
    tasks = []
    for dirpath, dirnames, filenames in os.walk(kind_dir, followlinks=False):
        dirnames.sort()
        keep = []
        for name in dirnames:
            path = Path(dirpath) / name
            if os.path.islink(path):
                tasks.append((spec, kind_dir, path))
            elif name.startswith("."):
                problems.append(_hidden(path, _display(path, base)))
            elif name.endswith((".yaml", ".yml")):
                # Otherwise catalog/models/acme.yaml/x.yaml would become the id 'acme.yaml/x'.
                problems.append(Problem(_display(path, base), 1, 1, "", "a directory is named like a record file",
                                        f"rename the directory (ids come from folder names: {name!r} would become "
                                        "part of every id under it), or move the file up"))
            else:
                keep.append(name)
        dirnames[:] = keep
        tasks.extend((spec, kind_dir, Path(dirpath) / name) for name in sorted(filenames))
    return tasks


PARALLEL_FROM = 2000
"""Files from which reading is split across processes: parsing is CPU-bound and files are independent."""


@dataclass
class FileResult:
    """What reading one file adds to the catalogue: kept per file so that unchanged files need no re-reading."""
    problems: list = field(default_factory=list)
    entry: Entry | None = None  # a record that validated
    unvalidated: Entry | None = None  # a record that parsed but failed validation
    counted: str | None = None  # the kind, when the file counts as read (its id is then 'invalid' until it validates)
    id: str | None = None


READ_CHUNK = 250
"""Files a worker reads before handing their results back."""


def _parallel(count: int) -> int:
    """Worker processes for `count` files to read: 0 for reading in this process."""
    workers = min(os.cpu_count() or 1, 8)
    if count < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return workers


def _read_files(cat: Catalogue, tasks: list, base: Path, catalogue: Path, cache: Path | None = None):
    """Read every file (or take its result from the cache); returns what load() needs to update the cache.
    `catalogue`: the folder read, which the cache names (pipeline/check_cache.py)."""
    from . import check_cache
    from .forking import fork_is_safe

    found = check_cache.lookup(cache, tasks, base) if cache is not None and check_cache.enabled() else None
    results: dict[Path, FileResult] = dict(found.stored) if found else {}
    todo = [task for task in tasks if task[2] not in results]
    # A process with threads is never forked (pipeline/forking.py); the order below does not depend on it.
    workers = _parallel(len(todo)) if fork_is_safe() else 0
    if not workers:
        for spec, kind_dir, path in todo:
            results[path] = _load_file(spec, kind_dir, path, base)
    else:
        # Small chunks, not one per worker: a worker holds only its current chunk's records (a half of the
        # catalogue per worker at once was a third of `check`'s peak memory at 1,000x), and results arrive as made.
        chunks = [todo[i:i + READ_CHUNK] for i in range(0, len(todo), READ_CHUNK)]
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_read_chunk, chunks, [base] * len(chunks)):
                results.update(part)
    for _, _, path in tasks:
        _apply(cat, results[path])
    if _parallel(len(tasks)):  # the same order as a parallel read always had (sorted by id)
        for kind in cat.entries:
            cat.entries[kind] = dict(sorted(cat.entries[kind].items()))
    return (lambda: check_cache.store(cache, found, results, base, catalogue)) if found else (lambda: None)


def _apply(cat: Catalogue, result: FileResult) -> None:
    cat.problems.extend(result.problems)
    if result.counted:
        cat.files_read += 1
        if result.entry is None:
            cat.invalid[result.counted].add(result.id)
    if result.entry is not None:
        cat.entries[result.entry.kind][result.entry.id] = result.entry
    if result.unvalidated is not None:
        cat.unvalidated.append(result.unvalidated)


def _read_chunk(tasks: list, base: Path) -> dict:
    part = {}
    for spec, kind_dir, path in tasks:
        part[path] = _load_file(spec, kind_dir, path, base)  # Entry.__getstate__ leaves the marks behind
    return part


def _load_file(spec: KindSpec, kind_dir: Path, path: Path, base: Path) -> FileResult:
    shown = _display(path, base)
    result = FileResult()
    problems = result.problems
    if path.name.startswith("."):
        problems.append(_hidden(path, shown))
        return result
    if path.is_symlink():
        problems.append(Problem(shown, 1, 1, "", "symbolic links are not allowed in catalog/", "commit the file itself"))
        return result
    if path.suffix != ".yaml":
        problems.append(Problem(shown, 1, 1, "", "only .yaml files belong in catalog/",
                                "rename it to end in .yaml (not .yml), or move it out"))
        return result
    rel = path.relative_to(kind_dir).with_suffix("").as_posix()
    segments = rel.split("/")
    if not ID_RE.match(rel) or len(segments) != spec.depth:
        shape = "/".join(["org", "name"][: spec.depth]) if spec.depth == 2 else "name"
        problems.append(Problem(shown, 1, 1, "", f"file name {rel!r} is not a valid {spec.name} id",
                                f"ids are lowercase kebab-case, shaped {shape}: e.g. catalog/{spec.name}/{spec.example_id}.yaml"))
        return result
    result.counted, result.id = spec.name, rel  # invalid until it validates
    try:
        size = path.stat().st_size
        if size > yaml_reader.MAX_FILE_BYTES:
            problems.append(Problem(shown, 1, 1, "", f"file is {size:,} bytes; the limit is {yaml_reader.MAX_FILE_BYTES:,}",
                                    "a record is small: split it or remove what does not belong"))
            return result
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read file: {exc.strerror}"))
        return result
    doc, parse_problem = yaml_reader.read(raw, marks=False)
    if parse_problem:
        problems.append(Problem(shown, parse_problem.line, parse_problem.column, key_path(parse_problem.path),
                                parse_problem.message, parse_problem.hint))
        return result
    if doc.data is None:
        problems.append(Problem(shown, 1, 1, "", "file is empty", f"start from the template: python build.py new {spec.name} {rel}"))
        return result
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, 1, "", "a record must be a mapping of keys to values",
                                "write key: value lines at the top level"))
        return result
    expected_line = schema_line(spec.name, rel)
    first_line = raw.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    if first_line != expected_line:
        what = "points at the wrong schema" if first_line.startswith(SCHEMA_LINE_PREFIX) else "is not the editor schema line"
        problems.append(Problem(shown, 1, 1, "", f"the first line {what}", f"make the first line: {expected_line}"))
    refs = [(leaf.path, leaf.target, leaf.value) for leaf in leaves(spec.record, doc.data) if leaf.kind == "ref"]
    implausible = file_problems(spec.name, spec.record, doc.data)
    found: list[Problem] = []
    try:
        record = spec.record.model_validate(doc.data)
    except ValidationError as exc:
        doc, _ = yaml_reader.read(raw, marks=True)
        found = _validation_problems(shown, doc, exc, spec.record)
        record = None
    except (ValueError, TypeError, RecursionError) as exc:  # defensive: never let a record crash the run
        problems.append(Problem(shown, 1, 1, "", f"record could not be validated: {exc}"))
        return result
    entry = Entry(spec.name, rel, shown, record, raw, doc if record is None else None, refs)
    # One problem per mistake: a value the schema already rejected is not reported again as implausible.
    taken = {p.key for p in found}
    for path, message, hint, severity in implausible:
        key = key_path(path)
        if any(key == t or key.startswith(t + ".") or t.startswith(key + ".") for t in taken if t):
            continue
        mark = entry.doc.mark(path)
        found.append(Problem(shown, mark.line, mark.column, key, message, hint, severity))
        taken.add(key)
    problems.extend(found)
    entry.skip = tuple(sorted(taken))
    if record is None:
        result.unvalidated = entry
        return result
    result.entry = entry
    return result


def schema_line(kind: str, record_id: str) -> str:
    depth = record_id.count("/") + 2  # catalog/<kind>/<id segments>
    return f"{SCHEMA_LINE_PREFIX}{'../' * depth}schemas/json/{kind}.schema.json"


# ---------------------------------------------------------------------------- pydantic -> Problem


def _data_path(data, loc) -> tuple:
    """Keep the parts of a pydantic location that index the data (drop union and validator tags)."""
    path = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part.startswith(("function-", "json-or-python")) \
                and "[" not in part and part[:1].islower():
            path.append(part)  # a missing key: keep it so the message can name it
            node = None
    return tuple(path)


def _fields_at(record_cls: type[BaseModel], path: tuple) -> list[str]:
    """Field names allowed at a path, for 'did you mean' on unknown keys."""
    cls = record_cls
    for part in path:
        if isinstance(part, int) or cls is None:
            continue
        field_info = cls.model_fields.get(part)
        if field_info is None:
            return []
        cls = _model_in(field_info.annotation)
    return list(cls.model_fields) if cls else []


def _model_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found:
            return found
    return None


def _validation_problems(shown: str, doc, exc: ValidationError, record_cls) -> list[Problem]:
    out: dict[tuple, Problem] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(doc.data, err["loc"])
        message, hint, prefer_key = _explain(err, doc, path, record_cls)
        if err["type"] == "value_error" and isinstance(_get(doc.data, path), dict):
            # A rule about the whole record or mapping: point at the key its message starts with.
            first_word = message.split(" ", 1)[0]
            if first_word in _fields_at(record_cls, path):
                path = path + (first_word,)
        missing = err["type"] == "missing"
        mark = doc.mark(path[:-1] if missing else path, prefer_key=prefer_key)
        problem = Problem(shown, mark.line, mark.column, key_path(path), message, hint)
        out.setdefault((problem.line, problem.key, problem.message), problem)
    return list(out.values())


def _get(data, path):
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _explain(err: dict, doc, path: tuple, record_cls) -> tuple[str, str, bool]:
    """A contributor-facing message and hint for one pydantic error."""
    kind = err["type"]
    given = err.get("input")
    raw = doc.plain_text.get(path)
    if kind == "missing":
        name = path[-1] if path else "?"
        return f"required key {name!r} is missing", f"add '{name}: ...' (see CONTRIBUTING.md for the template)", True
    if given is None and kind not in ("extra_forbidden", "value_error"):
        return "no value given", "fill it in (the comment on the template line says what goes there)", False
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        allowed = _fields_at(record_cls, path[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else (f"allowed keys here: {', '.join(allowed)}" if allowed else "remove it")
        return f"unknown key {name!r}", hint, True
    if kind == "string_type":
        if isinstance(given, bool):
            return "expected text, got a boolean", "quote the value, e.g. 'yes'", False
        if isinstance(given, (int, float)):
            shown = raw if raw is not None else repr(given)
            return f"expected text, got the number {shown}", f"quote it: '{shown}'", False
        if hasattr(given, "isoformat"):
            return "expected text, got a date", f"quote it: '{given.isoformat()}'", False
        return "expected text", "", False
    if kind in ("float_type", "int_type", "int_from_float", "float_parsing", "int_parsing", "bool_type"):
        expected = {"float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
                    "int_parsing": "a whole number", "int_from_float": "a whole number", "bool_type": "true or false"}[kind]
        if isinstance(given, str):
            return f"expected {expected}, got text {given!r}", "remove the quotes" if _numeric(given) else "", False
        if isinstance(given, bool):
            return f"expected {expected}, got a boolean", "", False
        return f"expected {expected}, got {given!r}", "", False
    if kind == "model_type" and err.get("ctx", {}).get("class_name") == "Quantity":
        hint = "remove the quotes" if isinstance(given, str) and _numeric(given) else "write e.g. 8.2, or {value: 8.2, source: <source-id>}"
        return "expected a number, or a mapping with value: and source:", hint, False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys to values", "write key: value lines indented under this key", False
    if kind == "list_type":
        return "expected a list", "write items as '- item' lines, or [a, b]", False
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return "expected a date", "write YYYY-MM-DD, unquoted", False
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{given!r} is not allowed here", f"use one of {expected}", False
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^https"):
            return f"{given!r} is not an https URL", "links must start with https://", False
        return f"{given!r} is not a valid id", "ids are lowercase kebab-case, e.g. qwen/qwen3-8b", False
    if kind in ("string_too_long", "string_too_short", "too_short", "too_long"):
        return err["msg"].replace("String should", "text should").replace("List should", "list should"), "", False
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"])), "", False
    if kind == "dict_type" or kind == "assertion_error":
        return err["msg"], "", False
    if kind == "finite_number":
        return "number must be finite", "", False
    return err["msg"][0].lower() + err["msg"][1:], "", False


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def quantities(obj, path=()):
    """Every (key path, Quantity) inside a record, in field order."""
    if isinstance(obj, Quantity):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in _quantity_fields(type(obj)):
            yield from quantities(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from quantities(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from quantities(item, path + (key,))


@functools.lru_cache(maxsize=None)
def _quantity_fields(cls) -> tuple[str, ...]:
    """Fields of a record class that can hold a Quantity (directly or nested): the rest need no walk."""
    return tuple(name for name, info in cls.model_fields.items() if _may_hold_quantity(info.annotation, set()))


def _may_hold_quantity(annotation, seen: set) -> bool:
    if annotation is Quantity:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return False
        seen.add(annotation)
        return any(_may_hold_quantity(f.annotation, seen) for f in annotation.model_fields.values())
    return any(_may_hold_quantity(arg, seen) for arg in getattr(annotation, "__args__", ()) or ()
               if not isinstance(arg, (str, int, float)))
