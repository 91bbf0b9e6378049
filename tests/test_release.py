"""Versioned releases: the changelog from git, the version-bump rule, deprecated names as views, the bundle."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, VALID, copy_catalog
from pipeline import database, interface
from pipeline.changelog import ChangelogError, check_version, render
from pipeline.database import BuildError, build_database
from pipeline.load import load
from pipeline.release import DatasetInfo, write_release

TABLE = {"kind": "table", "primary_key": ["model_id"], "status": "stable",
         "columns": {"model_id": "VARCHAR", "name": "VARCHAR"}}


def _git(root, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_changelog_lists_schema_and_data_changes_per_release(tmp_path):
    root = tmp_path
    _git(root, "init", "-q")
    _write(root, "schemas/VERSION", "1.0.0\n")
    _write(root, "schemas/interface.json", json.dumps({"models": TABLE}))
    _write(root, "catalog/models/a.yaml", "name: A\n")
    _write(root, "catalog/models/b.yaml", "name: B\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "release 1.0.0")
    _write(root, "catalog/models/a.yaml", "name: A2\n")
    (root / "catalog/models/b.yaml").unlink()
    _write(root, "catalog/models/c.yaml", "name: C\n")
    grown = dict(TABLE, columns=dict(TABLE["columns"], hf_id="VARCHAR"))
    _write(root, "schemas/interface.json", json.dumps({"models": grown}))
    _write(root, "schemas/VERSION", "1.1.0\n")
    check_version(root, {"models": grown})  # a new column needs a minor release: 1.1.0 is enough
    with pytest.raises(ChangelogError, match="major"):
        check_version(root, {"models": dict(TABLE, columns={"model_id": "VARCHAR"})})  # a column removed
    text = render(root)  # the pending release, from the working tree
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "release 1.1.0")
    assert render(root) == text  # the same once committed
    newest, oldest = text.split("## 1.1.0")[1].split("## 1.0.0")
    assert "added column `hf_id`" in newest
    assert "- added (1): `models/c`" in newest and "- changed (1): `models/a`" in newest
    assert "- removed (1): `models/b`" in newest
    assert "first release: 2 models" in oldest
    _write(root, "catalog/models/a.yaml", "name: A3\n")
    with pytest.raises(ChangelogError, match="bump schemas/VERSION"):
        check_version(root, {"models": grown})  # data changed since 1.1.0 without a new version


@pytest.fixture()
def sql_dir(tmp_path, monkeypatch):
    """A copy of schemas/sql with one deprecated name, as a renamed view would leave behind."""
    target = tmp_path / "sql"
    shutil.copytree(database.SQL_DIR, target)
    (target / "deprecated" / "model_list.sql").write_text(
        "-- view: Deprecated: use models.\n-- replaced_by: models\n-- removed_in: 2.0.0\n"
        "create or replace view model_list as select model_id, name from models\n", encoding="utf-8")
    monkeypatch.setattr(database, "SQL_DIR", target)
    monkeypatch.setattr(interface, "SQL_DIR", target)
    return target


def test_deprecated_names_work_as_views_for_one_major_version(tmp_path, sql_dir):
    cat = load(copy_catalog(VALID, tmp_path))
    db, exports = tmp_path / "v1" / "catalog.duckdb", tmp_path / "v1" / "exports"
    build_database(cat, db, exports, DatasetInfo("1.4.0", None, None))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from model_list").fetchone()[0] == \
            con.execute("select count(*) from models").fetchone()[0]
        assert con.execute("select status, replaced_by, removed_in from public_interface where name = 'model_list'"
                           ).fetchone() == ("deprecated", "models", "2.0.0")
    assert (exports / "parquet" / "model_list.parquet").exists()
    with pytest.raises(BuildError, match="delete schemas/sql/deprecated/model_list.sql"):
        build_database(cat, tmp_path / "v2" / "catalog.duckdb", tmp_path / "v2" / "exports",
                       DatasetInfo("2.0.0", None, None))


def test_release_bundle_is_self_contained(real_build, tmp_path):
    info = DatasetInfo("9.9.9", "2026-01-02", None)
    target = write_release(real_build / "build" / "catalog.duckdb", real_build / "build" / "exports", tmp_path, info)
    assert target == tmp_path / "9.9.9"
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    assert {"catalog.duckdb", "datapackage.json", "croissant.json", "CHANGELOG.md", "CITATION.cff", "README.md",
            "LICENSE", "LICENSE-DATA",
            "data-dictionary.md", "catalog-csv.zip", "parquet/models.parquet", "csv/models.csv"} <= listed
    on_disk = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    assert "9.9.9" in (target / "README.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the bump, from two builds' interfaces


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The fixture catalogue built once; each case alters a copy of the file as a later build would differ."""
    out = tmp_path_factory.mktemp("bump") / "catalog.duckdb"
    build_database(load(VALID), out, None)
    return out


