#!/usr/bin/env python3
"""Benchmark suite: what each build stage costs from 1x to 100x (or 1,000x) the catalogue, against its peers.

    python3 benchmarks/run.py --scales 1 10 100 --repeats 3        # about 25 min on 2 shared cores
    python3 benchmarks/run.py --scales 1 10 --repeats 3 --no-page   # a quick look (about 3 min)
    python3 benchmarks/run.py --scales 1000 --stages check db --repeats 1 --no-page   # check and db only

Peers (bash: python3 -m venv .cache/bench-venv && .cache/bench-venv/bin/pip install -r requirements-bench.txt;
the suite looks there first, then on PATH): check-jsonschema against the generated JSON Schemas for `check`;
plain `mkdocs build` and `zensical build` with the project's own mkdocs.yml on the same generated Markdown
for `site`. Fairness rules, all in one run:
- every figure is the median of the same number of runs for us and for each peer, interleaved (us, peer,
  us, peer ...), so a noisy neighbour on the machine hits both alike; ratios come from the same run;
- `db` is `build.py db` as a user runs it (its check included), cold: no check cache, no previous build;
- memory is the peak of the whole process tree (benchmarks/measure.py says how and why);
- page weight is every page of the site, raw and gzipped, max and total by kind of page.
Incremental figures (check of one changed file, `build.py` after a one-record edit) are measured on a copy of
the real catalogue, interleaved with the full build they are compared with. Synthetic catalogues:
benchmarks/synthetic.py (copies of the real catalogue's records). Results: site/pages/performance.md.
Machines are shared and noisy: compare the ratios measured in one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import run as measure  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from schemas.records import KINDS  # noqa: E402

COLD = {"DL_CHECK_CACHE": "0", "DL_INCREMENTAL": "0"}
CHUNK = 4000  # files per check-jsonschema process: what fits a command line


def tool(name: str) -> str | None:
    """A peer's executable: the bench venv's first (pinned by requirements-bench.txt), then PATH."""
    local = ROOT / ".cache" / "bench-venv" / "bin" / name
    return str(local) if local.is_file() else shutil.which(name)


def ours(*args: str, env: dict | None = None, memory: bool = True):
    return measure([sys.executable, str(ROOT / "build.py"), *args], ROOT, env, memory=memory)


def check_jsonschema(catalog: Path):
    """check-jsonschema over every file of every kind, in chunks that fit a command line: the time of all its
    processes run one after the other, and the largest tree among them."""
    exe = tool("check-jsonschema")
    if not exe:
        return None
    seconds, peak = 0.0, 0.0
    for kind in KINDS:
        files = sorted(str(p) for p in (catalog / kind).rglob("*.yaml"))
        for i in range(0, len(files), CHUNK):
            r = measure([exe, "--schemafile", str(ROOT / "schemas/json" / f"{kind}.schema.json"), *files[i:i + CHUNK]], ROOT)
            seconds, peak = seconds + r.seconds, max(peak, r.peak_mb)
    return seconds, peak


def peer_project(docs: Path, work: Path) -> Path:
    """The project's own mkdocs.yml beside a copy of the Markdown our site stage generated (docs_dir and
    site_dir pointed at them; Zensical wants docs_dir inside the project). Nothing else changed: same nav."""
    import yaml

    project = work / "peer"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(docs, project / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="docs", site_dir="site")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


def plain_mkdocs(project: Path):
    shutil.rmtree(project / "site", ignore_errors=True)
    r = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")], project)
    return r.seconds, r.peak_mb


def zensical(project: Path):
    exe = tool("zensical")
    if not exe:
        return None
    shutil.rmtree(project / "site", ignore_errors=True)
    r = measure([exe, "build", "-f", str(project / "mkdocs.yml")], project)
    return r.seconds, r.peak_mb


def page_kind(rel: str) -> str:
    parts = rel.split("/")
    if rel == "index.html":
        return "home"
    if parts[0] == "models" and len(parts) > 2:
        return "model pages"
    return parts[0] if len(parts) > 1 else rel


def page_weights(public: Path) -> dict[str, dict]:
    """Every HTML page: count, largest and total bytes, raw and gzipped (level 6, as a web server would)."""
    kinds: dict[str, dict] = {}
    for path in sorted(public.rglob("*.html")):
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 6, mtime=0))
        k = kinds.setdefault(page_kind(path.relative_to(public).as_posix()),
                             {"pages": 0, "max": 0, "max_gz": 0, "total": 0, "total_gz": 0, "largest": ""})
        k["pages"] += 1
        k["total"] += len(raw)
        k["total_gz"] += packed
        k["max_gz"] = max(k["max_gz"], packed)
        if len(raw) > k["max"]:
            k["max"], k["largest"] = len(raw), path.relative_to(public).as_posix()
    return kinds


def shared_assets(public: Path) -> tuple[int, int]:
    """Bytes every page may load besides its HTML: the search index and the site's scripts and styles."""
    files = [public / "search" / "search_index.json", *(public / "assets").rglob("*.js"), *(public / "assets").rglob("*.css")]
    raw = [f.read_bytes() for f in files if f.is_file()]
    return sum(map(len, raw)), sum(len(gzip.compress(b, 6, mtime=0)) for b in raw)


