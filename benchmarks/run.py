#!/usr/bin/env python3
"""Benchmark suite: what each build stage costs from 1× to 1,000× the catalogue, against its peers.

    python3 benchmarks/run.py                       # 1×, 10×, 100×, 1000×; 3 runs each (1 at 1000×)
    python3 benchmarks/run.py --scales 1 10 100 --repeats 5

For each scale it writes a synthetic catalogue (benchmarks/synthetic.py) to a temporary directory and
times `build.py check`, `db` and `site` as separate processes: median wall time and peak memory (the
child's max RSS). Peers run in the same session on the same files: check-jsonschema against the generated
JSON Schemas (for check), and a plain MkDocs build of the same generated pages with every page in the
navigation (for site; skipped above --peer-site-max, where it takes too long to be worth waiting for).
Results: a Markdown table on stdout and in site/pages/performance.md. Not part of the build or of CI.
Machines are shared and noisy: compare the ratios measured in one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from schemas.records import KINDS  # noqa: E402


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stderr of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, stderr


def check_jsonschema(catalog: Path) -> tuple[float, float]:
    """check-jsonschema over every file of every kind, in chunks that fit a command line."""
    tool = shutil.which("check-jsonschema")
    if not tool:
        raise RuntimeError("check-jsonschema is not installed: pip install -r requirements-bench.txt")
    total, peak = 0.0, 0.0
    for kind in KINDS:
        files = sorted(str(p) for p in (catalog / kind).rglob("*.yaml"))
        for i in range(0, len(files), 4000):
            seconds, rss, _ = timed([tool, "--schemafile", str(ROOT / "schemas/json" / f"{kind}.schema.json"),
                                     *files[i:i + 4000]])
            total, peak = total + seconds, max(peak, rss)
    return total, peak


def plain_mkdocs(docs: Path, work: Path) -> tuple[float, float]:
    """The same generated pages built by MkDocs with every page in the navigation."""
    import yaml

    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config.update(docs_dir=str(docs), site_dir=str(work / "plain-site"), nav=pages, strict=False)
    (work / "mkdocs-plain.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    seconds, rss, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs-plain.yml")])
    return seconds, rss


def home_transfer(public: Path) -> int:
    """Bytes a browser fetches for the home page: the HTML, every script and stylesheet it references, the
    Vega bundle charts.js loads for its charts, and the search worker and index that Material loads on every
    page (uncompressed)."""
    import re

    html = (public / "index.html").read_text(encoding="utf-8")
    refs = set(re.findall(r'<script[^>]+src="([^"]+)"', html)) | set(re.findall(r'<link[^>]+href="([^"]+\.css)"', html))
    files = {public / "index.html", public / "search" / "search_index.json"}
    files |= {public / r.split("?")[0] for r in refs if not r.startswith(("http:", "https:", "//"))}
    files |= set((public / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if 'class="dl-chart"' in html:  # charts.js loads the Vega bundle on pages that have a chart
        files.add(public / "assets" / "js" / "vega-bundle.js")
    return sum(f.stat().st_size for f in files if f.is_file())


def directory_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def run(scales: list[int], repeats: int, peer_site_max: int, peer_check_max: int) -> str:
    rows = []
    for scale in scales:
        runs = 1 if scale >= 1000 else repeats
        with tempfile.TemporaryDirectory(prefix=f"bench-{scale}x-") as tmp:
            work = Path(tmp)
            counts = generate(work / "catalog", scale)
            files = sum(1 for _ in (work / "catalog").rglob("*.yaml"))
            records = counts["models"] + counts["score_rows"] + counts["energy"]
            stage_times: dict[str, list[float]] = {"check": [], "db": [], "site": []}
            stage_rss: dict[str, float] = {"check": 0, "db": 0, "site": 0}
            for _ in range(runs):
                for stage in ("check", "db", "site"):
                    seconds, rss, stderr = timed([sys.executable, "build.py", stage, "--catalog", str(work / "catalog"),
                                                  "--out", str(work / "out")], env={"DL_TIMINGS": "1"})
                    if stage == "db":
                        # `db` re-runs the check first; report the database stage on its own.
                        seconds -= statistics.median(stage_times["check"][-1:] or [0])
                    stage_times[stage].append(seconds)
                    stage_rss[stage] = max(stage_rss[stage], rss)
            peer_check = check_jsonschema(work / "catalog")[0] if scale <= peer_check_max else None
            peer_site = None
            if scale <= peer_site_max:
                peer_site, _ = plain_mkdocs(work / "out" / "build" / "docs", work)
            public = work / "out" / "public"
            home = home_transfer(public)
            rows.append(dict(scale=scale, files=files, records=records, runs=runs,
                             check=statistics.median(stage_times["check"]), db=statistics.median(stage_times["db"]),
                             site=statistics.median(stage_times["site"]), rss=stage_rss, peer_check=peer_check,
                             peer_site=peer_site, site_mb=directory_mb(public), home_mb=home / 1e6))
            print(f"{scale}×: check {rows[-1]['check']:.2f}s db {rows[-1]['db']:.2f}s site {rows[-1]['site']:.2f}s "
                  f"(check-jsonschema {peer_check}, plain mkdocs {peer_site})", file=sys.stderr)
    return report(rows)


def report(rows: list[dict]) -> str:
    out = ["# Performance", "",
           "How long each build stage takes on synthetic catalogues from 1× to 1,000× the real one, against what",
           "people would otherwise use. Generated by `python3 benchmarks/run.py` (not by the normal build); the",
           "numbers are from the run below, on this machine:", "", f"*{machine()}*", "",
           "| scale | files | records | stage | median s | ms per file | peak MB | peer | peer s | peer ÷ ours |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        peer = (f"check-jsonschema | {r['peer_check']:.2f} | {r['peer_check'] / r['check']:.1f}×"
                if r["peer_check"] is not None else "check-jsonschema | not run | —")
        out.append(f"| {r['scale']}× | {r['files']:,} | {r['records']:,} | check | {r['check']:.2f} | "
                   f"{1000 * r['check'] / r['files']:.3f} | {r['rss']['check']:.0f} | {peer} |")
        out.append(f"| | | | db | {r['db']:.2f} | {1000 * r['db'] / r['files']:.3f} | {r['rss']['db']:.0f} | | | |")
        peer = (f"plain MkDocs, all pages in nav | {r['peer_site']:.2f} | {r['peer_site'] / r['site']:.1f}×"
                if r["peer_site"] is not None else "plain MkDocs | not run | —")
        out.append(f"| | | | site | {r['site']:.2f} | {1000 * r['site'] / r['files']:.3f} | {r['rss']['site']:.0f} | {peer} |")
    out += ["", "| scale | site output MB | home page transfer MB (HTML with inline chart data, scripts, stylesheets, search index; uncompressed) |", "|---|---|---|"]
    out += [f"| {r['scale']}× | {r['site_mb']:.1f} | {r['home_mb']:.2f} |" for r in rows]
    if len(rows) >= 2:
        # Each step compared with the one before, not only the ends: a quadratic part that only bites at the
        # largest scale (one page that grows with the catalogue) shows up as a step ratio near the scale factor.
        ten = next((r for r in rows if r["scale"] == 10), rows[0])
        big = rows[-1]
        steps = [(a, b) for a, b in zip(rows, rows[1:]) if a["scale"] >= ten["scale"]]
        out += ["", "Growth: time per file at one scale ÷ time per file at the scale before (1.0 is perfectly linear; "
                "a quadratic stage would show the scale factor, 10), and at the largest scale ÷ at 10×.", "",
                "| stage | " + " | ".join(f"{b['scale']}× ÷ {a['scale']}×" for a, b in steps)
                + f" | {big['scale']}× ÷ {ten['scale']}× |",
                "|---|" + "---|" * (len(steps) + 1)]
        for stage in ("check", "db", "site"):
            per_file = lambda r: r[stage] / r["files"]  # noqa: E731
            out.append(f"| {stage} | " + " | ".join(f"{per_file(b) / per_file(a):.2f}" for a, b in steps)
                       + f" | {per_file(big) / per_file(ten):.2f} |")
        marginal = (big["check"] - ten["check"]) / (big["files"] - ten["files"]) * 1000
        out += ["", f"Marginal cost of `check` per added file between {ten['scale']}× and {big['scale']}×: {marginal:.3f} ms."]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer-site-max", type=int, default=100, help="largest scale for the plain MkDocs peer")
    parser.add_argument("--peer-check-max", type=int, default=1000, help="largest scale for the check-jsonschema peer")
    parser.add_argument("--no-page", action="store_true", help="do not rewrite site/pages/performance.md")
    args = parser.parse_args()
    text = run(args.scales, args.repeats, args.peer_site_max, args.peer_check_max)
    print(text)
    if not args.no_page:
        (ROOT / "site" / "pages" / "performance.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
