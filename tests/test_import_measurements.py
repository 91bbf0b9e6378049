"""Measured energy comes in as it is measured: harness run directories, CodeCarbon CSVs, inference leaderboards.

Each format's fixture (tests/fixtures/harness, tests/fixtures/codecarbon, tests/fixtures/ml-energy,
tests/fixtures/ai-energy-score) imports into records that pass `check`, build, and keep the figures; every trap
is caught; and the energy paper's Table 3, written as harness runs and imported, gives the paper's N*."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest
import yaml
from conftest import ROOT, copy_catalog, run_build
from harness_runs import FIXTURES, RunSpec, StageSpec, TABLE_3, table_3_run, write_run

CATALOG = ROOT / "catalog"
HARNESS = FIXTURES
CODECARBON = ROOT / "tests/fixtures/codecarbon"
KD = "kd_olmo2_32b_to_7b_nosft"
KD_ROLES = [f"--role={KD}=teacher_logit_cache", f"--role={KD}__2=student_training", f"--role={KD}__3=evaluation"]
COMMON = ["--source", "energy-2026-distillation-pipelines", "--gpu", "nvidia/h100-sxm"]
TRAPS = "sft_32b_to_1b"
TRAP_ROLES = [f"--role={TRAPS}=preprocess", f"--role={TRAPS}__2=student_training",
              f"--role={TRAPS}__3=student_training", f"--role={TRAPS}__4=evaluation"]


@pytest.fixture
def catalog(tmp_path):
    return copy_catalog(CATALOG, tmp_path)


def imp(catalog, *args):
    return run_build("import", "--catalog", str(catalog), *args)


def record(catalog, rid, kind="energy"):
    return yaml.safe_load((catalog / kind / f"{rid}.yaml").read_text())


def test_import_help_lists_every_importer():
    out = run_build("import", "--help").stdout
    for name in ("harness", "codecarbon", "ml-energy", "ai-energy-score", "epoch-models"):
        assert name in out


def test_committed_fixtures_are_what_the_writer_makes(tmp_path):
    """The fixtures are generated (tests/harness_runs.py); regenerating them changes nothing."""
    import harness_runs

    original = harness_runs.FIXTURES
    try:
        harness_runs.FIXTURES = tmp_path
        harness_runs.write_fixtures()
    finally:
        harness_runs.FIXTURES = original
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (HARNESS / path.relative_to(tmp_path)).read_bytes(), path


def test_harness_run_imports_checks_and_builds_with_its_totals(catalog, tmp_path):
    result = imp(catalog, "harness", str(HARNESS / "kd_7b"), *COMMON, *KD_ROLES,
                 "--student", "allenai/olmo-2-1124-7b", "--teacher", "allenai/olmo-2-0325-32b-sft")
    assert result.returncode == 0, result.stderr
    rid = "energy-2026-distillation-pipelines/kd-olmo2-32b-to-7b-nosft"
    assert f"added catalog/energy/{rid}.yaml" in result.stdout
    r = record(catalog, rid)
    assert r["pipeline"] == "logit_kd" and [s["stage"] for s in r["stages"]] == [
        "teacher_logit_cache", "student_training", "evaluation"]
    assert [s["name"] for s in r["stages"]] == [KD, f"{KD}__2", f"{KD}__3"]
    m = r["measurement"]
    assert m["energy_policy"] == "nvml_rapl" and m["power_limit_w"]["value"] == 700
    assert m["grid_country"] == "CAN" and m["grid_country_applied"] == "CAN"
    assert m["software"]["pytorch"] == "2.6.0+cu124" and m["git_commit"].startswith("a3b76e8")
    assert r["hyperparameters"]["kd_alpha"] == 0.5 and r["workloads"] == ["allenai/tulu-3-sft-mixture"]
    assert "tokens" not in r["stages"][2]  # evaluation counted none: unknown, not 0
    assert run_build("check", "--catalog", str(catalog)).returncode == 0
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    total, logged = con.execute("select t.total_kwh, r.logged_total_kwh from energy_pipeline_totals t "
                                "join energy_runs r using (run_id) where run_id = ?", [rid]).fetchone()
    assert total == pytest.approx(11.0 + 16.35 + 0.68) and logged == pytest.approx(total)
    j = dict(con.execute("select stage, j_per_token from energy_stage_efficiency where run_id = ?", [rid]).fetchall())
    assert j["evaluation"] is None and j["student_training"] == pytest.approx(16.35 * 3.6e6 / 4e9)


def test_never_overwrites_without_update_and_says_what_changed(catalog):
    args = ["harness", str(HARNESS / "kd_7b"), *COMMON, *KD_ROLES, "--student", "allenai/olmo-2-1124-7b",
            "--teacher", "allenai/olmo-2-0325-32b-sft"]
    assert imp(catalog, *args).returncode == 0
    same = imp(catalog, *args)  # the same figures again: nothing to overwrite
    assert same.returncode == 0 and "unchanged catalog/energy/" in same.stdout
    again = imp(catalog, *args, "--note", "rerun on a quieter node")
    assert again.returncode == 1 and "already exists; pass --update" in again.stderr
    changed = imp(catalog, *args, "--update", "--note", "rerun on a quieter node")
    assert changed.returncode == 0 and "changed catalog/energy/" in changed.stdout and "note" in changed.stdout


def test_a_stage_without_a_role_is_an_error_naming_it(catalog):
    result = imp(catalog, "harness", str(HARNESS / "kd_7b"), *COMMON, *KD_ROLES[:2],
                 "--student", "allenai/olmo-2-1124-7b", "--teacher", "allenai/olmo-2-0325-32b-sft")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"stage '{KD}__3'" in result.stderr and f"--role '{KD}__3=ROLE'" in result.stderr
    assert f"stage '{KD}__2'" not in result.stderr
    bad = imp(catalog, "harness", str(HARNESS / "kd_7b"), *COMMON, *KD_ROLES, "--role=nosuchstage=evaluation",
              "--student", "allenai/olmo-2-1124-7b", "--teacher", "allenai/olmo-2-0325-32b-sft")
    assert bad.returncode == 1 and "no such stage" in bad.stderr
    wrong = imp(catalog, "harness", str(HARNESS / "kd_7b"), *COMMON, f"--role={KD}=teacher", *KD_ROLES[1:],
                "--student", "allenai/olmo-2-1124-7b")
    assert wrong.returncode == 1 and "'teacher' is not a stage role" in wrong.stderr


def test_every_harness_trap_is_caught(catalog, tmp_path):
    result = imp(catalog, "harness", str(HARNESS / "traps"), *COMMON, *TRAP_ROLES, "--student", "allenai/olmo-2-0425-1b")
    assert result.returncode == 0, result.stderr
    r = record(catalog, "energy-2026-distillation-pipelines/sft-32b-to-1b")
    stages, flags = r["stages"], "\n".join(r["measurement"]["flags"])
    assert r["measurement"]["energy_policy"] == "codecarbon"  # only the config says so
    assert all("tokens" not in stages[i] for i in (0, 3))  # examples, and not counted
    assert "examples, not tokens" in flags and "0 tokens logged, meaning not counted" in flags
    assert "gpu_energy_kwh" not in stages[1] and "codecarbon#1316" in flags  # a zero that means missing
    assert stages[1]["energy_kwh"]["value"] == pytest.approx(0.6) and "CPU + RAM only" in stages[1]["energy_kwh"]["note"]
    assert "1500.0 W is above the GPUs' TDP x count (700.0 W)" in flags
    assert "add to 7.04 kWh but experiment_summary.json's total is 30.0 kWh" in flags
    assert "sets no energy.country_iso_code" in flags and "grid_country" not in r["measurement"]
    assert r["measurement"]["grid_country_applied"] == "USA"
    assert result.stdout.count("  flag: ") == len(r["measurement"]["flags"])
    assert run_build("check", "--catalog", str(catalog)).returncode == 0
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0  # flagged, not failing
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    assert con.execute("select count(*) from energy_run_flags").fetchone()[0] == len(r["measurement"]["flags"])


def test_grid_configured_is_recorded_and_a_different_applied_grid_flagged(catalog, tmp_path):
    run = write_run(tmp_path / "grid", RunSpec("kd_grid", [StageSpec(gpu_kwh=3.0, tokens=10**8)], cc_country="USA"))
    result = imp(catalog, "harness", str(run), *COMMON, "--role=kd_grid=student_training",
                 "--student", "allenai/olmo-2-1124-7b", "--pipeline", "baseline_sft")
    assert result.returncode == 0, result.stderr
    m = record(catalog, "energy-2026-distillation-pipelines/kd-grid")["measurement"]
    assert m["grid_country"] == "CAN" and m["grid_country_applied"] == "USA"
    assert any("grid mismatch: the config names CAN but CodeCarbon applied USA" in f for f in m["flags"])


def test_bad_harness_input_is_one_clear_error(catalog, tmp_path):
    no_stages = tmp_path / "empty"
    no_stages.mkdir()
    result = imp(catalog, "harness", str(no_stages), *COMMON, "--student", "allenai/olmo-2-1124-7b")
    assert result.returncode == 1 and "no stages/ folder" in result.stderr and "Traceback" not in result.stderr
    broken = tmp_path / "broken"
    shutil.copytree(HARNESS / "kd_7b", broken)
    (broken / "stages" / KD / f"{KD}.json").write_text("{\n  \"stage_id\": ")
    result = imp(catalog, "harness", str(broken), *COMMON, *KD_ROLES, "--student", "allenai/olmo-2-1124-7b")
    assert result.returncode == 1 and f"{KD}.json:2:" in result.stderr and "not valid JSON" in result.stderr
    missing = imp(catalog, "harness", str(HARNESS / "kd_7b"), "--source", "nope", "--gpu", "nvidia/h100-sxm", *KD_ROLES)
    assert missing.returncode == 1 and "python3 build.py new source nope" in missing.stderr


def test_table_3_round_trip_gives_the_papers_break_even(catalog, tmp_path):
    """The paper's own stage energies, written as harness runs and imported, reproduce the existing N* view."""
    students = {"1b": "allenai/olmo-2-0425-1b", "7b": "allenai/olmo-2-1124-7b", "13b": "allenai/olmo-2-1124-13b"}
    for pipeline, size in TABLE_3:
        run_dir, roles = table_3_run(tmp_path / "runs", pipeline, size)
        args = ["harness", str(run_dir), *COMMON, *[f"--role={r}" for r in roles], "--student", students[size],
                "--id", f"roundtrip/{pipeline.replace('_', '-')}-{size}"]
        if pipeline != "baseline_sft":
            args += ["--teacher", "allenai/olmo-2-0325-32b-sft"]
        result = imp(catalog, *args)
        assert result.returncode == 0, result.stderr
    assert run_build("check", "--catalog", str(catalog)).returncode == 0
    out = tmp_path / "out"
    result = run_build("db", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    paper = dict(con.execute("select split_part(run_id, '/', 2), n_star from break_even_reuse "
                             "where run_id like 'energy-2026/%'").fetchall())
    imported = dict(con.execute("select split_part(run_id, '/', 2), n_star from break_even_reuse "
                                "where run_id like 'roundtrip/%'").fetchall())
    assert len(imported) == 6 and imported.keys() == paper.keys()
    for run, n_star in paper.items():
        assert imported[run] == pytest.approx(n_star, rel=1e-9), run
    totals = dict(con.execute("select run_id, total_kwh from energy_pipeline_totals").fetchall())
    for run in paper:
        assert totals[f"roundtrip/{run}"] == pytest.approx(totals[f"energy-2026/{run}"]), run
    claims = dict(con.execute("select subject_id, value from claims where metric = 'break_even_reuse'").fetchall())
    assert imported["logit-kd-13b"] == pytest.approx(claims["energy-2026/logit-kd-13b"], abs=0.5)


# ------------------------------------------------------------------------------------------ CodeCarbon


def test_codecarbon_csv_keeps_the_split_and_grid_and_flags_the_zero_gpu(catalog, tmp_path):
    result = imp(catalog, "codecarbon", str(CODECARBON / "emissions.csv"), *COMMON,
                 "--student", "allenai/olmo-2-0425-1b", "--workload", "allenai/tulu-3-sft-mixture",
                 "--role=olmo-1b-sft=student_training", "--role=olmo-1b-eval=evaluation",
                 "--role=olmo-1b-sft-old-gpu=student_training", "--id", "cc-study/olmo-1b-sft")
    assert result.returncode == 0, result.stderr
    r = record(catalog, "cc-study/olmo-1b-sft")
    by_name = {s["name"]: s for s in r["stages"]}
    sft = by_name["olmo-1b-sft"]
    assert sft["energy_kwh"]["value"] == pytest.approx(6.8) and sft["gpu_energy_kwh"]["value"] == pytest.approx(6.1)
    assert sft["cpu_energy_kwh"]["value"] == pytest.approx(0.45) and sft["ram_energy_kwh"]["value"] == pytest.approx(0.25)
    old = by_name["olmo-1b-sft-old-gpu"]
    assert "gpu_energy_kwh" not in old and "CPU + RAM only" in old["energy_kwh"]["note"]
    m = r["measurement"]
    assert m["energy_policy"] == "codecarbon" and m["grid_country_applied"] == "CAN" and m["grid_region"] == "quebec"
    flags = "\n".join(m["flags"])
    assert "codecarbon#1316" in flags and "Tesla P100" in flags
    assert "several rows" in flags  # the project re-run: the last row is used
    assert by_name["olmo-1b-eval"]["energy_kwh"]["value"] == pytest.approx(0.4)
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    total = con.execute("select total_kwh from energy_pipeline_totals where run_id = 'cc-study/olmo-1b-sft'").fetchone()[0]
    rows = list(csv.DictReader((CODECARBON / "emissions.csv").open()))
    last = {row["project_name"]: float(row["energy_consumed"]) for row in rows}
    assert total == pytest.approx(sum(last.values()))


def test_codecarbon_bad_input(catalog, tmp_path):
    bad = tmp_path / "emissions.csv"
    bad.write_text("timestamp,project_name,duration\n2026-01-01,x,3\n")
    result = imp(catalog, "codecarbon", str(bad), *COMMON, "--student", "allenai/olmo-2-0425-1b", "--workload", "w")
    assert result.returncode == 1 and "emissions.csv:1: not a CodeCarbon emissions.csv" in result.stderr
    result = imp(catalog, "codecarbon", str(CODECARBON / "emissions.csv"), *COMMON, "--student", "allenai/olmo-2-0425-1b",
                 "--workload", "w", "--role=olmo-1b-sft=student_training")
    assert result.returncode == 1 and "project 'olmo-1b-eval'" in result.stderr


# ------------------------------------------------------------------------------------------ inference


def test_ml_energy_fixture_imports_with_its_boundary(catalog, tmp_path):
    result = imp(catalog, "ml-energy", str(ROOT / "tests/fixtures/ml-energy/data"), "--source", "ml-energy-leaderboard")
    assert result.returncode == 0, result.stderr
    rid = "ml-energy-leaderboard/acme-tiny-chat-8b-lm-arena-chat-h100"
    assert f"added catalog/inference/{rid}.yaml" in result.stdout
    assert "skipped acme__tiny-diffusion__text-to-image.json" in result.stdout
    r = record(catalog, rid, "inference")
    assert r["measurement_boundary"] == "gpu_only" and r["gpu"] == "nvidia/h100-sxm" and str(r["as_of"]) == "2026-02-16"
    assert [c["batch_size"] for c in r["configurations"]] == [8, 64]
    assert r["configurations"][1]["energy_per_token_j"] == pytest.approx(0.119219)
    assert r["configurations"][1]["tensor_parallel"] == 1
    b200 = record(catalog, "ml-energy-leaderboard/acme-tiny-chat-8b-lm-arena-chat-b200", "inference")
    assert b200["configurations"][0]["gpu_count"] == 2
    out = tmp_path / "out"
    assert run_build("db", "--catalog", str(catalog), "--out", str(out)).returncode == 0
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    row = con.execute("select tokens_per_s_per_gpu, kwh_per_mtok from inference_energy where measurement_id = ? "
                      "and batch_size = 64", [rid]).fetchone()
    assert row[0] == pytest.approx(4314.68) and row[1] == pytest.approx(0.119219 / 3.6)
    unknown = tmp_path / "gpu.json"
    unknown.write_text((ROOT / "tests/fixtures/ml-energy/data/models/acme__tiny-chat-8b__lm-arena-chat.json")
                       .read_text().replace('"H100"', '"MI300X"'))
    bad = imp(catalog, "ml-energy", str(unknown), "--source", "ml-energy-leaderboard")
    assert bad.returncode == 1 and "gpu_model 'MI300X' has no catalogue GPU; pass --gpu MI300X=" in bad.stderr


def test_ai_energy_score_keeps_raw_wh_and_skips_failed_runs(catalog, tmp_path):
    shutil.copy(ROOT / "tests/fixtures/valid/catalog/sources/src-a.yaml", catalog / "sources/aies-test.yaml")
    result = imp(catalog, "ai-energy-score", str(ROOT / "tests/fixtures/ai-energy-score/master_results.csv"),
                 "--source", "aies-test", "--gpu", "nvidia/h100-sxm", "--as-of", "2025-10-30")
    assert result.returncode == 0, result.stderr
    assert "skipped master_results.csv:4" in result.stdout
    r = record(catalog, "aies-test/openai-gpt-oss-20b-text-gen-on-high", "inference")
    c = r["configurations"][0]
    assert c["energy_per_request_wh"] == pytest.approx(1.2345) and "energy_per_token_j" not in c
    assert r["measurement_boundary"] == "gpu_only" and r["serving"] == "reasoning: On (High)"
    assert run_build("check", "--catalog", str(catalog)).returncode == 0


def test_real_inference_records_cover_thirty_models_with_a_boundary():
    from pipeline.load import load

    cat = load(CATALOG)
    records = [e.record for e in cat.entries["inference"].values()]
    assert len({r.model_name for r in records}) >= 30
    assert all(r.measurement_boundary in ("gpu_only", "node") for r in records)
    leaderboard = [r for r in records if r.sources == ["ml-energy-leaderboard"]]
    assert len({r.model_name for r in leaderboard}) >= 30
    assert all("public/data/models/" in r.note and r.measurement_boundary == "gpu_only" for r in leaderboard)


def test_a_researcher_follows_contributing_from_run_directory_to_check(catalog):
    """CONTRIBUTING.md's harness steps, run verbatim against a run directory in the harness's format."""
    import re
    import shlex

    guide = (ROOT / "CONTRIBUTING.md").read_text()
    section = guide.split("### A harness run directory", 1)[1].split("### CodeCarbon", 1)[0]
    command = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1)
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == ["python3", "build.py", "import", "harness"]
    assert run_build("new", "source", "my-lab-2026", "--catalog", str(catalog)).returncode == 0
    source = catalog / "sources/my-lab-2026.yaml"
    text = source.read_text()
    for key, value in {"title": "Energy of our KD run", "authors": "[My Lab]", "year": "2026",
                       "url": "https://example.org/my-lab-2026", "kind": "paper", "accessed": "2026-11-25"}.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    source.write_text(text)
    args = [str(HARNESS / "kd_7b") if w == "runs/kd_7b" else w for w in words[3:]]
    result = run_build("import", "--catalog", str(catalog), *args)
    assert result.returncode == 0, result.stderr
    assert "added catalog/energy/my-lab-2026/kd-olmo2-32b-to-7b-nosft.yaml" in result.stdout
    assert "added catalog/energy/my-lab-2026/kd-olmo2-32b-to-7b-nosft.yaml" in guide
    check = run_build("check", "--catalog", str(catalog))
    assert check.returncode == 0, check.stderr


