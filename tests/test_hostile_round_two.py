"""Hostile inputs, round two: plausible-but-wrong values, values the database would reject, look-alike
names, forged output, and defects that used to surface only in a later stage or a later run.

One fixture file per defect in tests/fixtures/invalid/, each asserted with its exact message and location."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import duckdb
import pytest
from conftest import INVALID, ROOT, VALID, copy_catalog, run_build

from pipeline.fields import INT64_MAX
from pipeline.load import load
from pipeline.names import skeleton
from pipeline.problems import Problem, escape

MODEL = "models/acme/bad-model.yaml"
GPU = "gpus/acme/bad-gpu.yaml"
SCORES = "scores/acme/base-1b.yaml"
RUN = "energy/study/bad-run.yaml"
SCENARIO = "scenarios/default.yaml"
BENCH = "benchmarks/bad-bench.yaml"
SOURCE = "sources/bad-source.yaml"
BIG = f"is too large for a whole-number field (the limit is {INT64_MAX:,})"

# fixture, where it goes, then the one expected problem: line, column, key, exact message
CASES = [
    # values the database would reject, caught by check (one rule: every integer field fits BIGINT)
    ("max_tokens_beyond_bigint.yaml", SCORES, 7, 17, "scores.0.max_tokens", f"10000000000000000000 {BIG}"),
    ("items_beyond_bigint.yaml", BENCH, 4, 8, "items", f"99999999999999999999 {BIG}"),
    ("gpu_count_beyond_bigint.yaml", RUN, 7, 12, "gpu_count", f"10000000000000000000 {BIG}"),
    ("hyperparameter_beyond_bigint.yaml", RUN, 11, 28, "hyperparameters.prompts", f"99999999999999999999 {BIG}"),
    # checks that needed the database stage, now in check with file:line:column
    ("stage_energies_miss_total.yaml", RUN, 11, 19, "total_energy_kwh",
     "the stage energies add up to 14 kWh (10 (line 9) + 4 (line 10), prerun excluded), not the published total 20"),
    ("tiny_peak.yaml", GPU, 8, 25, "peak_bf16_dense_tflops",
     "1e-300 TFLOP/s is below any hopper accelerator's dense BF16 peak (50)"),
    ("tiny_peak_override.yaml", SCENARIO, 8, 12, "peak_tflops_override.acme/g1",
     "1e-300 TFLOP/s is not a plausible accelerator peak"),
    ("default_scenario_without_mfu.yaml", SCENARIO, 2, 7, "name",
     "the default scenario has no mfu block, so every GPU-hour, energy and emissions table built from it would be empty"),
    # plausibility: units in the field name
    ("params_raw_count.yaml", MODEL, 8, 17, "total_params_b",
     "8.03e+09 billion parameters is implausible: total_params_b is in billions"),
    ("tokens_raw_count.yaml", MODEL, 8, 20, "training_tokens_t",
     "1.5e+13 trillion tokens is implausible: training_tokens_t is in trillions (this looks like a raw count)"),
    ("compute_disagrees_with_size.yaml", MODEL, 10, 24, "training_compute_flop",
     "training_compute_flop 7.2e+23 is 0.000996x 6 x N x D from total_params_b 8030 and training_tokens_t 15"),
    ("count_below_one.yaml", SCENARIO, 7, 20, "tokens_per_sample", "1e-300 is not a count: tokens_per_sample counts whole things"),
    ("flop_mantissa_only.yaml", MODEL, 8, 24, "training_compute_flop", "3.8 FLOP is implausibly small for training compute"),
    ("tflops_sparsity_in_dense.yaml", GPU, 8, 25, "peak_bf16_dense_tflops",
     "1979 TFLOP/s is above any hopper accelerator's dense BF16 peak (1000)"),
    ("tflops_as_pflops.yaml", GPU, 8, 25, "peak_bf16_dense_tflops",
     "0.989 TFLOP/s is below any hopper accelerator's dense BF16 peak (50)"),
    ("fp8_sparsity.yaml", GPU, 9, 24, "peak_fp8_dense_tflops",
     "FP8 dense peak 3958 is 4x the BF16 dense peak 989.4; on hopper datasheets it is 2x"),
    ("fp8_equals_bf16.yaml", GPU, 9, 24, "peak_fp8_dense_tflops",
     "FP8 dense peak 989.4 is 1x the BF16 dense peak 989.4; on hopper datasheets it is 2x"),
    ("fp8_on_ampere.yaml", GPU, 9, 24, "peak_fp8_dense_tflops", "ampere accelerators have no FP8 tensor cores"),
    ("tdp_kilowatts.yaml", GPU, 9, 8, "tdp_w", "0.7 W is implausible for one accelerator's TDP"),
    ("bandwidth_gbps.yaml", GPU, 7, 24, "memory_bandwidth_tbps", "3350 TB/s is implausible for memory bandwidth"),
    ("score_fraction_on_percent.yaml", SCORES, 5, 12, "scores.0.value",
     "score 0.634 looks like a fraction, but Bench A is scored 0-100"),
    ("max_tokens_implausible.yaml", SCORES, 7, 17, "scores.0.max_tokens",
     "a generation budget of 3,000,000,000 tokens is implausible"),
    # values that underflow, dates before the field existed
    ("underflow.yaml", MODEL, 8, 24, "training_compute_flop", "1e-400 underflows to 0"),
    ("subnormal.yaml", MODEL, 8, 24, "training_compute_flop", "2e-310 is too small to store exactly"),
    ("release_year_one.yaml", MODEL, 4, 11, "released",
     "0001-01-01 is too early for released: nothing in the catalogue is dated before 1990-01-01"),
    ("accessed_before_published.yaml", SOURCE, 6, 11, "accessed", "accessed 2020-01-01, before the document's year 2025"),
    # a NUL byte at its real line and column
    ("nul_byte.yaml", MODEL, 4, 13, "", "the control character U+0000 is not allowed in a YAML file"),
    # invisible and bidirectional characters, look-alike names
    ("zero_width_name.yaml", MODEL, 2, 7, "name", "contains the invisible character U+200B (ZERO WIDTH SPACE), which "
                                                  "makes text that looks the same compare different; remove it"),
    ("zero_width_raw_name.yaml", MODEL, 2, 7, "name", "contains the invisible character U+200B (ZERO WIDTH SPACE), which "
                                                      "makes text that looks the same compare different; remove it"),
    ("bidi_name.yaml", MODEL, 2, 7, "name", "contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which "
                                           "makes text that looks the same compare different; remove it"),
    ("cyrillic_duplicate_name.yaml", MODEL, 2, 7, "name", "'B\u0430se 1B' is also recorded as 'acme/base-1b'"),
    ("fullwidth_duplicate_name.yaml", MODEL, 2, 7, "name",
     "'\uff22\uff41\uff53\uff45 \uff11\uff22' is also recorded as 'acme/base-1b'"),
    ("aka_names_other_model.yaml", MODEL, 8, 7, "aka.0", "'Base 1B' is also a name of 'acme/base-1b'"),
    ("aka_repeated.yaml", MODEL, 8, 21, "aka.1", "'Bad 8B model' repeats aka.0 of this record"),
    # a misspelt source id shows in the first run, beside the file's other error
    ("misspelt_source_with_other_error.yaml", MODEL, 9, 11, "sources.0", "source 'src-b' does not exist"),
    # a key written to forge another file's problem line: reported, and printed escaped (see below)
    ("forged_key.yaml", MODEL, 8, 1, "x\nmodels/acme/base-1b.yaml:1:1: forged problem\x1b]0;owned\x07\x1b[2K",
     "unknown key 'x\\nmodels/acme/base-1b.yaml:1:1: forged problem\\x1b]0;owned\\x07\\x1b[2K'"),
]


def _load_with(tmp_path, fixture, target):
    catalog = copy_catalog(VALID, tmp_path)
    destination = catalog / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INVALID / fixture, destination)
    return catalog, load(catalog, display_base=tmp_path)


@pytest.mark.parametrize("fixture,target,line,column,key,message", CASES, ids=[c[0] for c in CASES])
def test_each_defect_gives_its_exact_message_at_its_place(tmp_path, fixture, target, line, column, key, message):
    _, cat = _load_with(tmp_path, fixture, target)
    mine = [p for p in cat.problems if p.file == f"catalog/{target}"]
    assert [(p.line, p.column, p.key, p.message) for p in mine if p.message == message] == [(line, column, key, message)], \
        [p.plain() for p in cat.problems]
    assert all(p.hint or "; remove it" in p.message for p in mine), "every problem says how to fix it"


@pytest.mark.parametrize("fixture,target", [(c[0], c[1]) for c in CASES if c[0] != "misspelt_source_with_other_error.yaml"],
                         ids=[c[0] for c in CASES if c[0] != "misspelt_source_with_other_error.yaml"])
def test_one_problem_per_mistake(tmp_path, fixture, target):
    _, cat = _load_with(tmp_path, fixture, target)
    assert len([p for p in cat.problems if p.file == f"catalog/{target}"]) == 1, [p.plain() for p in cat.problems]


def test_every_fixture_of_this_round_is_listed():
    from test_invalid_corpus import CASES as ROUND_ONE

    listed = {c[0] for c in CASES} | {c[0] for c in ROUND_ONE}
    assert {p.name for p in INVALID.iterdir()} == listed


def test_a_misspelt_source_shows_on_the_first_run(tmp_path):
    _, cat = _load_with(tmp_path, "misspelt_source_with_other_error.yaml", MODEL)
    messages = {p.message for p in cat.problems}
    assert "unknown key 'total_param_b'" in messages and "source 'src-b' does not exist" in messages


def test_bigint_is_the_one_rule_for_whole_numbers():
    """Every integer column is BIGINT, and check bounds every integer field to it."""
    for path in sorted((ROOT / "schemas/sql/tables").glob("*.sql")):
        sql = path.read_text()
        assert not re.search(r"\b(INTEGER|INT|INT4|SMALLINT|TINYINT|UINTEGER|HUGEINT)\b", sql), path.name


def test_largest_accepted_integers_build(tmp_path):
    """What check accepts, the database stores: the BIGINT maximum in every integer field builds."""
    catalog = copy_catalog(VALID, tmp_path)
    scores = catalog / SCORES
    scores.write_text(scores.read_text().replace("    origin: reported", f"    shots: 0\n    origin: reported"))
    bench = catalog / "benchmarks/bench-a.yaml"
    bench.write_text(bench.read_text().replace("scale_max: 100", f"scale_max: 100\nitems: {INT64_MAX}"))
    run = catalog / "energy/study/kd-1b.yaml"
    run.write_text(run.read_text().replace("sources: [src-a]", f"hyperparameters: {{prompts: {INT64_MAX}, "
                                           f"effective_batch_size: {INT64_MAX}}}\nsources: [src-a]"))
    result = run_build("db", "--catalog", str(catalog), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(tmp_path / "out/build/catalog.duckdb"), read_only=True)
    assert con.execute("select items from benchmarks where benchmark_id = 'bench-a'").fetchone()[0] == INT64_MAX
    con.close()


# ------------------------------------------------------------------------------------ output


def test_escape_leaves_one_visible_line():
    assert escape("a\nb\rc\x1b[2Kd\u202ee\u2028f\u200bg") == "a\\x0ab\\x0dc\\x1b[2Kd\\u202ee\\u2028f\\u200bg"
    assert escape("Llama 3.1 8B — ok é") == "Llama 3.1 8B — ok é"
    problem = Problem("catalog/x\n.yaml", 1, 2, "k\x1b", "m\r", "h\n")
    for text in (problem.plain(), problem.github()):
        assert "\n" not in text and "\r" not in text and "\x1b" not in text


def _hostile_catalog(tmp_path):
    catalog, _ = _load_with(tmp_path, "forged_key.yaml", MODEL)
    # A file name that tries the same: a newline, a fake problem for another file, terminal escapes.
    odd = catalog / "models/acme" / "x\nbase-1b.yaml:2:1: name: forged\x1b[2K\x1b]0;t\x07.yaml"
    odd.write_bytes((INVALID / "params_raw_count.yaml").read_bytes())
    return catalog


@pytest.mark.parametrize("github", [False, True])
def test_a_contributed_file_cannot_print_another_files_problem(tmp_path, github):
    catalog = _hostile_catalog(tmp_path)
    env = {**os.environ, "GITHUB_ACTIONS": "true" if github else "false"}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--catalog", str(catalog)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines  # two problems and the summary: one line each
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\r" not in result.stderr
    prefix = "::error file=catalog/models/acme/" if github else "catalog/models/acme/"
    assert all(line.startswith(prefix) for line in lines[:2]), lines
    assert not any(line.startswith(("base-1b.yaml", "catalog/models/acme/base-1b.yaml",
                                    "::error file=catalog/models/acme/base-1b.yaml")) for line in lines)
    assert lines[2].startswith("2 problem(s)")


# ---------------------------------------------------------------------------------- names


@pytest.mark.parametrize("a,b", [
    ("Llama 3.1 8B", "Ll\u0430ma 3.1 8B"),  # Cyrillic a
    ("Llama 3.1 8B", "Llama\u200b 3.1 8B"),  # zero-width space
    ("Llama 3.1 8B", "\uff2c\uff4c\uff41\uff4d\uff41 3.1 8B"),  # full-width letters
    ("Llama 3.1 8B", "LLAMA 3.1 8B"),
    ("Llama 3.1 8B", "LIama 3.1 8B"),  # capital I for l
    ("Llama 3.1 8B", "Llama  3.1 8B"),
    ("Qwen3 8B", "Qwen3 8\u0392"),  # Greek capital beta
])
def test_look_alike_names_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize("a,b", [("Llama 3.1 8B", "Llama 3.1 70B"), ("Qwen3 8B", "Qwen3 8B Base"), ("Phi-4", "Phi-4 mini")])
def test_different_names_keep_different_skeletons(a, b):
    assert skeleton(a) != skeleton(b)


# ------------------------------------------------------------------------------------ build


def _digests(root, patterns=("*",)):
    import hashlib

    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for pattern in patterns for p in sorted(root.rglob(pattern)) if p.is_file()}


def test_database_is_byte_identical_across_builds(tmp_path):
    for name in ("a", "b"):
        result = run_build("db", "--catalog", str(VALID), "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    a, b = (tmp_path / n / "build" / "catalog.duckdb" for n in ("a", "b"))
    assert a.read_bytes() == b.read_bytes()
    assert _digests(tmp_path / "a/build/exports") == _digests(tmp_path / "b/build/exports")


def test_site_failure_after_the_database_stage_replaces_nothing(tmp_path, monkeypatch, capsys):
    """build/ and public/ are replaced together or not at all."""
    import build
    import publish.site as site

    catalog, out = copy_catalog(VALID, tmp_path), tmp_path / "out"
    assert build.main(["all", "--catalog", str(catalog), "--out", str(out)]) == 0
    before = _digests(out)
    model = catalog / "models/acme/base-1b.yaml"
    model.write_text(model.read_text().replace("total_params_b: 1", "total_params_b: 1.5"))

    def broken_site(*args, **kwargs):
        raise site.SiteError("mkdocs build failed: simulated")

    monkeypatch.setattr(site, "build_site", broken_site)
    assert build.main(["all", "--catalog", str(catalog), "--out", str(out)]) == 1
    assert "nothing was replaced" in capsys.readouterr().err
    assert _digests(out) == before
    assert not [p for p in (out / "build").iterdir() if p.name.startswith(".")], "no staging left behind"


def test_replace_together_rolls_back(tmp_path, monkeypatch):
    from pipeline import atomic

    targets = [tmp_path / "db", tmp_path / "site"]
    news = [tmp_path / "db.new", tmp_path / "site.new"]
    for path, text in zip(targets + news, ["old db", "old site", "new db", "new site"]):
        path.write_text(text)
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append((src, dst))
        if str(src).endswith("site.new"):
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(OSError):
        atomic.replace_together(list(zip(news, targets)))
    monkeypatch.setattr(atomic.os, "replace", real)
    assert [p.read_text() for p in targets] == ["old db", "old site"]


def test_replace_together_moves_folders_back_when_it_fails(tmp_path, monkeypatch):
    """A folder moved from the current site into the new one goes back where it was if the replacement fails."""
    from pipeline import atomic

    site, new = tmp_path / "site", tmp_path / "site.new"
    (site / "models/zeta").mkdir(parents=True)
    (site / "models/zeta/page.html").write_text("kept")
    (site / "index.html").write_text("old home")
    new.mkdir()
    (new / "index.html").write_text("new home")
    real = os.replace

    def failing(src, dst):
        if str(src).endswith("site.new"):
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(OSError):
        atomic.replace_together([(new, site)], moves=[(site / "models/zeta", new / "models/zeta")])
    monkeypatch.setattr(atomic.os, "replace", real)
    assert (site / "models/zeta/page.html").read_text() == "kept" and (site / "index.html").read_text() == "old home"
    assert not (new / "models/zeta").exists()

    atomic.replace_together([(new, site)], moves=[(site / "models/zeta", new / "models/zeta")])
    assert (site / "models/zeta/page.html").read_text() == "kept" and (site / "index.html").read_text() == "new home"
    assert not list(tmp_path.glob(".*")), "the old site is gone"


# ------------------------------------------------------------------------------------- diff


def _repo_with_odd_names(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo / "catalog")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    odd = repo / "catalog/models/acme" / 'we"ird\tna\u00efve\nname.yaml'
    odd.write_bytes((VALID / "models/acme/base-1b.yaml").read_bytes())
    subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "odd"], cwd=repo, check=True)
    odd.unlink()
    return repo


def test_diff_reads_file_names_git_would_quote(tmp_path):
    from pipeline.diff import diff_since

    repo = _repo_with_odd_names(tmp_path)
    text = diff_since(repo, "HEAD")
    assert text.startswith("## Catalogue changes since `HEAD`")
    assert "did not validate" in text  # the odd name is read (and refused by check), not a crash


def test_diff_never_tracebacks(tmp_path):
    for ref in ("no-such-ref", "--output=/tmp/x", "HEAD\n"):
        result = run_build("diff", "--", ref)
        assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr.startswith("error:")


def test_diff_into_a_closed_pipe_is_quiet():
    result = subprocess.run(f"{sys.executable} {ROOT / 'build.py'} diff HEAD | true", shell=True, cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
