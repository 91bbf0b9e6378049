"""Shared fixtures: paths, and catalogues built once per test session into temporary directories."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VALID = ROOT / "tests" / "fixtures" / "valid" / "catalog"
INVALID = ROOT / "tests" / "fixtures" / "invalid"


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as a contributor would, capturing its output."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def copy_catalog(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Path:
    """The real catalogue built (check, db, site) into a temporary output root."""
    out = tmp_path_factory.mktemp("real")
    result = run_build("all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def real_db(real_build):
    import duckdb

    con = duckdb.connect(str(real_build / "build" / "catalog.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory):
    """The tiny valid fixture catalogue built into a database."""
    import duckdb

    out = tmp_path_factory.mktemp("fixture")
    result = run_build("db", "--catalog", str(VALID), "--out", str(out))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(out / "build" / "catalog.duckdb"), read_only=True)
    yield con
    con.close()


HOSTILE = {
    "name": "<script>alert('name')</script>",
    "organization": "[click](javascript:alert('org'))",
    "note": "<img src=x onerror=alert('note')> **bold** \u202eevil\u202c",
}


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The fixture catalogue with markup, script and bidi controls in contributed text, built into a site."""
    tmp = tmp_path_factory.mktemp("hostile")
    catalog = copy_catalog(VALID, tmp)
    model = catalog / "models/acme/base-1b.yaml"
    text = model.read_text(encoding="utf-8").replace("name: Base 1B", f"name: {_quote(HOSTILE['name'])}")
    text = text.replace("organization: Acme", f"organization: {_quote(HOSTILE['organization'])}")
    model.write_text(text + f"note: {_quote(HOSTILE['note'])}\n", encoding="utf-8")
    bench = catalog / "benchmarks/bench-a.yaml"
    bench.write_text(bench.read_text().replace("name: Bench A", "name: \"<b onmouseover=alert('bench')>Bench</b>\""))
    source = catalog / "sources/src-a.yaml"
    source.write_text(source.read_text().replace("title: A test source", "title: \"<svg onload=alert('src')>\""))
    out = tmp / "out"
    result = run_build("all", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "public"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u202e", "\\u202E").replace("\u202c", "\\u202C") + '"'
