"""Incremental check and database: after an edit, the answer must be exactly what a full run gives.

Small fixture catalogue only (each database build takes about a second)."""

from __future__ import annotations

import gc
import json
import re
import time
from pathlib import Path

import duckdb
import pytest
from conftest import VALID, copy_catalog
from pipeline.database import build_database
from pipeline.load import load
from pipeline.release import DatasetInfo

INFO = DatasetInfo("1.0.0", "2026-11-25", None)


def _problems(cat) -> list[str]:
    return [p.plain() for p in cat.problems + cat.warnings]


def _summary(cat) -> dict:
    return {kind: {i: e.record.model_dump() for i, e in entries.items()} for kind, entries in cat.entries.items()}


def test_cached_check_gives_the_same_answer_and_still_runs_cross_record_rules(tmp_path):
    catalog, cache = copy_catalog(VALID, tmp_path), tmp_path / ".cache" / "check.pickle"
    cold = load(catalog, display_base=tmp_path)
    first = load(catalog, display_base=tmp_path, cache=cache)
    assert cache.is_file() and _problems(first) == _problems(cold) == []
    warm = load(catalog, display_base=tmp_path, cache=cache)
    assert _summary(warm) == _summary(cold) and warm.files_read == cold.files_read

    # A file the cache has never seen, referring to a model that is not there: a cross-record problem found
    # although every other file comes from the cache.
    base = catalog / "models/acme/base-1b.yaml"
    base.write_text(base.read_text().replace("name: ", "name: X", 1))
    student = catalog / "models/acme/student-1b.yaml"
    student.write_text(student.read_text().replace("base_model: acme/base-1b", "base_model: acme/base-2b"))
    edited = load(catalog, display_base=tmp_path, cache=cache)
    assert _problems(edited) == _problems(load(catalog, display_base=tmp_path))
    assert any("'acme/base-2b' does not exist" in p for p in _problems(edited))

    # Removing a record breaks the files that name it: found with every remaining file cached.
    student.write_text(student.read_text().replace("acme/base-2b", "acme/base-1b"))
    (catalog / "scores/acme/base-1b.yaml").unlink()
    base.unlink()
    gone = load(catalog, display_base=tmp_path, cache=cache)
    assert _problems(gone) == _problems(load(catalog, display_base=tmp_path)) != []

    # A broken file is reported from the cache exactly as when it was read (same line and column).
    base.write_text("name: [unclosed\n")
    once = _problems(load(catalog, display_base=tmp_path, cache=cache))
    assert once == _problems(load(catalog, display_base=tmp_path, cache=cache)) == _problems(load(catalog, display_base=tmp_path))


def _rows(database: Path) -> dict[str, list]:
    """Every table's and view's rows, sorted (row order inside a table is not part of its meaning)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() union all "
                                           "select view_name from duckdb_views() where not internal").fetchall()]
        return {name: sorted(map(repr, con.execute(f'select * from "{name}"').fetchall())) for name in sorted(names)}
    finally:
        con.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_incremental_database_equals_a_full_build(tmp_path):
    """One score edit, then one model edit, each built on the previous build and compared with a full build
    of the same records: every table's and view's rows, the database file and every export byte for byte."""
    catalog = copy_catalog(VALID, tmp_path)
    inc = tmp_path / "inc"
    build_database(load(catalog), inc / "catalog.duckdb", inc / "exports", INFO)
    first = json.loads((inc / "changes.json").read_text())
    assert first["full"] and first["records"]["models"]["added"]

    for kind, record, old, new in [("scores", "acme/base-1b", "value: 40", "value: 41.5"),
                                   ("models", "acme/student-1b", "total_params_b: 1\n", "total_params_b: 1.5\n")]:
        path = catalog / kind / f"{record}.yaml"
        path.write_text(path.read_text().replace(old, new))
        cat = load(catalog)
        changes = build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)
        full = tmp_path / f"full-{kind}"
        build_database(cat, full / "catalog.duckdb", full / "exports", INFO)

        assert _rows(inc / "catalog.duckdb") == _rows(full / "catalog.duckdb")
        assert (inc / "catalog.duckdb").read_bytes() == (full / "catalog.duckdb").read_bytes()
        assert _files(inc / "exports") == _files(full / "exports")
        assert json.loads((inc / "changes.json").read_text()) == changes
        assert not changes["full"] and changes["records"][kind]["changed"] == [record]
        assert kind in changes["tables"] and "gpus" not in changes["tables"]
        assert "gpus" not in changes["relations"], "a relation that reads no changed table is copied"
        assert kind in changes["relations"]

    # Other code (here: a state written by another version) or another catalogue date: everything again.
    state = json.loads((inc / "db-state.json").read_text())
    assert build_database(cat, inc / "catalog.duckdb", None, INFO, previous=inc)["tables"] == []
    state["fingerprint"] = "from another version of the code"
    (inc / "db-state.json").write_text(json.dumps(state))
    assert build_database(cat, inc / "catalog.duckdb", None, INFO, previous=inc)["full"]
    assert build_database(cat, inc / "catalog.duckdb", None, DatasetInfo("1.0.0", "2026-11-26", None),
                          previous=inc)["full"], "the date is in every Parquet file's metadata"


def test_a_table_whose_records_are_unchanged_is_the_previous_file_and_a_tampered_one_is_never_inserted(tmp_path):
    """pipeline/row_cache.py: after a score edit the gpus table's NDJSON is the previous build's file (linked, not
    written again) while the scores table is put together anew; a kept file whose bytes no longer match its index
    (here: a planted row) is never inserted: every record is flattened again and the database equals a full build."""
    import os

    catalog = copy_catalog(VALID, tmp_path)
    inc, full = tmp_path / "inc", tmp_path / "full"
    build_database(load(catalog), inc / "catalog.duckdb", inc / "exports", INFO)
    kept = inc / "db-rows"
    gpus_before = (kept / "gpus.ndjson").stat().st_ino

    score = catalog / "scores/acme/base-1b.yaml"
    score.write_text(score.read_text().replace("value: 40", "value: 41.5"))
    cat = load(catalog)
    build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)
    assert (kept / "gpus.ndjson").stat().st_ino == gpus_before, "an unchanged table's file is kept, not rewritten"
    assert b"41.5" in (kept / "scores.ndjson").read_bytes()
    build_database(cat, full / "catalog.duckdb", full / "exports", INFO)
    assert (inc / "catalog.duckdb").read_bytes() == (full / "catalog.duckdb").read_bytes()

    # A planted row in a kept file (the index still says the file is unchanged): never inserted.
    planted = kept / "gpus.ndjson"
    text = planted.read_text()
    os.unlink(planted)  # a new file, not the one the other build folders link to
    planted.write_text(text + text.splitlines(keepends=True)[0].replace('"gpu_id": "', '"gpu_id": "planted-'))
    score.write_text(score.read_text().replace("value: 41.5", "value: 42"))
    cat = load(catalog)
    build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)
    build_database(cat, full / "catalog.duckdb", full / "exports", INFO)
    assert b"planted-" not in (kept / "gpus.ndjson").read_bytes()
    assert (inc / "catalog.duckdb").read_bytes() == (full / "catalog.duckdb").read_bytes()
    assert _files(inc / "exports") == _files(full / "exports")


def test_kept_rows_holding_other_line_breaks_are_put_together_exactly(tmp_path):
    """A record whose text holds line breaks JSON leaves unescaped (U+2028, U+2029 in a note): its NDJSON line is still
    one line, and a table put together again from the previous file after another record's edit equals a full build."""
    catalog = copy_catalog(VALID, tmp_path)
    model = catalog / "models/acme/base-1b.yaml"
    text = model.read_text()
    model.write_text(text + 'note: "a note\\u2028over\\u2029lines"\n')
    inc, full = tmp_path / "inc", tmp_path / "full"
    cat = load(catalog)
    assert not cat.problems, _problems(cat)
    build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO)
    assert "\u2028" in (inc / "db-rows" / "models.ndjson").read_text(encoding="utf-8")
    other = catalog / "models/acme/student-1b.yaml"
    other.write_text(other.read_text().replace("total_params_b: 1\n", "total_params_b: 1.5\n"))
    cat = load(catalog)
    build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)
    build_database(cat, full / "catalog.duckdb", full / "exports", INFO)
    assert (inc / "catalog.duckdb").read_bytes() == (full / "catalog.duckdb").read_bytes()
    con = duckdb.connect(str(inc / "catalog.duckdb"), read_only=True)
    assert con.execute("select note from models where model_id = 'acme/base-1b'").fetchone()[0] == "a note\u2028over\u2029lines"


