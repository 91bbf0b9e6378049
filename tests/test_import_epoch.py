"""The Epoch AI importers on small CSVs in Epoch's own format: traps handled, re-runs idempotent, revisions
kept with their dates, curated figures never touched, and the result accepted by check and the database."""

from __future__ import annotations

import duckdb
import yaml

from conftest import ROOT, copy_catalog, run_build

FIXTURES = ROOT / "tests" / "fixtures" / "epoch"


def _import(catalog, name, csv):
    result = run_build("import", "--catalog", str(catalog), name, str(FIXTURES / csv))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _catalog_before_import(tmp_path):
    """The real catalogue as a maintainer had it before the models import: no model epoch blocks or imported models
    (imported GPUs stay: prices name them)."""
    from pipeline.importers.yaml_out import replace_block

    catalog = copy_catalog(ROOT / "catalog", tmp_path)
    for kind in ("models",):
        for path in (catalog / kind).rglob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if str(data.get("note", "")).startswith("Imported from Epoch AI's"):
                path.unlink()
            elif "epoch" in data:
                path.write_text(replace_block(path.read_text(encoding="utf-8"), "epoch", None), encoding="utf-8")
    return catalog


def _record(catalog, kind, record_id):
    return yaml.safe_load((catalog / kind / f"{record_id}.yaml").read_text(encoding="utf-8"))


def test_import_traps_revisions_and_idempotence(tmp_path):
    catalog = _catalog_before_import(tmp_path)
    curated_405b = (catalog / "models/meta/llama-3.1-405b.yaml").read_text(encoding="utf-8")

    out = _import(catalog, "epoch-hardware", "ml-hardware.csv")
    assert "added   gpus/testchip/x1" in out
    assert "changed gpus/nvidia/h100-sxm" in out  # mapped onto the curated record by name, not duplicated
    assert "old-card" not in out  # a zero tensor figure means unknown: not an accelerator we can use

    out = _import(catalog, "epoch-models", "ai-models-2025-03.csv")
    assert "added   models/test-lab/testformer-7b" in out
    assert "added   models/test-lab/tokenized-3b" in out  # newline and stray spaces cleaned from the name
    assert "vision-only" not in out and "no-size" not in out  # not a language model; nothing to derive compute from
    assert "changed models/meta/llama-3.1-405b: epoch block added" in out  # matched by name, no duplicate
    assert "Testformer 7B: finetune_compute_flop: 6 FLOP is implausibly small for training compute; left out" in out

    testformer = _record(catalog, "models", "test-lab/testformer-7b")["epoch"]
    assert testformer["dataset_unit"] == "words"  # 1.5e12 words for 2T tokens: never labelled tokens
    assert testformer["training_compute_flop"] == {"value": 1.47e24, "low": 8e23, "high": 2.5e24,
                                                   "kind": "estimated", "confidence": "likely"}
    assert "hardware_quantity" not in testformer and "finetune_compute_flop" not in testformer  # 0 and 6: unknown
    assert testformer["gpu"] == "nvidia/h100-sxm"
    assert testformer["cost_usd_2023"] == 1234567.89  # Epoch writes dollars as "$1,234,567.89"
    tokenized = _record(catalog, "models", "test-lab/tokenized-3b")
    assert tokenized["name"] == "Tokenized 3B" and tokenized["epoch"]["dataset_unit"] == "tokens"
    assert "training_compute_flop" not in tokenized["epoch"]  # 0 FLOP is unknown, not zero

    # The curated lines of an existing record are untouched: the import only appends its own block.
    assert (catalog / "models/meta/llama-3.1-405b.yaml").read_text(encoding="utf-8").startswith(curated_405b)

    again = _import(catalog, "epoch-models", "ai-models-2025-03.csv")
    assert "0 added, 0 changed, 0 removed" in again

    newer = _import(catalog, "epoch-models", "ai-models-2025-06.csv")
    assert "changed models/test-lab/testformer-7b: training_compute_flop" in newer
    revised = _record(catalog, "models", "test-lab/testformer-7b")["epoch"]["training_compute_flop"]
    assert revised["value"] == 1.22e24
    assert revised["revisions"] == [{"value": 1.47e24, "low": 8e23, "high": 2.5e24, "confidence": "likely",
                                     "as_of": _date("2025-01-10"), "replaced_on": _date("2025-06-02")}]

    out_dir = tmp_path / "out"
    result = run_build("db", "--catalog", str(catalog), "--out", str(out_dir))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(out_dir / "build" / "catalog.duckdb"), read_only=True)
    history = con.sql("select value, as_of, replaced_on, source_id from fact_revisions "
                      "where record_id = 'test-lab/testformer-7b'").fetchall()
    assert history == [(1.47e24, _date("2025-01-10"), _date("2025-06-02"), "epoch-ai-models")]
    current = con.sql("select value, as_of from facts where record_id = 'test-lab/testformer-7b' "
                      "and field = 'epoch.training_compute_flop'").fetchall()
    assert current == [(1.22e24, _date("2025-06-02"))]

    # The curated 3.8e25 (Meta, via the herd paper) and this fixture's 4.2e25 disagree: both kept, the curated one used.
    conflict = con.sql("select used_value, used_source, other_value, other_source from conflicts "
                       "where record_id = 'meta/llama-3.1-405b' and field = 'training_compute_flop'").fetchall()
    assert conflict == [(3.8e25, "llama-3-herd-2024", 4.2e25, "epoch-ai-models")]
    used = con.sql("select published_compute_flop, compute_from from stg_models where model_id = 'meta/llama-3.1-405b'").fetchall()[0]
    assert used == (3.8e25, "llama-3-herd-2024")


def test_rows_gone_from_epoch_are_removed_only_where_the_import_owns_them(tmp_path):
    catalog = _catalog_before_import(tmp_path)
    _import(catalog, "epoch-models", "ai-models-2025-03.csv")
    empty = tmp_path / "empty.csv"
    header = (FIXTURES / "ai-models-2025-03.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    empty.write_text(header + "\n", encoding="utf-8")
    result = run_build("import", "--catalog", str(catalog), "epoch-models", str(empty))
    assert result.returncode == 0, result.stdout
    assert "removed models/test-lab/testformer-7b" in result.stdout
    assert not (catalog / "models/test-lab/testformer-7b.yaml").exists()
    curated = _record(catalog, "models", "meta/llama-3.1-405b")
    assert "epoch" not in curated and curated["name"] == "Llama 3.1 405B"


def test_not_an_epoch_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_build("import", "--catalog", str(tmp_path), "epoch-models", str(bad))
    assert result.returncode == 1
    assert "not an Epoch AI export: missing column(s) Model" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def _date(text):
    import datetime as dt

    return dt.date.fromisoformat(text)
