"""One measured build and the weight of everything it wrote: the check for issue #18's memory and page goals.

    python3 benchmarks/weigh.py OUT [--stage site|all] [--catalog DIR]   # runs build.py, then weighs OUT/public
    python3 benchmarks/weigh.py OUT --only-weigh                         # weighs an existing OUT/public

Prints the wall time and peak memory of the whole process tree (benchmarks/measure.py's method), then the
largest files a page loads, raw and gzipped (level 6): every HTML page, and every JSON and JS file the site
serves itself (the search index, the economics calculator's data, the explorer's points, chart data). The
downloads (database, Parquet, CSV) are files a reader chooses to fetch, never loaded by a page: left out."""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import run  # noqa: E402

COLD = {"DL_CHECK_CACHE": "0", "DL_INCREMENTAL": "0"}  # as benchmarks/run.py measures a user's first build
LIMIT = 1_500_000  # bytes, uncompressed: issue #18's ceiling for any page at 1,000x


def weights(public: Path) -> list[tuple[int, int, str]]:
    """(raw bytes, gzipped bytes, path) of every page and every JSON/JS file a page may load, largest first."""
    out = []
    for path in public.rglob("*"):
        rel = path.relative_to(public).as_posix()
        if not path.is_file() or rel.startswith("data/downloads/") or path.suffix not in (".html", ".json", ".js"):
            continue
        if rel.startswith("schemas/"):  # the JSON Schemas: downloads for tools, never loaded by a page
            continue
        raw = path.read_bytes()
        out.append((len(raw), len(gzip.compress(raw, 6, mtime=0)), rel))
    return sorted(out, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the --out folder (holds build/ and public/)")
    parser.add_argument("--stage", default="site", choices=["site", "all"])
    parser.add_argument("--catalog", type=Path, help="catalogue for --stage all")
    parser.add_argument("--only-weigh", action="store_true")
    parser.add_argument("--cold", action="store_true", help="no check cache, no reuse of a previous build")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose build.py runs (a before/after pair)")
    args = parser.parse_args()
    if not args.only_weigh:
        cmd = [sys.executable, "build.py", args.stage, "--out", str(args.out.resolve())]
        if args.catalog:
            cmd += ["--catalog", str(args.catalog.resolve())]
        result = run(cmd, args.code, env={"DL_TIMINGS": "1", **(COLD if args.cold else {})})
        print(f"{args.stage}: {result.seconds:.1f} s wall, {result.cpu:.1f} s CPU, peak {result.peak_mb:.0f} MiB (process tree)")
        for line in result.stderr.splitlines():
            if line.startswith(("timing", "memory")):
                print(" ", line)
    files = weights(args.out / "public")
    html = [f for f in files if f[2].endswith(".html")]
    print(f"{len(html)} pages; largest page {html[0][0]:,} B ({html[0][1]:,} B gzipped) {html[0][2]}")
    index = args.out / "public" / "search" / "search_index.json"
    if index.is_file():
        raw = index.read_bytes()
        print(f"search index {len(raw):,} B ({len(gzip.compress(raw, 6, mtime=0)):,} B gzipped)")
    for raw, packed, rel in files[:args.top]:
        print(f"  {raw:>11,} {packed:>10,}  {rel}")
    over = [f for f in files if f[0] > LIMIT]
    print(f"over {LIMIT:,} B: {len(over)}" + "".join(f"\n  {r:,} {p}" for r, _, p in over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