def test_a_file_unchanged_by_its_stat_is_not_read_and_any_write_is_seen(tmp_path, monkeypatch):
    """A file whose size, times, inode and device are as recorded is not read again; a file written again with the
    same size and its modification time put back is still read (its change time moved), and its new problem
    found. STABLE_NS set so that every file counts as stable (else files copied just now are always hashed)."""
    import os

    from pipeline import check_cache

    monkeypatch.setattr(check_cache, "STABLE_NS", -10**15)
    catalog, cache = copy_catalog(VALID, tmp_path), tmp_path / "cache.pickle"
    assert _problems(load(catalog, display_base=tmp_path, cache=cache)) == []
    hashed = []
    real = check_cache._digest
    monkeypatch.setattr(check_cache, "_digest", lambda path: hashed.append(path.name) or real(path))
    assert _problems(load(catalog, display_base=tmp_path, cache=cache)) == [] and hashed == []

    model = catalog / "models/acme/base-1b.yaml"
    before, text = model.stat(), model.read_text()
    changed = text.replace("total_params_b: 1\n", "total_params_b: x\n")
    assert changed != text and len(changed) == len(text)
    model.write_text(changed)
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert model.stat().st_size == before.st_size and model.stat().st_mtime_ns == before.st_mtime_ns
    problems = _problems(load(catalog, display_base=tmp_path, cache=cache))
    assert hashed == ["base-1b.yaml"] and any("total_params_b" in p for p in problems), problems


def test_check_of_one_changed_file_is_fast_with_the_cache(tmp_path):
    """The cached path costs no more than a fraction of a cold read of the same catalogue (measured in one
    process, so start-up and imports are left out: `build.py check` adds about 0.2 s to both)."""
    catalog, cache = copy_catalog(VALID, tmp_path), tmp_path / "cache.pickle"
    for i in range(300):  # enough files that reading them all is measurable
        (catalog / "sources" / f"extra-{i}.yaml").write_text(
            (catalog / "sources" / "src-a.yaml").read_text().replace("src-a.schema", "src-a.schema"))
    load(catalog, cache=cache)
    # The collector paused: a pause for what earlier tests left on the heap (tens of milliseconds after a real
    # build) would otherwise land in whichever of the two short runs it happened to hit.
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        load(catalog)
        cold = time.perf_counter() - start
        model = catalog / "models/acme/base-1b.yaml"
        model.write_text(model.read_text() + "# edited\n")
        start = time.perf_counter()
        load(catalog, cache=cache)
        warm = time.perf_counter() - start
    finally:
        gc.enable()
    assert warm < cold / 2, (warm, cold)