def median(runs: list) -> tuple[float, float] | None:
    runs = [r for r in runs if r is not None]
    if not runs:
        return None
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def startup_costs() -> dict[str, float]:
    """What each tool pays before any work: the median of 3 runs of its cheapest command."""
    commands = {"ours (build.py --help)": [sys.executable, str(ROOT / "build.py"), "--help"],
                "ours (imports of check)": [sys.executable, "-c", "import sys; sys.path.insert(0, '.'); import pipeline.load"],
                "mkdocs (--version)": [sys.executable, "-m", "mkdocs", "--version"]}
    for name in ("check-jsonschema", "zensical"):
        if tool(name):
            commands[f"{name} (--version)"] = [tool(name), "--version"]
    return {name: statistics.median(measure(cmd, ROOT).seconds for _ in range(3)) for name, cmd in commands.items()}


def run_scale(scale: int, repeats: int, stages: list[str], peer_site_max: int, log) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{scale}x-") as tmp:
        work = Path(tmp)
        catalog = work / "catalog"
        counts = generate(catalog, scale)
        files = sum(1 for _ in catalog.rglob("*.yaml"))
        row = {"scale": scale, "files": files, "counts": counts, "runs": repeats}
        out = work / "out"
        if "check" in stages:
            mine, peer = [], []
            for _ in range(repeats):
                r = ours("check", "--catalog", str(catalog), "--out", str(out), env=COLD)
                mine.append((r.seconds, r.peak_mb))
                peer.append(check_jsonschema(catalog))
            row["check"], row["check_peer"] = median(mine), median(peer)
            # One changed file with the cache warm: the first run fills it, then each run edits one record.
            ours("check", "--catalog", str(catalog))
            model = sorted((catalog / "models").rglob("*.yaml"))[0]
            original = model.read_bytes()
            one = []
            for i in range(repeats):
                model.write_bytes(original + f"# edit {i}\n".encode())
                r = ours("check", "--catalog", str(catalog))
                one.append((r.seconds, r.peak_mb))
            model.write_bytes(original)
            row["check_one"] = median(one)
            log(f"{scale}x check {row['check']} peer {row['check_peer']} one file {row['check_one']}")
        if "db" in stages or "site" in stages:
            mine = []
            for _ in range(repeats if "db" in stages else 1):
                r = ours("db", "--catalog", str(catalog), "--out", str(out), env=COLD)
                mine.append((r.seconds, r.peak_mb))
            row["db"] = median(mine)
            log(f"{scale}x db {row['db']}")
        if "site" in stages:
            ours("site", "--out", str(out))  # the generated Markdown the peers build
            project = peer_project(out / "build" / "docs", work)
            mine, mk, zen = [], [], []
            for _ in range(repeats):
                r = ours("site", "--out", str(out))
                mine.append((r.seconds, r.peak_mb))
                if scale <= peer_site_max:
                    mk.append(plain_mkdocs(project))
                    zen.append(zensical(project))
            row["site"], row["site_mkdocs"], row["site_zensical"] = median(mine), median(mk), median(zen)
            row["pages"] = page_weights(out / "public")
            row["assets"] = shared_assets(out / "public")
            log(f"{scale}x site {row['site']} mkdocs {row['site_mkdocs']} zensical {row['site_zensical']}")
        return row