def test_a_pipeline_run_in_several_processes_imports_from_several_run_directories(catalog, tmp_path):
    """Each harness process restarts its stage count, so two run directories can share a stage id: qualify it."""
    cache = write_run(tmp_path / "cache", RunSpec("kd_split", [StageSpec(gpu_kwh=11.0, tokens=2 * 10**9)]))
    train = write_run(tmp_path / "train", RunSpec("kd_split", [StageSpec(gpu_kwh=16.35, tokens=4 * 10**9),
                                                               StageSpec(gpu_kwh=0.68)]))
    base = ["harness", str(cache), str(train), *COMMON, "--student", "allenai/olmo-2-1124-7b",
            "--teacher", "allenai/olmo-2-0325-32b-sft"]
    ambiguous = imp(catalog, *base, "--role=kd_split=teacher_logit_cache", "--role=kd_split__2=evaluation")
    assert ambiguous.returncode == 1 and "--role cache/kd_split=" in ambiguous.stderr
    result = imp(catalog, *base, "--role=cache/kd_split=teacher_logit_cache", "--role=train/kd_split=student_training",
                 "--role=kd_split__2=evaluation")
    assert result.returncode == 0, result.stderr
    r = record(catalog, "energy-2026-distillation-pipelines/kd-split")
    assert [s["stage"] for s in r["stages"]] == ["teacher_logit_cache", "student_training", "evaluation"]
    assert r["measurement"]["logged_total_kwh"]["value"] == pytest.approx(11.0 + 16.35 + 0.68)