def test_a_state_made_elsewhere_is_never_reused(tmp_path, monkeypatch):
    """Outputs and a matching state planted under build/ (a pull request can force-add ignored paths, and a
    deterministic build's state is easy to compute) are not reused: the state carries a hash of a key only
    this user's cache folder holds (pipeline/local_key.py)."""
    from pipeline import local_key

    catalog = copy_catalog(VALID, tmp_path)
    inc = tmp_path / "inc"
    cat = load(catalog)
    build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO)
    assert not build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)["full"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    local_key.build_token.cache_clear()
    try:
        assert build_database(cat, inc / "catalog.duckdb", inc / "exports", INFO, previous=inc)["full"]
    finally:
        local_key.build_token.cache_clear()


def test_check_caches_of_catalogues_that_are_gone_are_removed(tmp_path, monkeypatch):
    """Each cache file names its catalogue folder in its first line; writing a whole cache removes the caches beside
    it whose catalogue is gone or that name none (an earlier format's), so temporary catalogues do not fill the
    user's cache folder. The cache of a catalogue that is still there stays, and is still used."""
    import shutil

    folder = tmp_path / "user-cache"
    kept, gone = copy_catalog(VALID, tmp_path / "kept"), copy_catalog(VALID, tmp_path / "gone")
    load(kept, cache=folder / "check-kept.pickle")
    load(gone, cache=folder / "check-gone.pickle")
    (folder / "check-gone.pickle.delta").write_bytes(b"a delta")
    (folder / "check-old.pickle").write_bytes(b"\x80\x05 an earlier format's pickle, no first line")
    (folder / "check-orphan.pickle.delta").write_bytes(b"a delta without its cache")
    (folder / "build-key").write_bytes(b"not a check cache")
    assert (folder / "check-kept.pickle").read_bytes().split(b"\n", 1)[0] == json.dumps(str(kept)).encode()
    shutil.rmtree(gone)
    third = copy_catalog(VALID, tmp_path / "third")
    load(third, cache=folder / "check-third.pickle")
    assert sorted(p.name for p in folder.iterdir()) == ["build-key", "check-kept.pickle", "check-third.pickle"]
    import pipeline.load

    read = []
    real = pipeline.load._load_file
    monkeypatch.setattr(pipeline.load, "_load_file", lambda *args: read.append(args) or real(*args))
    assert _problems(load(kept, cache=folder / "check-kept.pickle")) == [] and read == []  # every result cached


def test_a_keyed_cache_folder_keeps_its_newest_entries_only(tmp_path, monkeypatch):
    """user_cache.keep in a folder keyed by code fingerprints keeps the KEPT_ENTRIES newest keys (all files of a
    key together) and removes older ones; files at the cache folder's top (the build key) are never pruned."""
    import os

    from pipeline import user_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for n in range(user_cache.KEPT_ENTRIES + 3):
        for suffix in ("duckdb", "relations.json"):
            path = user_cache.directory("schema", f"key{n:02d}.{suffix}")
            user_cache.keep(path, b"x")
            os.utime(path, (1_000_000 + n, 1_000_000 + n))
    user_cache.keep(user_cache.directory("build-key"), b"k")
    user_cache.keep(user_cache.directory("schema", "key99.duckdb"), b"newest")
    keys = sorted({p.name.split(".")[0] for p in user_cache.directory("schema").iterdir()})
    assert keys == [f"key{n:02d}" for n in range(4, user_cache.KEPT_ENTRIES + 3)] + ["key99"]
    assert len(list(user_cache.directory("schema").glob("key10.*"))) == 2
    assert user_cache.directory("build-key").read_bytes() == b"k"


def test_the_check_cache_is_kept_outside_the_checkout():
    """It is a pickle (reading one runs code): a file a pull request could add must never be one."""
    import build

    root = Path(build.__file__).resolve().parent
    assert root not in build.check_cache_path(root / "catalog").resolve().parents


def test_reading_the_check_cache_leaves_the_garbage_collector_as_it_found_it(monkeypatch):
    """The cache is unpickled with the collector paused (pipeline/check_cache.py): the same objects come back, the
    collector is on again afterwards only if it was on before, and what was read is frozen only in a process that
    ends with the build (pipeline/lifetime.py), never in one that goes on, like this test session."""
    import gc
    import pickle

    from pipeline import check_cache, lifetime

    data = {"fingerprint": "x", "entries": [{"id": n, "fields": list(range(5))} for n in range(1000)]}
    frozen = gc.get_freeze_count()
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert check_cache._unpickled(pickle.dumps(data)) == data
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert gc.get_freeze_count() == frozen
    monkeypatch.setattr(lifetime, "SHORT_LIVED", True)
    try:
        assert check_cache._unpickled(pickle.dumps(data)) == data
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()


def _tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {rel: data for rel, data in _files(folder).items() if not rel.startswith(skip)}


def test_incremental_build_equals_a_full_build_after_each_kind_of_edit(tmp_path, monkeypatch, capsys):
    """`build.py` (check, db, site through stage_all) on top of the previous build, compared with a full build of the
    same catalogue in an empty folder: the database, every export and every file of the site are the same bytes,
    and the incremental build did reuse pages (else this would prove nothing). First a model's name, a score and a
    source's title edited and a model file added; then all of it undone (the file removed), which must give exactly
    the first full build. Four builds of the tiny fixture, in-process."""
    import shutil

    import build

    monkeypatch.setenv("DL_TIMINGS", "1")
    catalog = copy_catalog(VALID, tmp_path)

    def run(out: Path) -> str:
        cat = build.stage_check(catalog)
        assert cat is not None
        capsys.readouterr()
        assert build.stage_all(cat, out / "build", out / "public", catalog)
        return capsys.readouterr().err

    def same(inc: Path, full: Path, what: str) -> None:
        for sub, skip in (("build/exports", ()), ("public", ()), ("build/docs", (".dl-site-state.json", ".dl-vega-memo.json"))):
            assert _tree(inc / sub, skip) == _tree(full / sub, skip), (what, sub)
        assert (inc / "build/catalog.duckdb").read_bytes() == (full / "build/catalog.duckdb").read_bytes(), what

    first, inc = tmp_path / "full-first", tmp_path / "inc"
    (first / "build").mkdir(parents=True)
    (first / "build" / "db-rows.json").write_text("{}")  # what a build before the db-rows folder kept
    run(first)
    assert (first / "build" / "db-rows" / "index.json").is_file(), "the rows of each record are kept for the next build"
    assert not (first / "build" / "db-rows.json").exists(), "an earlier format's row cache is removed"
    shutil.copytree(first, inc)
    model, score, source = (catalog / "models/acme/base-1b.yaml", catalog / "scores/acme/base-1b.yaml",
                            catalog / "sources/src-a.yaml")
    added = catalog / "models/acme/added-2b.yaml"
    originals = {path: path.read_text() for path in (model, score, source)}
    model.write_text(originals[model].replace("name: Base 1B", "name: Base 1B Edited"))
    added.write_text(originals[model].replace("name: Base 1B", "name: Added 2B"))
    score.write_text(originals[score].replace("value: 40", "value: 41.5"))
    source.write_text(originals[source].replace("title: A test source", "title: A test source, edited"))

    timings = run(inc)
    changes = json.loads((inc / "build" / "changes.json").read_text())
    assert not changes["full"] and changes["records"]["models"] == {"added": ["acme/added-2b"], "changed": ["acme/base-1b"],
                                                                     "removed": []}
    assert "'reused': 0," not in timings.split("rendering", 1)[1], timings  # MkDocs reused pages
    kept = re.search(r"'fragments_reused': (\d+)", timings)  # tables and charts kept on pages made again
    assert kept and int(kept.group(1)) >= 1, timings
    edited = tmp_path / "full-edited"
    shutil.copytree(inc / "build" / "cache", edited / "build" / "cache")  # Vega bundles: a cache, not an output
    run(edited)
    same(inc, edited, "edited and added")

    added.unlink()
    for path, text in originals.items():
        path.write_text(text)
    timings = run(inc)
    assert json.loads((inc / "build" / "changes.json").read_text())["records"]["models"]["removed"] == ["acme/added-2b"]
    assert "'reused': 0}" not in timings.split("pages", 1)[1].split("rendering")[0], timings  # pages copied
    same(inc, first, "undone, the added file removed")


def test_a_forked_build_writes_the_csv_files_while_the_site_is_built_and_gives_a_full_builds_bytes(tmp_path):
    """`build.py` in a fresh process (so the database stage is forked): the site stage starts once the database and
    the Parquet files are written, while the forked process writes the CSV files, their archive and the descriptors
    (build.py finish_database), and the downloads they stand in for are put in place before the build is. After an
    edit, an incremental build is a full build's bytes: the exports, the site, the generated Markdown; and every
    download of the site is the export's own file, linked, never an empty stand-in."""
    import os
    import shutil

    from conftest import run_build

    catalog = copy_catalog(VALID, tmp_path)
    inc, full = tmp_path / "inc", tmp_path / "full"

    def built(out: Path, **env: str) -> str:
        os.environ.update(env)
        try:
            result = run_build("--catalog", str(catalog), "--out", str(out))
        finally:
            for key in env:
                del os.environ[key]
        assert result.returncode == 0, result.stderr
        return result.stderr

    built(inc)
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text().replace("name: Base 1B", "name: Base 1B Edited"))
    (catalog / "models/acme/added-2b.yaml").write_text(model.read_text().replace("name: Base 1B Edited", "name: Added 2B"))
    timings = built(inc, DL_TIMINGS="1")
    # The CSV files are written once the database stage has handed over to the site stage (its `db` step ended):
    # while the site is prepared and built, not before it may start.
    step = {m.group(1): (float(m.group(3)) - float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"(?m)^step (.+?) ([0-9.]+) \(ends at ([0-9.]+)\)$", timings)}
    finished = "db: checks and the exports written from Parquet"
    assert finished in step and "db" in step, timings
    assert "wait for the database stage" in step, "the database stage was forked and waited for at the end"
    # (Each time is printed to the millisecond: a step's start, its end less its length, is within 2 ms.)
    assert step[finished][0] >= step["db"][1] - 0.002, "the CSV files are written after the site stage may start"
    shutil.copytree(inc / "build" / "cache", full / "build" / "cache")  # Vega bundles: a cache, not an output
    built(full, DL_INCREMENTAL="0", DL_CHECK_CACHE="0")
    for sub, skip in (("build/exports", ()), ("public", ()), ("build/docs", (".dl-site-state.json", ".dl-vega-memo.json"))):
        assert _tree(inc / sub, skip) == _tree(full / sub, skip), sub
    # The exports written in one go, as `build.py db` writes them (in this process: nothing is forked), are the same.
    import build

    at_once = tmp_path / "at-once"
    assert build.stage_db(build.stage_check(catalog), at_once / "catalog.duckdb", at_once / "exports", catalog=catalog)
    assert _tree(at_once / "exports") == _tree(inc / "build/exports")
    exports, downloads = inc / "build/exports", inc / "public/data/downloads"
    names = [p.relative_to(exports).as_posix() for p in exports.rglob("*") if p.is_file() and p.name != "data-dictionary.md"]
    assert "csv/models.csv" in names and "catalog-csv.zip" in names and "manifest.json" in names
    for name in names:
        assert (downloads / name).stat().st_ino == (exports / name).stat().st_ino, name
        assert (inc / "build/docs/data/downloads" / name).stat().st_ino == (exports / name).stat().st_ino, name
    manifest = json.loads((exports / "manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json"}
    assert not [p.name for p in tmp_path.rglob(".*") if not p.name.startswith(".dl-")], "nothing left aside"


_FAILING_LATE = """
import sys
sys.path.insert(0, sys.argv[1])
import build
from pipeline import database, export

def finish(self, directory):
    (directory / "csv" / "half-written.csv").write_text("a")
    raise OSError(28, "No space left on device (a test)")

if sys.argv[2] == "csv":
    export.PendingExports.finish = finish
else:
    database.run_checks = lambda con, exports=None: ["check every_model_has_a_name failed: a test"]
sys.exit(build.main(sys.argv[3:]))
"""


@pytest.mark.parametrize("failing, message", [("csv", "could not write its outputs: [Errno 28] No space left on device"),
                                              ("checks", "check every_model_has_a_name failed: a test")])
def test_a_failure_in_the_database_stage_while_the_site_is_built_leaves_the_previous_build(tmp_path, failing, message):
    """The database's checks and the CSV files, archive and descriptors are done while the site is built (in the
    forked database stage, pipeline/database.py Pending): if either fails, the build fails like any other stage, with
    the reason and no traceback, and build/ and public/ are the previous build's, byte for byte, with nothing left
    beside them."""
    import subprocess
    import sys

    from conftest import ROOT, run_build

    catalog = copy_catalog(VALID, tmp_path)
    out = tmp_path / "out"
    assert run_build("--catalog", str(catalog), "--out", str(out)).returncode == 0
    before = _files(out)
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text().replace("name: Base 1B", "name: Base 1B Edited"))
    result = subprocess.run([sys.executable, "-c", _FAILING_LATE, str(ROOT), failing, "--catalog", str(catalog),
                             "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "database ok" not in result.stdout
    assert "nothing was replaced" in result.stderr and "Traceback" not in result.stderr
    assert _files(out) == before
    assert not [p.name for p in out.rglob(".*") if not p.name.startswith(".dl-")], "nothing left aside"


_TOLD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline.forking import Forked

def work(tell, size):
    tell("x" * size)  # larger than a pipe holds: the parent reads it while the child waits
    time.sleep(0.3)
    return "done"

def fails(tell):
    raise ValueError("before telling")

started = time.perf_counter()
job = Forked(work, 1 << 20, told=True)
told = job.told()
at_told = time.perf_counter() - started
out = {"told": len(told), "early": at_told < 0.25, "result": job.result()}
job = Forked(fails, told=True)
out["failed_told"] = job.told()
try:
    job.result()
except ValueError as exc:
    out["raised"] = str(exc)
out["never_asked"] = Forked(work, 10, told=True).result()  # the child's tell() must not block on an unread pipe
print(json.dumps(out))
"""


def test_a_forked_process_hands_over_a_value_early_and_goes_on():
    """pipeline/forking.Forked(told=True): told() returns what the child handed over while it goes on working;
    result() then waits for its end. A child that fails first tells nothing (None) and its error is raised by
    result(); a child whose parent never asks is not blocked. In a fresh process: this one has threads."""
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run([sys.executable, "-c", _TOLD, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"told": 1 << 20, "early": True, "result": "done", "failed_told": None,
                                         "raised": "before telling", "never_asked": "done"}


def test_folders_of_unchanged_pages_are_moved_into_the_new_site_not_copied(tmp_path, monkeypatch, capsys):
    """A model page of another organisation is unchanged by an edit: its folder of the site is moved from the
    previous site into the new one (the same file, not a link made and the old one deleted), by `build.py` and by
    `build.py site` alone, and the site is still the bytes of a full build."""
    import re
    import shutil

    import build

    monkeypatch.setenv("DL_TIMINGS", "1")
    catalog = copy_catalog(VALID, tmp_path)
    model = catalog / "models/acme/base-1b.yaml"
    other = catalog / "models/zeta/other-1b.yaml"
    other.parent.mkdir()
    other.write_text(model.read_text().replace("name: Base 1B", "name: Zeta Other 1B"))
    out, page = tmp_path / "inc", "public/models/zeta/other-1b/index.html"

    original = model.read_text()

    def edit_and_build(n: int, stages) -> str:
        model.write_text(original.replace("name: Base 1B", f"name: Base 1B Edit{n}"))
        cat = build.stage_check(catalog)
        assert cat is not None
        capsys.readouterr()
        assert stages(cat)
        return capsys.readouterr().err

    def site_alone(cat) -> bool:
        return build.stage_db(cat, out / "build/catalog.duckdb", out / "build/exports", catalog=catalog) and \
            build.stage_site(out / "build/catalog.duckdb", out / "build/exports", out / "public")

    edit_and_build(1, lambda cat: build.stage_all(cat, out / "build", out / "public", catalog))
    theme_file = next((out / "public/assets/javascripts").glob("bundle.*.min.js"))  # one of Material's own
    for n, stages in ((2, lambda cat: build.stage_all(cat, out / "build", out / "public", catalog)), (3, site_alone)):
        inode, theme_inode = (out / page).stat().st_ino, theme_file.stat().st_ino
        templates = {name: (out / "public" / name).stat().st_ino for name in ("404.html", "sitemap.xml", "sitemap.xml.gz")}
        timings = edit_and_build(n, stages)
        # The same layout and pages: the 404 page and the sitemap are the previous site's files, not rendered again.
        assert templates == {name: (out / "public" / name).stat().st_ino for name in templates}, n
        moved = re.search(r"'moved_whole': (\d+)", timings)
        assert moved and int(moved.group(1)) >= 1, timings
        assert (out / page).stat().st_ino == inode, "the unchanged page's file was moved, not made again"
        assert theme_file.stat().st_ino == theme_inode, "the theme's static file was linked from the previous site"
        ours = "assets/js/charts.js"  # a static file the build put in docs/: linked from there, not copied
        assert (out / "public" / ours).stat().st_ino == (out / "build/docs" / ours).stat().st_ino
        full = tmp_path / f"full-{n}"
        shutil.copytree(out / "build" / "cache", full / "build" / "cache")  # Vega bundles: a cache, not an output
        assert build.stage_all(build.stage_check(catalog), full / "build", full / "public", catalog)
        assert _tree(out / "public") == _tree(full / "public"), n
        assert not [p.name for p in out.rglob(".*") if not p.name.startswith(".dl-")], "nothing left aside"


def test_the_previous_model_page_folders_are_kept_empty_for_the_next_build_and_never_carry_a_file(tmp_path, capsys):
    """`build.py` keeps the replaced build's model page folders, emptied, for the next build to take instead of making
    them (page_reuse.keep_empty_folders); the folder of them holds no file, a folder with one planted in it is never
    taken, the Markdown and the site are still a full build's, and a failed build changes no file."""
    import hashlib
    import shutil

    import build
    from publish.page_reuse import SPARE_FOLDERS

    catalog, out = copy_catalog(VALID, tmp_path), tmp_path / "inc"
    args = ["all", "--catalog", str(catalog), "--out", str(out)]
    assert build.main(args) == 0
    assert build.main(args) == 0
    spare = out / "build" / SPARE_FOLDERS
    assert sorted(p.name for p in spare.iterdir()) == sorted(p.name for p in (out / "build/docs/models").iterdir()
                                                            if p.is_dir())
    assert not [p for p in spare.rglob("*") if not p.is_dir()]
    (spare / "acme" / "planted.md").write_text("# Planted\n")
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text().replace("name: Base 1B", "name: Base 1B Renamed"))
    assert build.main(args) == 0
    assert not (out / "build/docs/models/acme/planted.md").exists() and not list(out.rglob("planted*"))
    full = tmp_path / "full"
    shutil.copytree(out / "build" / "cache", full / "build" / "cache")
    assert build.main(["all", "--catalog", str(catalog), "--out", str(full)]) == 0
    assert _tree(out / "build/docs", (".dl-",)) == _tree(full / "build/docs", (".dl-",))
    assert _tree(out / "public") == _tree(full / "public")
    assert not [p for p in spare.rglob("*") if not p.is_dir()]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
    model.write_text(model.read_text().replace("total_params_b: 1\n", "total_params_b: -1\n"))
    assert build.main(args) == 1
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()} == before
    capsys.readouterr()