INCREMENTAL_CASES = ("model", "score", "source", "added", "removed")
"""The one-record edits measured: a model's name, a score's value, a source's title, a new model file, a model file
removed (the one added before, so no other record refers to it)."""


def run_incremental(repeats: int, log) -> dict:
    """On a copy of the real catalogue: `build.py` full (cold) against `build.py` after a one-record edit with the
    previous build in place, interleaved (full, edit, incremental, for each case in turn); each incremental run has
    a real change to pick up, and each follows a full build. Also `build.py db` alone after a model edit."""
    import re

    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        work = Path(tmp)
        catalog = work / "catalog"
        shutil.copytree(ROOT / "catalog", catalog)
        shutil.copyfile(ROOT / "pins.yaml", work / "pins.yaml")
        model = catalog / "models" / "qwen" / "qwen3-8b.yaml"
        if not model.is_file():
            model = sorted((catalog / "models").rglob("*.yaml"))[0]
        scores = sorted((catalog / "scores").rglob("*.yaml"))[0]
        source = catalog / "sources" / "qwen3-2025.yaml"
        if not source.is_file():
            source = sorted((catalog / "sources").rglob("*.yaml"))[0]
        template = catalog / "models" / "allenai" / "olmo-2-0425-1b.yaml"
        added = catalog / "models" / "allenai" / "bench-added-model.yaml"
        originals = {path: path.read_text(encoding="utf-8") for path in (model, scores, source, template)}
        edits = iter(range(1, 100_000))

        def edit(case: str) -> None:
            n = next(edits)
            if case == "model":
                model.write_text(originals[model].replace("\nname: ", f"\nname: Edit{n} ", 1), encoding="utf-8")
            elif case == "score":
                scores.write_text(re.sub(r"value: ([0-9.]+)", lambda m: f"value: {float(m.group(1)) + n / 1000:g}",
                                         originals[scores], count=1), encoding="utf-8")
            elif case == "source":
                source.write_text(re.sub(r"(?m)^title: (.*)$", lambda m: f"title: Edit{n} {m.group(1)}",
                                         originals[source], count=1), encoding="utf-8")
            elif case == "added":
                added.write_text(re.sub(r"(?m)^name: .*$", f"name: Benchmark Added Model {n}", originals[template], count=1),
                                 encoding="utf-8")
            elif case == "removed":
                added.unlink()

        out = work / "out"
        build = ("--catalog", str(catalog), "--out", str(out))
        # Wall seconds and CPU seconds (the whole process tree's): on a shared machine the CPU time is the steadier.
        times: dict[str, dict[str, list]] = {case: {"full": [], "incremental": [], "full_cpu": [], "incremental_cpu": []}
                                             for case in (*INCREMENTAL_CASES, "db")}

        def timed(case: str, kind: str, *args: str, env: dict | None = None) -> None:
            run = ours(*args, env=env, memory=False)  # (a failed build raises); timed only: no memory poll
            times[case][kind].append(run.seconds)
            times[case][kind + "_cpu"].append(run.cpu)

        for _ in range(repeats):
            for case in INCREMENTAL_CASES:
                if case == "removed" and not added.exists():
                    edit("added")
                timed(case, "full", *build, env=COLD)
                edit(case)
                timed(case, "incremental", *build)
            if added.exists():
                added.unlink()
            edit("model")
            timed("db", "full", "db", *build, env=COLD)
            edit("model")
            timed("db", "incremental", "db", *build)
        result = {"edited": {"model": model.relative_to(work).as_posix(), "score": scores.relative_to(work).as_posix(),
                             "source": source.relative_to(work).as_posix(), "added": added.relative_to(work).as_posix(),
                             "removed": added.relative_to(work).as_posix()},
                  "cases": {case: {kind: statistics.median(runs) for kind, runs in t.items()} for case, t in times.items()},
                  "runs": repeats}
        log(f"incremental {result}")
        return result