def test_inference_cost_macro_uses_the_measured_throughput_and_energy(real_db):
    rows = real_db.execute(
        "select usd_per_mtok, facility_kwh_per_mtok, tco2e_per_mtok, measurement_boundary "
        "from inference_cost_under(usd_per_gpu_hour := 2.0, pue := 1.2, grid := 0.2) "
        "where measurement_id = 'ml-energy-leaderboard/qwen-qwen3-8b-lm-arena-chat-b200' and batch_size = 8").fetchall()
    assert len(rows) == 1
    usd, kwh, tco2e, boundary = rows[0]
    assert usd == pytest.approx(2.0 * 1e6 / (1501.73 * 3600), rel=1e-4)  # published 1501.733 tokens/s
    assert kwh == pytest.approx(0.430395 / 3.6 * 1.2) and tco2e == pytest.approx(kwh / 1000 * 0.2)
    assert boundary == "gpu_only"


def test_inference_figures_join_catalogue_models(real_db):
    linked = dict(real_db.execute("select distinct model_name, model_id from inference_energy "
                                  "where model_id is not null").fetchall())
    assert linked["Qwen/Qwen3-8B"] == "qwen/qwen3-8b"  # the catalogue id is the Hugging Face id in lower case
    assert linked["OLMo 2 7B (students trained in the paper)"] == "allenai/olmo-2-1124-7b"  # named by the record