def test_model_page_folders_made_ahead_are_used_and_those_left_empty_are_removed(tmp_path, capsys):
    """The site stage's folder made while the database is built (SiteAhead) holds the previous build's model page
    folders already; after an organisation's only model is removed, its folder is not left behind empty: the
    generated Markdown is the same tree, folders included, as a full build's."""
    import shutil

    import build
    from publish.site import SiteAhead, build_site

    catalog = copy_catalog(VALID, tmp_path)
    other = catalog / "models/zeta/other-1b.yaml"
    other.parent.mkdir()
    other.write_text((catalog / "models/acme/base-1b.yaml").read_text().replace("name: Base 1B", "name: Zeta Other 1B"))
    out = tmp_path / "inc"
    assert build.stage_all(build.stage_check(catalog), out / "build", out / "public", catalog)
    shutil.rmtree(other.parent)
    assert build.stage_db(build.stage_check(catalog), out / "build/catalog.duckdb", out / "build/exports", catalog=catalog)
    ahead = SiteAhead(build.ROOT, out / "build", previous_docs=out / "build/docs")
    assert {p.name for p in ahead.made} == {"acme", "zeta"}
    build_site(build.ROOT, out / "build/catalog.duckdb", out / "build/exports", out / "public", ahead=ahead)
    full = tmp_path / "full"
    shutil.copytree(out / "build" / "cache", full / "build" / "cache")
    assert build.stage_all(build.stage_check(catalog), full / "build", full / "public", catalog)
    capsys.readouterr()

    def folders(docs: Path) -> list[str]:
        return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_dir())

    assert not (out / "build/docs/models/zeta").exists()
    assert folders(out / "build/docs") == folders(full / "build/docs")
    assert _tree(out / "build/docs", (".dl-",)) == _tree(full / "build/docs", (".dl-",))