def peer_versions() -> str:
    import subprocess
    from importlib.metadata import version

    found = [f"MkDocs {version('mkdocs')} with Material {version('mkdocs-material')}"]
    for name in ("check-jsonschema", "zensical"):
        exe = tool(name)
        if exe:
            text = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
            found.append(f"{name} {text.split()[-1] if text else '?'}")
        else:
            found.append(f"{name} not installed")
    return ", ".join(found)


def machine() -> str:
    cpu, memory = "unknown CPU", 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; load average {load:.1f} when the run ended (the cores are shared "
            "with other work: absolute times vary between runs, ratios within one run are what to compare); every "
            "tool with Python's default bytecode cache (benchmarks/measure.py TOOL_ENVIRONMENT)")


def _s(pair) -> str:
    return "—" if pair is None else f"{pair[0]:.2f}"


def _mb(pair) -> str:
    return "—" if pair is None else f"{pair[1]:.0f}"


def _ratio(peer, mine) -> str:
    return "—" if peer is None or mine is None else f"{peer[0] / mine[0]:.2f}×"


def _size(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def report(rows: list[dict], incremental: dict | None, startup: dict, command: str, seconds: float,
           requested: list[int] | None = None) -> str:
    out = ["# Performance", "",
           "How long each build stage takes on catalogues from 1× to 100× (and more), against what people would",
           f"otherwise use. Generated by `{command}` ({seconds / 60:.0f} min), not by the normal build. Machine:", "",
           f"*{machine()}*", ""]
    done = [r["scale"] for r in rows]
    if requested and done != list(requested):
        out += [f"**Partial run**: the page is written after each step; this run had measured "
                f"{', '.join(f'{s}×' for s in done) or 'nothing'} of {', '.join(f'{s}×' for s in requested)} "
                "when it stopped.", ""]
    out += ["**How it is measured.** Each figure is the median of the same number of runs for us and for each peer,",
           "interleaved (ours, peer, ours, peer …) in one session, so load from other work on the machine falls on",
           "both alike; every ratio compares runs from that same session. `db` is `build.py db` as a user runs it",
           "(it checks the catalogue first), cold: no check cache and no previous build. Peak memory is the whole",
           "process tree's (worker processes included): the larger of a 20 ms poll of every process's PSS, summed,",
           "and the kernel's exact peak of the largest single process. Every command, ours and each peer's, starts",
           "after `sync`, so the writes an earlier command left are not charged to the next. Peers: "
           + peer_versions() + ".", "",
           "**Catalogues.** 1× is the real catalogue's records that between them hold every kind (claims, workloads,",
           "energy runs over several GPUs and workloads, inference, prices, scores with their settings), about 80",
           "models; larger scales add the real catalogue's other records in a fixed order, then copies of it with",
           "renamed ids, 20 models per unit of scale (`benchmarks/synthetic.py`). GPUs, benchmarks, scenarios and",
           "sources stay as in the real catalogue.", "",
           "| scale | files | models | stage | runs | median s | ms per file | peak MB | peer | peer s | peer peak MB | peer ÷ ours |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lead = f"| {r['scale']}× | {r['files']:,} | {r['counts'].get('models', 0):,} |"
        blank = "| | | |"
        first = True

        def line(stage, mine, peer_name="", peer=None):
            nonlocal first
            per_file = "—" if mine is None else f"{1000 * mine[0] / r['files']:.2f}"
            text = (f"{lead if first else blank} {stage} | {r['runs']} | {_s(mine)} | {per_file} | {_mb(mine)} | "
                    f"{peer_name} | {_s(peer)} | {_mb(peer)} | {_ratio(peer, mine) if peer_name else ''} |")
            first = False
            return text

        if "check" in r:
            out.append(line("check", r["check"], "check-jsonschema", r["check_peer"]))
            out.append(line("check, one file changed (cache)", r["check_one"]))
        if "db" in r:
            out.append(line("db (check + database + exports)", r["db"]))
        if "site" in r:
            out.append(line("site", r["site"], "plain `mkdocs build`", r["site_mkdocs"]))
            out.append(line("site", r["site"], "`zensical build`", r["site_zensical"]))
    if incremental:
        i = incremental
        words = {"model": "a model's name edited", "score": "a score's value edited", "source": "a source's title edited",
                 "added": "a model file added", "removed": "a model file removed"}
        out += ["", "**Incremental rebuilds** on a copy of the real catalogue: `build.py` with the previous build in place "
                "after a one-record edit, against a full cold build of the same catalogue, interleaved, "
                f"{i['runs']} runs each (medians); timed only, without the memory poll (its reads of /proc take a "
                "share of the machine from both kinds of build).", "",
                "| command | edit | full s | incremental s | incremental ÷ full | full CPU s | incremental CPU s | "
                "CPU: incremental ÷ full |", "|---|---|---|---|---|---|---|---|"]

        def ratios(c: dict) -> str:
            return (f"{c['full']:.2f} | {c['incremental']:.2f} | {c['incremental'] / c['full']:.0%} | "
                    f"{c['full_cpu']:.2f} | {c['incremental_cpu']:.2f} | {c['incremental_cpu'] / c['full_cpu']:.0%}")

        for case, what in words.items():
            out.append(f"| `build.py` (check, db, site) | {what} (`{i['edited'][case]}`) | {ratios(i['cases'][case])} |")
        out.append(f"| `build.py db` | {words['model']} | {ratios(i['cases']['db'])} |")
        out += ["", "What an incremental build reuses: each unchanged record's table rows (only edited records are "
                "flattened again, and a table none of whose records changed is the previous build's NDJSON file; "
                "the database file is always written whole, with the same tables, views and rows as a "
                "full build's, its bytes too but for a few alignment bytes DuckDB leaves unwritten: "
                "pipeline/reproducible.py), the export of every relation none of whose input columns changed (column "
                "lineage read from DuckDB's plan: pipeline/lineage.py), every page whose queries' results are "
                "unchanged (model pages one by one), on a page made again each table and chart whose own queries' "
                "results are unchanged (publish/fragments.py), and the HTML and search entries of every page whose "
                "Markdown is byte-identical; a folder of the site holding only such pages is moved from the previous "
                "site into the new one as it replaces it, not copied. A model's name is shown on the aggregate pages, "
                "so those are made again. Both cores work: the site's pages are generated in two forked processes "
                "(the model pages; the other pages), and MkDocs shares the navigation pages it must render with a "
                "forked process (publish/fast_pages.py); generated tables and charts skip Python-Markdown's HTML "
                "parser (publish/raw_blocks.py). "
                "`DL_TIMINGS=1 python3 build.py` prints where a build's time goes."]
    sites = [r for r in rows if "pages" in r]
    if sites:
        out += ["", "**Page weight**: every HTML page of the built site, raw and gzipped (level 6). Every page also "
                "loads the shared scripts, styles and search index once (cached after the first page): "
                + ", ".join(f"{r['scale']}×: {_size(r['assets'][0])} raw, {_size(r['assets'][1])} gzipped" for r in sites) + ".", "",
                "| scale | kind of page | pages | largest raw | largest gzipped | total raw | total gzipped | largest page |",
                "|---|---|---|---|---|---|---|---|"]
        for r in sites:
            for kind, k in sorted(r["pages"].items(), key=lambda kv: -kv[1]["max"]):
                out.append(f"| {r['scale']}× | {kind} | {k['pages']:,} | {_size(k['max'])} | {_size(k['max_gz'])} | "
                           f"{_size(k['total'])} | {_size(k['total_gz'])} | `{k['largest']}` |")
    if len(rows) >= 2:
        out += ["", "**Growth**: time per file at each scale ÷ at the scale before (1.0 is linear; a quadratic stage "
                "shows the scale factor).", "",
                "| stage | " + " | ".join(f"{b['scale']}× ÷ {a['scale']}×" for a, b in zip(rows, rows[1:])) + " |",
                "|---|" + "---|" * (len(rows) - 1)]
        for stage in ("check", "db", "site"):
            if all(r.get(stage) for r in rows):
                out.append(f"| {stage} | " + " | ".join(
                    f"{(b[stage][0] / b['files']) / (a[stage][0] / a['files']):.2f}" for a, b in zip(rows, rows[1:])) + " |")
    out += ["", "**What each tool pays before any work** (median of 3 runs of its cheapest command, seconds): "
            + "; ".join(f"{name} {s:.2f}" for name, s in startup.items()) + ". check-jsonschema starts one Python "
            f"process per {CHUNK:,} files and parses YAML in pure Python (ruamel.yaml); ours parses with PyYAML's C parser "
            "and validates with pydantic (compiled), in worker processes from 2,000 files. MkDocs parses every "
            "page's Markdown in pure Python (Python-Markdown) and renders Material's Jinja templates; Zensical's "
            "build is Rust, but it too depends on Python-Markdown for the Markdown.", "",
            "**Not measured.** The site build at scales above the peer limit (MkDocs and Zensical are not run there); "
            "Zensical 0.1.3 (its dependency zensical-ui 0.0.43 is not on the package index this machine reaches, so "
            "the pinned 0.0.73 from requirements.txt is measured); the browser's time to render a page; the check "
            "cache and incremental database on the synthetic catalogues (measured on the real catalogue only); "
            "cold-cache disk reads (the files are in the page cache after generation); 1,000× unless the run above "
            "lists it."]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command, ours and each peer's alike")
    parser.add_argument("--stages", nargs="+", default=["check", "db", "site"], choices=["check", "db", "site"])
    parser.add_argument("--peer-site-max", type=int, default=100, help="largest scale for the MkDocs and Zensical peers")
    parser.add_argument("--no-incremental", action="store_true", help="skip the incremental rebuild on the real catalogue")
    parser.add_argument("--incremental-repeats", type=int, default=None, help="runs of each incremental pair (default --repeats)")
    parser.add_argument("--no-page", action="store_true", help="do not rewrite site/pages/performance.md")
    args = parser.parse_args()
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    startup = startup_costs()
    log(f"start-up {startup}")
    command = ("python3 benchmarks/run.py " + " ".join(sys.argv[1:])).strip()
    rows, incremental, text = [], None, ""

    def publish() -> None:
        # After every step, so a run cut short still leaves a page with what it measured (and says so).
        nonlocal text
        text = report(rows, incremental, startup, command, time.perf_counter() - started, args.scales)
        if not args.no_page:
            (ROOT / "site" / "pages" / "performance.md").write_text(text, encoding="utf-8")

    for n, scale in enumerate(args.scales):
        rows.append(run_scale(scale, args.repeats, args.stages, args.peer_site_max, log))
        publish()
        if n == 0 and not args.no_incremental:  # early: the figure the incremental work is judged by
            incremental = run_incremental(args.incremental_repeats or args.repeats, log)
            publish()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
