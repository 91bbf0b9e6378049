#!/usr/bin/env bash
# Install what distill-ledger needs on a fresh machine: the pinned Python packages, and Debian's
# Chromium for the browser test (Playwright drives the system browser; it never downloads one).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --disable-pip-version-check --quiet -r requirements.txt
# DuckDB's long-term-support release in a folder of its own (tests open catalog.duckdb with it, and read
# the published Parquet over HTTP with its httpfs extension, shipped on PyPI so nothing downloads later).
LTS=.cache/duckdb-lts
if ! PYTHONPATH="$LTS" python3 -c "import duckdb, duckdb_extension_httpfs, sys; sys.exit(duckdb.__version__ != '1.4.4')" 2>/dev/null; then
    rm -rf "$LTS"
    python3 -m pip install --disable-pip-version-check --quiet --target "$LTS" -r requirements-lts.txt
fi
# Spark only where a Java runtime is (it is nothing without one): the test of the Spark example needs it.
if command -v java >/dev/null 2>&1; then
    python3 -m pip install --disable-pip-version-check --quiet -r requirements-spark.txt
else
    echo "note: no java on the PATH: Spark (requirements-spark.txt) not installed, its example test is skipped" >&2
fi
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "note: install Chromium (Debian package 'chromium') to run the browser test" >&2
    fi
fi