def test_a_page_is_reused_on_its_queries_results_only_when_every_query_was_seen():
    """Query-result reuse (publish/incremental.py): the same rows give the same digests; other rows, or a query the
    recorder did not see (con.sql), never compare equal."""
    from publish import incremental

    con = duckdb.connect()
    con.execute("create table t as select * from (values (1, 'a'), (2, 'b')) v(id, name)")
    page = incremental.Recorder(con)
    assert page.execute("select name from t where id = ?", [1]).fetchall() == [("a",)]
    recorded = incremental.query_digests(con, page)
    assert recorded and incremental.same_results(con, recorded)
    con.execute("update t set name = 'c' where id = 2")
    assert incremental.same_results(con, recorded), "the row it read is unchanged"
    con.execute("update t set name = 'z' where id = 1")
    assert not incremental.same_results(con, recorded)
    untracked = incremental.Recorder(con)
    untracked.table("t").fetchall()  # (con.sql is shadowed: Recorder.sql is the list of SQL seen)
    assert incremental.query_digests(con, untracked) is None
    writes = incremental.Recorder(con)
    writes.execute("create temp table u as select 1")
    assert incremental.query_digests(con, writes) is None, "only read-only queries are run again"


def test_a_recorded_query_is_not_run_again_only_when_nothing_it_reads_changed():
    """QueryInputs (publish/incremental.py): a query is compared without being run when every table it reads, and
    every view it reads from its export, has the previous build's hash; a view read from its export stops the walk
    down the definitions, other views and macros are followed to their tables. Anything else runs it again."""
    from publish import incremental

    deps = incremental.Dependencies({"models": "", "scores": "", "metadata": "",
                                     "stg_models": "select * from models",
                                     "audit": "select * from stg_models join scores using (model_id)",
                                     "best": "select * from audit", "named": "select name from models",
                                     "of_model": "select * from scores where model_id = id"},
                                    ["models", "scores", "metadata"])
    before = {"models": "m1", "scores": "s1", "audit": "a1", "best": "b1"}
    after = {**before, "models": "m2"}  # a model's name edited: the audit's export came out the same
    replaced = {"audit", "best"}
    inputs = incremental.QueryInputs(deps, replaced, after, {"hashes": before, "replaced": sorted(replaced)})
    assert inputs.unchanged("select * from audit where ratio > 2")
    assert inputs.unchanged("select * from best join scores using (model_id)")
    assert inputs.unchanged("select * from of_model('a/b')"), "a macro is followed to what it reads"
    assert not inputs.unchanged("select * from audit join models using (model_id)"), "reads the changed table"
    assert not inputs.unchanged("select * from stg_models"), "an internal view is followed to its table"
    assert not inputs.unchanged("select * from named"), "as is a view not read from its export"
    assert not inputs.unchanged("select * from metadata"), "a table without an export never compares equal"
    assert not inputs.unchanged("select 1"), "a query that reads no relation (a constant, the clock) is run"
    for previous in (None, {}, {"hashes": before}, {"hashes": before, "replaced": ["audit"]}):
        assert not incremental.QueryInputs(deps, replaced, after, previous).unchanged("select * from audit"), previous

    # same_results skips the queries whose inputs are unchanged, and runs the others.
    class Counting:
        def __init__(self) -> None:
            self.runs: list[str] = []

        def execute(self, sql, params=None):
            self.runs.append(sql)
            raise duckdb.CatalogException("nothing here: a query run is a query refused")

    counting = Counting()
    kept = [["select * from audit", [], "digest-1"], ["select * from best", [], "digest-2"]]
    assert incremental.same_results(counting, kept, {}, inputs.unchanged) and counting.runs == []
    assert not incremental.same_results(counting, [*kept, ["select * from stg_models", [], "d"]], {}, inputs.unchanged)
    assert counting.runs == ["select * from stg_models"]


