#!/usr/bin/env python3
"""distill-ledger's one entry point: a thin sequence of stages.

    python build.py check          validate catalog/ and report every problem
    python build.py db             check, then write build/catalog.duckdb and exports
    python build.py site           build the static site from build/catalog.duckdb into public/
    python build.py [all]          check, db and site
    python build.py serve          serve public/ on http://127.0.0.1:8000
    python build.py schema         regenerate schemas/json/*.schema.json from the record classes
    python build.py new KIND ID    write a ready-to-fill record file from its template
    python build.py diff GIT_REF   Markdown summary of records and derived figures changed since GIT_REF
    python build.py import NAME …  write records from a published table (`build.py import --help` lists them)
    python build.py changelog      regenerate CHANGELOG.md from git (schema and data changes per release)
    python build.py release        check, db, CHANGELOG.md, then build/release/<version>/: the versioned bundle

Each stage writes to a temporary path and renames it into place, so a failed stage leaves
the last good outputs untouched. Exit codes: 0 success, 1 catalogue or build problems, 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CATALOG = ROOT / "catalog"
BUILD = ROOT / "build"
DATABASE = BUILD / "catalog.duckdb"
EXPORTS = BUILD / "exports"
PUBLIC = ROOT / "public"

sys.path.insert(0, str(ROOT))

import pipeline.timings  # noqa: E402,F401 - its clock starts here: DL_TIMINGS says when each step ends


def check_cache_path(catalog: Path) -> Path:
    """Where `check` keeps its per-file results: in the user's cache directory, outside the checkout, because
    the cache is a pickle and a pickle runs code when read — a file a pull request could add (even under an
    ignored path) must never be one we unpickle. One cache per catalogue directory."""
    from pipeline.user_cache import directory

    key = hashlib.sha256(str(catalog.resolve()).encode()).hexdigest()[:16]
    return directory(f"check-{key}.pickle")


def stage_check(catalog: Path = CATALOG, cache: Path | None = None, after_forks=None):
    """`after_forks()`: called once the check will fork no worker process, before its cross-record rules run."""
    from pipeline.load import load

    # cache: each file's own result keyed by its bytes (pipeline/check_cache.py); cross-record rules always run.
    cat = load(catalog, display_base=catalog.parent, cache=cache, after_forks=after_forks)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    # Every part of a problem is escaped when printed (pipeline/problems.py): one problem, one line.
    for problem in sorted(cat.problems + cat.warnings):
        print(problem.github() if github else problem.plain(), file=sys.stderr)
    warned = f" and {len(cat.warnings)} warning(s)" if cat.warnings else ""
    if cat.problems:
        print(f"{len(cat.problems)} problem(s){warned} in {cat.files_read} file(s); nothing was built.", file=sys.stderr)
        return None
    counts = ", ".join(f"{n} {kind}" for kind, n in cat.counts().items())
    print(f"catalogue ok: {counts}" + (f" ({len(cat.warnings)} warning(s) above)" if cat.warnings else ""))
    return cat


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def previous_build(database: Path, previous: Path | None = None) -> Path | None:
    """The folder of the last build the database stage reuses from (default: the database's own); None when
    DL_INCREMENTAL=0 asks for everything to be computed."""
    if os.environ.get("DL_INCREMENTAL", "1") == "0":
        return None
    return previous if previous is not None else database.parent


def database_ahead(database: Path, into: list, previous: Path | None = None):
    """after_forks for stage_check: the database stage's schema file and connection, made while the catalogue is
    checked (pipeline/database.py DatabaseAhead), appended to `into`."""
    def start() -> None:
        from pipeline.database import DatabaseAhead

        into.append(DatabaseAhead(database, cached=previous_build(database, previous) is not None))
    return start


def stage_db(cat, database: Path = DATABASE, exports: Path = EXPORTS, shown: Path | None = None,
             catalog: Path = CATALOG, previous: Path | None = None, pending: list | None = None,
             ahead=None) -> bool:
    """`previous`: the folder of the last build (default: the database's own), whose exports are copied for
    relations whose tables did not change (pipeline/incremental.py). DL_INCREMENTAL=0 computes them all.
    `pending`: a list that receives what the database stage leaves once the database and its Parquet files are in
    place (pipeline/database.py Pending: the checks, the exports written from the Parquet files), for the caller to
    finish with finish_database; else it is done here. `ahead`: what database_ahead made (DatabaseAhead)."""
    from pipeline.database import BuildError, build_database
    from pipeline.release import ReleaseError, dataset_info

    previous = previous_build(database, previous)
    try:
        build_database(cat, database, exports, dataset_info(catalog), previous, release_catalogue=True, pending=pending,
                       ahead=ahead)
    except ReleaseError as exc:  # schemas/VERSION is not MAJOR.MINOR.PATCH
        print(str(exc), file=sys.stderr)
        return False
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return False
    except OSError as exc:  # a full disk, a read-only folder: the previous outputs are kept
        print(f"database stage could not write its outputs: {exc}", file=sys.stderr)
        return False
    if pending is None:
        print(f"database ok: {_shown(shown or database)}")
    return True


def finish_database(pending: list, shown: Path) -> bool:
    """What stage_db left (pipeline/database.py Pending: the checks, then the CSV files, their archive and the
    descriptors, written from the Parquet files)."""
    import duckdb

    from pipeline.database import BuildError
    from pipeline.timings import step

    try:
        with step("db: checks and the exports written from Parquet"):
            for later in pending:
                later.finish()
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return False
    except (OSError, duckdb.Error) as exc:
        print(f"database stage could not write its outputs: {exc}", file=sys.stderr)
        return False
    print(f"database ok: {_shown(shown)}")
    return True


def stage_site(database: Path = DATABASE, exports: Path = EXPORTS, public: Path = PUBLIC, shown: Path | None = None,
               previous: tuple[Path, Path] | None = None, moves: list | None = None, ahead=None,
               coming: list[str] | None = None) -> bool:
    """`previous`: (build folder holding docs/, public folder) of the last build, when the new site is built
    elsewhere (stage_all's staging folder). `moves`: a list that receives the (from, to) moves of unchanged
    folders the caller makes from the previous site into the new one when it puts the build in place. `ahead`:
    the site's working folder and configuration, made while the database was built (publish/site.py SiteAhead).
    `coming`: the exports still being written (publish/site.py put_coming_downloads)."""
    import inspect

    from publish.site import SiteError, build_site

    # What the database stage says changed and where the last build is, for a site builder that can rebuild
    # only the affected pages; one that cannot is called exactly as before. Each keyword is passed only if
    # build_site has it (the interface agreed with the site's side: changes.json beside the database).
    accepts = inspect.signature(build_site).parameters
    extra = {"changes": database.parent / "changes.json"} if "changes" in accepts else {}
    if previous is not None and "previous" in accepts:
        extra["previous"] = previous
    if moves is not None and "moves" in accepts:
        extra["moves"] = moves
    if ahead is not None and "ahead" in accepts:
        extra["ahead"] = ahead
    if coming:
        extra["coming"] = coming
    try:
        build_site(ROOT, database, exports, public, **extra)
    except SiteError as exc:
        print(str(exc), file=sys.stderr)
        return False
    print(f"site ok: {_shown(shown or public)}")
    return True


def stage_all(cat, build_dir: Path, public: Path, catalog: Path = CATALOG) -> bool:
    """Database, exports and site built side by side in a staging folder, then moved into place together:
    if any stage fails, the previous build/ and public/ are both left exactly as they were.

    `cat` None: the catalogue is checked and the database built in a forked child (where a fork is safe), so the
    site stage runs in a process that never held the catalogue. Freed, its objects would still keep most of their
    memory (Python's allocator returns an arena only when every object in it is gone): at 1,000x the site stage
    would start 500 MB up, and the build's peak would be the sum of the two stages, not the larger."""
    import shutil
    import tempfile

    from pipeline.atomic import replace_together
    from pipeline.background import InThread
    from pipeline.forking import Forked, fork_is_safe
    from pipeline.lifetime import keep_to_the_end
    from pipeline.timings import step

    created = not build_dir.exists()
    build_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=build_dir))
    try:
        database, exports = staging / "catalog.duckdb", staging / "exports"
        if (build_dir / "cache").is_dir():  # the site's cached Vega bundle: reuse, not rebuild
            # Hard links where possible: cache files are replaced whole (os.replace), never edited in place.
            from pipeline.atomic import link_or_copy

            shutil.copytree(build_dir / "cache", staging / "cache", copy_function=link_or_copy)
        pending: list = []  # what the database stage leaves to do while the site is built (finish_database)
        job = None  # the forked process checking the catalogue and building the database

        def database_stage(tell=None) -> int:
            opened: list = []  # the database's schema file and connection, made while the catalogue is checked
            with step("check"):
                checked = cat if cat is not None else stage_check(
                    catalog, check_cache_path(catalog), database_ahead(database, opened, build_dir))
            if checked is None:
                for made in opened:
                    made.discard()
                return CHECK_FAILED
            # What the check made is kept to the end: the garbage collector's full passes in the database stage need
            # not walk it again (one such pass took 0.04 s of a small rebuild's 0.5 s stage).
            keep_to_the_end()
            with step("db"):
                if not stage_db(checked, database, exports, build_dir / "catalog.duckdb", catalog, build_dir, pending,
                                opened[0] if opened else None):
                    return 1
            if tell is not None:
                # The site stage needs only the database and the Parquet files: it starts now, told which of the
                # downloads are still to come; the checks and the rest of the exports are done at a lower priority,
                # on the cores it leaves.
                tell([name for later in pending for name in later.files])
                os.nice(NICE_WHILE_THE_SITE_IS_BUILT)
            return 0 if finish_database(pending, build_dir / "catalog.duckdb") else 1

        ahead: list = []  # the site stage's folder and MkDocs configuration, made while the database is built
        coming: list[str] = []  # the downloads the database stage is still writing when the site stage starts
        with step("check and db"):
            # The catalogue checked and the database built in a forked process (pipeline/forking.py) while this one
            # loads the site's code and configuration on the other core.
            if cat is None and fork_is_safe():
                # The libraries both processes load (DuckDB: the database and the site's queries; PyYAML: the records
                # and MkDocs' configuration), loaded once, here, rather than once in each (about 0.06 s).
                import duckdb  # noqa: F401
                import yaml  # noqa: F401

                job = Forked(database_stage, told=True)
                # On a thread at a lower priority: the database stage, which the site waits for, keeps the cores it
                # wants (before the site's preparation was done, its exports would share a core with it).
                prepared = InThread(_prepare_site, staging, nice=NICE_WHILE_THE_DATABASE_IS_BUILT, name="site preparation")
                told = job.told()
                ahead.extend(prepared.result())  # the thread is gone once it returns: this process may fork again
                if told is None:  # the database stage ended (or failed) before the site could start
                    status, job = job.result(), None
                else:
                    status, coming = 0, told
            else:
                status = database_stage()
                if cat is None:
                    ahead.extend(_prepare_site(staging))
        if status == CHECK_FAILED:  # the check listed the problems and said nothing was built
            if created:
                shutil.rmtree(build_dir, ignore_errors=True)
            return False
        if status != 0:
            print("nothing was replaced: build/ and public/ are still the previous build.", file=sys.stderr)
            return False
        moves: list = []  # folders of unchanged pages, moved from the current site into the new one
        try:
            with step("site"):
                built = stage_site(database, exports, staging / "public", public, previous=(build_dir, public),
                                   moves=moves, ahead=ahead[0] if ahead else None, coming=coming)
        finally:
            if job is not None:  # the checks and the rest of the exports, done meanwhile: waited for, whatever happened
                with step("wait for the database stage"):
                    written = job.result() == 0
        if not built or (job is not None and not written):
            print("nothing was replaced: build/ and public/ are still the previous build.", file=sys.stderr)
            return False
        if coming:
            from publish.site import put_coming_downloads

            put_coming_downloads(exports, staging / "docs", staging / "public", coming)
        pairs = [(database, build_dir / "catalog.duckdb"), (exports, build_dir / "exports"),
                 (staging / "public", public)]
        # The database stage's incremental files (pipeline/incremental.py, pipeline/row_cache.py) go with the rest.
        from pipeline.incremental import FILES as DB_FILES
        from pipeline.row_cache import FOLDER as ROWS_FOLDER, LEGACY_FILE as ROWS_LEGACY_FILE

        pairs += [(staging / name, build_dir / name) for name in ("docs", "cache", *DB_FILES, ROWS_FOLDER)
                  if (staging / name).exists()]
        def keep_folders(target: Path, previous: Path) -> None:
            """The replaced pages' model folders, kept empty for the next build (page_reuse.keep_empty_folders)."""
            if target == build_dir / "docs":
                from publish.page_reuse import SPARE_FOLDERS, keep_empty_folders

                keep_empty_folders(previous / "models", build_dir / SPARE_FOLDERS)

        try:
            with step("replace"):
                replace_together(pairs, moves, before_removing=keep_folders)
        except OSError as exc:
            print(f"could not move the new build into place ({exc}); nothing was replaced.", file=sys.stderr)
            return False
        with contextlib.suppress(OSError):  # an earlier format's row cache, superseded by the folder just put in place
            (build_dir / ROWS_LEGACY_FILE).unlink(missing_ok=True)
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)


CHECK_FAILED = 3  # the database stage's status when the check found problems
NICE_WHILE_THE_SITE_IS_BUILT = 19
"""The database stage's priority once the site stage has started (os.nice): at 19, Linux gives it little of a core
the site stage wants (a weight of 15 against 1,024) and all of one it leaves idle (MkDocs runs mostly on one core);
at 10 the site's generation took 0.35-0.40 s instead of 0.30 s after a model edit."""


NICE_WHILE_THE_DATABASE_IS_BUILT = 10
"""The site's preparation's priority (a thread's own, on Linux): the database stage (nice 0) gets about nine tenths of
a core they share; once the database stage has handed over and gone down to NICE_WHILE_THE_SITE_IS_BUILT, the
preparation, which the site then waits for, gets as much of one they share (a priority cannot be raised again)."""


def _prepare_site(staging: Path) -> list:
    """[the site stage's working folder and MkDocs configuration] (publish/site.py SiteAhead), made here while the
    forked child checks the catalogue and builds the database on the other core: importing what the site stage runs
    (about 0.45 s: MkDocs, Material, Markdown, Jinja, Altair, DuckDB, our publish/) and reading the configuration,
    which imports the theme, plugins and Markdown extensions it names; and the folders of the previous build's model
    pages. A failure leaves nothing ([]): the site stage makes them itself and reports what fails."""
    try:
        import mkdocs.commands.build  # noqa: F401

        from publish.page_reuse import SPARE_FOLDERS
        from publish.site import SiteAhead

        return [SiteAhead(ROOT, staging, previous_docs=staging.parent / "docs", spare=staging.parent / SPARE_FOLDERS)]
    except Exception:  # noqa: BLE001 - reported by the site stage itself
        return []


def run_import(argv: list[str]) -> int:
    """`build.py import NAME ARGS…`: each importer parses its own arguments."""
    from pipeline.importers import IMPORTERS, load_importer

    parser = argparse.ArgumentParser(prog="build.py import", description="Write catalogue records from a published table.")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalogue directory (default: catalog/)")
    sub = parser.add_subparsers(dest="importer", required=True, metavar="NAME")
    for name in IMPORTERS:
        module = load_importer(name)
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.__doc__ or module.HELP,
                                            formatter_class=argparse.RawDescriptionHelpFormatter))
    options = parser.parse_args(argv)
    return load_importer(options.importer).run(options, options.catalog)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:
        return run_import(argv[1:])
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="all",
                        choices=["check", "db", "site", "all", "serve", "schema", "new", "diff", "import",
                                 "changelog", "release"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalogue directory (default: catalog/)")
    parser.add_argument("--out", type=Path, default=None, help="output root instead of build/ and public/")
    options = parser.parse_args(argv)
    # Absolute from here on: MkDocs reads its folders relative to its configuration file, not to the working folder,
    # so `--out out` would name a folder under the checkout (the site stage failed on any relative --out).
    options.catalog = options.catalog.absolute()
    options.out = options.out.absolute() if options.out else None

    build_dir = options.out / "build" if options.out else BUILD
    database, exports = build_dir / "catalog.duckdb", build_dir / "exports"
    public = options.out / "public" if options.out else PUBLIC
    command = options.command

    if command == "schema":
        from schemas.json_schema import write_all

        for path in write_all():
            print(path.relative_to(ROOT))
        return 0
    if command == "new":
        from pipeline.scaffold import ScaffoldError, new_record

        if len(options.args) != 2:
            parser.error("usage: build.py new KIND ID   e.g. build.py new gpus nvidia/b300")
        try:
            path = new_record(options.catalog, *options.args)
        except ScaffoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
        return 0
    if command == "diff":
        from pipeline.diff import DiffError, diff_since

        if len(options.args) != 1:
            parser.error("usage: build.py diff GIT_REF")
        try:
            print(diff_since(ROOT, options.args[0]))
        except DiffError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if command == "changelog":
        from pipeline.changelog import ChangelogError, write_changelog

        try:
            print(write_changelog(ROOT).relative_to(ROOT))
        except ChangelogError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if command == "serve":
        from publish.site import serve

        serve(public)
        return 0
    if command == "site":
        return 0 if stage_site(database, exports, public) else 1

    if command == "all":  # checked in the database stage's own process (stage_all)
        return 0 if stage_all(None, build_dir, public, options.catalog) else 1
    # Beside the catalogue, not in build/: a failed build must leave build/ exactly as it was.
    opened: list = []  # `db`: its schema file and connection, made while the catalogue is checked
    cat = stage_check(options.catalog, check_cache_path(options.catalog),
                      database_ahead(database, opened) if command == "db" else None)
    if cat is None:
        for made in opened:
            made.discard()
        return 1
    if command == "check":
        return 0
    if command == "db":
        return 0 if stage_db(cat, database, exports, catalog=options.catalog, ahead=opened[0] if opened else None) else 1
    if command == "release":
        from pipeline.changelog import ChangelogError, release

        if not stage_db(cat, database, exports, catalog=options.catalog):
            return 1
        try:
            target = release(ROOT, database, exports, build_dir / "release", options.catalog)
        except ChangelogError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"release ok: {_shown(target)}")
        return 0
    return 0 if stage_all(cat, build_dir, public, options.catalog) else 1


def run() -> int:
    """main(), quiet when the reader goes away (`build.py diff REF | head`) or on Ctrl-C."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python would complain again when flushing stdout at exit: point it at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    import pipeline.lifetime

    pipeline.lifetime.ends_with_the_build()
    status = run()
    # Leave without tearing the interpreter down: freeing every module, object and DuckDB's state is about 0.1 s,
    # a tenth of a small rebuild. Every output is written, closed and renamed into place by now; the streams are
    # flushed here. (An unexpected exception never gets here: Python prints it and exits as usual.)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