def _interface_after(db, tmp_path, name, *statements):
    copy = tmp_path / f"{name}.duckdb"
    shutil.copy2(db, copy)
    with duckdb.connect(str(copy)) as con:
        for sql in statements:
            con.execute(sql)
        return interface.snapshot(interface.public_relations(con, "1.0.0"))


@pytest.mark.parametrize("name, statements, level, change", [
    ("data", ["update models set name = 'Base One B' where model_id = 'acme/base-1b'",
              "delete from scores where model_id = 'acme/student-1b'"], "patch", None),
    ("added_column", ["alter table models add column licence_url varchar"], "minor", "added column `licence_url`"),
    ("added_view", ["create view model_names as select model_id, name from models"], "minor", "added view"),
    ("renamed_column", ["alter table sources rename column url to link"], "major", "removed column `url`"),
    ("removed_column", ["create or replace view prices as select * exclude (note) from prices"], "major",
     "removed column `note`"),
    ("retyped_column", ["alter table benchmarks alter items type varchar"], "major", "changed type"),
    ("removed_view", ["drop view headline_verdict"], "major", "removed view `headline_verdict`"),
])
def test_release_level_is_classified_by_comparing_two_builds(fixture_build, tmp_path, name, statements, level, change):
    """A removed or renamed public column is major, an added one minor, data alone a patch."""
    with duckdb.connect(str(fixture_build), read_only=True) as con:
        before = interface.snapshot(interface.public_relations(con, "1.0.0"))
    after = _interface_after(fixture_build, tmp_path, name, *statements)
    got, changes = interface.required_bump(before, after)
    assert got == level, changes
    assert (change is None and changes == []) or any(change in c for c in changes), changes


# -------------------------------------------------------------------------- from a clean checkout


def test_release_command_works_from_a_clean_checkout(tmp_path):
    """`git clone`, bump schemas/VERSION a major version, `python3 build.py release`: the bundle, the changelog
    section from git, the interface snapshot and the citation, from the committed tree alone."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True, timeout=120)
    current = (clone / "schemas" / "VERSION").read_text().strip()
    version = f"{int(current.split('.')[0]) + 1}.0.0"  # always enough, whatever changed since the last release
    (clone / "schemas" / "VERSION").write_text(version + "\n")
    result = subprocess.run([sys.executable, "build.py", "release"], cwd=clone, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    bundle = clone / "build" / "release" / version
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    assert {"catalog.duckdb", "parquet/models.parquet", "csv/models.csv", "catalog-csv.zip", "datapackage.json",
            "croissant.json", "CHANGELOG.md", "CITATION.cff", "LICENSE-DATA"} <= listed
    with duckdb.connect(str(bundle / "catalog.duckdb"), read_only=True) as con:
        assert con.execute("select value from metadata where key = 'version'").fetchone() == (version,)
    changelog = (clone / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (bundle / "CHANGELOG.md").read_text(encoding="utf-8") == changelog
    section = changelog.split(f"## {version} — catalogue as of ")[1].split("\n## ")[0]
    assert "### Schema" in section and "### Data" in section
    if current != version and f"## {current} " in changelog:  # a release before this one: changes against it
        assert re.search(r"^- (added|changed|removed) \(\d+\): ", section, flags=re.M) or "no record changed" in section
    assert json.loads((clone / "schemas" / "interface.json").read_text())["models"]["columns"]["hf_id"] == "VARCHAR"
    assert f'version: "{version}"' in (clone / "CITATION.cff").read_text(encoding="utf-8")