def test_a_known_result_is_handed_to_the_recorder_as_if_the_query_had_run():
    """KnownResults (publish/incremental.py): a query whose inputs are unchanged and which the page recorded with
    the same parameters is not run; the recorder holds it with its previous digest, as a run would have left it.
    Changed inputs, other parameters, a connection that is not a recorder, or an untracked one: run it."""
    from publish import incremental

    deps = incremental.Dependencies({"facts": "", "models": ""}, ["facts", "models"])
    before = {"facts": "f1", "models": "m1"}
    inputs = incremental.QueryInputs(deps, set(), {**before, "models": "m2"}, {"hashes": before, "replaced": []})
    sql = "select * from facts where record_id between ? and ?"
    known = incremental.KnownResults(inputs, [[sql, ["a", "z"], "digest-f"], ["select * from models", [], "digest-m"]])
    con = duckdb.connect()
    recorder = incremental.Recorder(con)
    assert known.skip(recorder, sql, ["a", "z"])
    assert recorder.sql == [sql] and recorder.queries == [(sql, ["a", "z"], "digest-f")]
    assert incremental.query_digests(con, recorder) == [[sql, ["a", "z"], "digest-f"]]
    assert not known.skip(recorder, sql, ["a", "m"]), "other parameters: not recorded then"
    assert not known.skip(recorder, "select * from models", []), "its input changed"
    assert not known.skip(con, sql, ["a", "z"]), "a bare connection keeps no record"
    untracked = incremental.Recorder(con)
    untracked.table  # noqa: B018 - reaching around the recorder
    assert not known.skip(untracked, sql, ["a", "z"])
    assert len(recorder.queries) == 1
    # skip_all (the model pages' dollars section, read by several queries): every query known, or none recorded.
    other = incremental.Recorder(con)
    assert not known.skip_all(other, [(sql, ["a", "z"]), ("select * from models", [])])
    assert other.queries == [] and other.sql == []
    assert known.skip_all(other, [(sql, ["a", "z"])]) and other.queries == [(sql, ["a", "z"], "digest-f")]
    assert other.untracked() is con


