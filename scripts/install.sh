#!/usr/bin/env bash
# Install what distill-ledger needs on a fresh machine: the pinned Python packages, and Debian's
# Chromium for the browser test (Playwright drives the system browser; it never downloads one).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --disable-pip-version-check --quiet -r requirements.txt
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "note: install Chromium (Debian package 'chromium') to run the browser test" >&2
    fi
fi