class _Counting:
    """A DuckDB connection, counting the queries run on it."""

    def __init__(self, con) -> None:
        self.con, self.runs = con, 0

    def execute(self, sql, params=None):
        self.runs += 1
        return self.con.execute(sql, params)


def test_the_rows_of_a_query_found_changed_are_handed_to_the_page_made_next_not_run_again():
    """SeenResults (publish/incremental.py): same_results runs a recorded query, finds its rows changed and keeps
    them; the page then made runs that query first and its recorder takes those rows (the same rows and digest a run
    gives) without running it again. Only once, only for the same query and parameters, and never after the
    connection may have changed."""
    from publish import incremental

    con = duckdb.connect()
    con.execute("create table t as select * from (values (1, 'a'), (2, 'b')) v(id, name)")
    sql = "select name from t where id <= ? order by id"
    recorded = [[sql, [2], "a digest of other rows"]]

    counting, seen = _Counting(con), incremental.SeenResults()
    assert not incremental.same_results(counting, recorded, seen) and counting.runs == 1
    page = incremental.Recorder(counting, seen)
    assert page.execute(sql, [2]).fetchall() == [("a",), ("b",)] and counting.runs == 1, "the kept rows, not a run"
    fresh = incremental.Recorder(con)
    fresh.execute(sql, [2]).fetchall()
    assert page.queries == fresh.queries, "the same digest as a run"
    assert page.execute(sql, [2]).fetchall() == [("a",), ("b",)] and counting.runs == 2, "handed once"
    assert not incremental.same_results(counting, [[sql, [1], "other"]], seen) and counting.runs == 3
    assert page.execute(sql, [2]).fetchall() and counting.runs == 4, "other parameters: run"
    assert not incremental.same_results(counting, [[sql, [1], "x"]], seen) and counting.runs == 4, "digest seen"
    assert not incremental.same_results(counting, [[sql, [2], "y"]], seen) and counting.runs == 4
    seen.keep((sql, "[2]"), [("name", "VARCHAR")], [("stale",)], "d")
    page.execute("create table u (x int)")  # a write: what came before is forgotten, the kept rows too
    assert page.execute(sql, [2]).fetchall() == [("a",), ("b",)] and counting.runs == 6
    few = incremental.SeenResults()
    few.KEEP_ROWS = 1  # a result larger than this is digested as it streams, not kept
    assert not incremental.same_results(counting, recorded, few) and counting.runs == 7
    assert incremental.Recorder(counting, few).execute(sql, [2]).fetchall() == [("a",), ("b",)] and counting.runs == 8


def test_a_query_two_pages_ran_is_run_again_once_and_never_after_the_connection_may_have_changed():
    """same_results' `seen` (publish/incremental.py): the digest a page's recorder took, or an earlier comparison,
    answers a later comparison of the same query and parameters without running it; a statement that may change
    the connection (a write, or code reaching around the recorder) forgets every digest taken before it."""
    from publish import incremental

    con = duckdb.connect()
    con.execute("create table t as select * from (values (1, 'a'), (2, 'b')) v(id, name)")
    seen: dict = {}
    page = incremental.Recorder(con, seen)
    page.execute("select name from t where id = ?", [1]).fetchall()
    recorded = incremental.query_digests(con, page)
    assert list(seen) == [("select name from t where id = ?", "[1]")]

    counting = _Counting(con)
    assert incremental.same_results(counting, recorded, seen) and counting.runs == 0, "the recorder's digest answers"
    incremental.same_results(counting, [[recorded[0][0], [1.0], recorded[0][2]]], seen)
    assert counting.runs == 1, "1.0 is another parameter than 1: run"
    con.execute("update t set name = 'z' where id = 1")  # what the build never does; seen is not told
    assert incremental.same_results(counting, recorded, seen), "a read-only connection's answer is kept"
    writer = incremental.Recorder(con, seen)
    writer.execute("create temp table u as select 1")
    assert seen == {}, "a write forgets every digest"
    assert not incremental.same_results(con, recorded, seen)
    page.execute("select name from t where id = ?", [2]).fetchall()
    around = incremental.Recorder(con, seen)
    around.table("t")
    assert seen == {}, "code reaching around the recorder forgets every digest"


def test_query_rows_as_dicts_give_dates_as_iso_text_and_every_other_value_as_it_came():
    """figures.records: only columns whose type can hold a date or time are looked at value by value; the dicts
    are what a conversion of every value gives, keys in column order, the later of two same-named columns kept."""
    from publish.figures import records

    con = duckdb.connect()
    sql = """select 'a' as v, 1 as i, 1.5 as d, 2.5::double as f, true as b, [1, 2] as l, 3::hugeint as h,
                    date '2024-01-02' as day, timestamp '2024-01-02 10:00' as ts, time '10:00' as tm,
                    {'x': date '2024-01-01'} as s, null::date as nd, 7 as v, date '2024-03-04' as i"""
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    every_value = [{n: (v.isoformat() if hasattr(v, "isoformat") else v) for n, v in zip(names, row)}
                   for row in cursor.fetchall()]
    got = records(con, sql)
    assert got == every_value and [list(r) for r in got] == [list(r) for r in every_value]
    assert got[0]["day"] == "2024-01-02" and got[0]["ts"] == "2024-01-02T10:00:00" and got[0]["v"] == 7
    assert got[0]["i"] == "2024-03-04" and got[0]["nd"] is None


def test_pages_that_may_link_to_a_removed_page_are_rendered_again(tmp_path):
    from publish.incremental import may_link_to_removed

    (tmp_path / "models" / "acme").mkdir(parents=True)
    (tmp_path / "models" / "acme" / "b.md").write_text('<a href="../gone-1b/">x</a>')
    (tmp_path / "models" / "acme" / "c.md").write_text("nothing")
    # Every way a page links to another: each of these pages is rendered again.
    links = ["[x](gone-1b.md)", "[x](../gone-1b/)", "[x](gone-1b.md#a)", "[x](<gone-1b.md>)", '[x](gone-1b.md "t")',
             "[id]: gone-1b.md", "<a href='gone-1b.html'>", '<a href="../acme/gone-1b">', "see gone-1b", "gone-1b"]
    # A mention of the record's file, or a longer name that starts or ends with it: not a link to the page.
    others = ["`catalog/models/acme/gone-1b.yaml`", "gone-1b-instruct", "[x](not-gone-1b/)", "gone-1bx"]
    for i, text in enumerate(links + others):
        (tmp_path / "models" / "acme" / f"p{i}.md").write_text(f"before {text}" if i % 2 else text)
    pages = [f"models/acme/p{i}.md" for i in range(len(links) + len(others))]
    now = ["models/acme/b.md", "models/acme/c.md", *pages]
    assert may_link_to_removed(tmp_path, now + ["models/acme/gone-1b.md"], now) == {"models/acme/b.md", *pages[:len(links)]}
    assert may_link_to_removed(tmp_path, now, now + ["models/acme/new.md"]) == set()


def test_a_table_or_chart_is_kept_only_when_its_own_queries_return_the_same_rows():
    """publish/fragments.py: of a page's two blocks, the one whose query returns the same rows is the previous build's
    text (not made again) and its query is in the page's record as if it had run; the other is made again; a block
    that reached the database around the recorder is never kept."""
    from publish import incremental, vega_compile
    from publish.fragments import Fragments, marked_blocks
    from publish.raw_blocks import mark

    con = duckdb.connect()
    con.execute("create table t as select * from (values (1, 'a'), (2, 'b')) v(id, name)")
    vega_compile.memo = vega_compile.Memo({})

    class Files:
        used: set = set()

    def page(fragments: Fragments, made: list) -> str:
        def block(row_id: int):
            def generate() -> str:
                made.append(row_id)
                return f"<div>{fragments.recorder.execute('select name from t where id = ?', [row_id]).fetchall()}</div>\n"
            return generate
        return "\n".join(mark(fragments.make("table", f"t{n}", block(n))) for n in (1, 2))

    first = Fragments(con, incremental.Recorder(con), Files(), None, None, None)
    made: list = []
    text = page(first, made)
    assert made == [1, 2] and marked_blocks(text) == ["<div>[('a',)]</div>", "<div>[('b',)]</div>"]
    con.execute("update t set name = 'c' where id = 2")
    recorder = incremental.Recorder(con)
    again = Fragments(con, recorder, Files(), json.loads(json.dumps(first.now)), marked_blocks(text), {})
    made = []
    assert marked_blocks(page(again, made)) == ["<div>[('a',)]</div>", "<div>[('c',)]</div>"]
    assert made == [2] and again.reused == 1
    assert [q[1] for q in recorder.queries] == [[1], [2]], "the kept block's query is in the page's record"
    assert incremental.query_digests(con, recorder) is not None

    untracked = Fragments(con, incremental.Recorder(con), Files(), None, None, None)
    untracked.make("table", "t", lambda: str(untracked.recorder.table("t").fetchall()))
    assert untracked.now == [None], "what it read around the recorder cannot be compared: never kept"
    assert marked_blocks("[//]: # (dl&raw)\n<div>\n") is None, "markers that do not pair: nothing to keep"
