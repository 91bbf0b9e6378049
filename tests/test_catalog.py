"""The real catalogue: it validates, it holds what the reference documents contain, every figure is sourced."""

from __future__ import annotations

from conftest import ROOT, run_build

from schemas.json_schema import stale
from pipeline.load import load, quantities, schema_line
from schemas.records import KINDS

CATALOG = ROOT / "catalog"


def test_every_catalogue_file_validates():
    cat = load(CATALOG)
    assert [p.plain() for p in cat.problems] == []
    assert cat.files_read == sum(cat.counts().values())


def test_check_prints_a_summary_and_exits_zero():
    result = run_build("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("catalogue ok:")
    for kind in KINDS:
        assert kind in result.stdout


def test_json_schemas_are_generated_and_current():
    assert stale() == [], "run `python build.py schema` and commit schemas/json/"


def test_every_file_starts_with_its_schema_line():
    for kind in KINDS:
        for path in (CATALOG / kind).rglob("*.yaml"):
            record_id = path.relative_to(CATALOG / kind).with_suffix("").as_posix()
            assert path.read_text(encoding="utf-8").split("\n", 1)[0] == schema_line(kind, record_id), path


def test_every_quantity_resolves_to_an_existing_source():
    cat = load(CATALOG)
    sources = set(cat.entries["sources"])
    for kind, entries in cat.entries.items():
        for entry in entries.values():
            default = entry.id if kind == "sources" else entry.record.sources[0]
            for path, q in quantities(entry.record):
                assert (q.source or default) in sources, (entry.file, path)


# Table 1 files Phi-4-reasoning-plus's GPQA/AIME pair under Phi-4; the catalogue keeps them on the model they belong to.
SCORES_FILED_UNDER = {"microsoft/phi-4": "microsoft/phi-4-reasoning-plus"}


def test_table_1_models_are_all_present_with_both_scores():
    cat = load(CATALOG)
    table_1 = [f.model for f in cat.entries["claims"]["wani-2026/table-1"].record.figures]
    models = sorted(set(table_1))
    assert len(models) == 16
    for model_id in models:
        scores = cat.entries["scores"][SCORES_FILED_UNDER.get(model_id, model_id)].record.scores
        benchmarks = {s.benchmark for s in scores}
        if model_id.startswith("meta/"):
            # The paper's "GPQA Diamond" figures for Meta's rows are Meta's GPQA main-set numbers of the Instruct
            # models: those scores sit, corrected, on the Instruct records (see their notes).
            continue
        assert {"gpqa-diamond", "aime-2024"} <= benchmarks, model_id


def test_first_six_scores_are_measured_by_the_paper_and_the_rest_reported():
    cat = load(CATALOG)
    order = []
    for f in cat.entries["claims"]["wani-2026/table-1"].record.figures:
        if f.model not in order:
            order.append(f.model)
    for i, model_id in enumerate(order):
        # Only the rows citing the paper: a file may also hold rows from other documents (the makers' own, measured).
        record = cat.entries["scores"][SCORES_FILED_UNDER.get(model_id, model_id)].record
        paper_rows = [s for s in record.scores if (s.source or record.sources[0]) == "wani-2026-benchmarking-distilled"]
        origins = {s.origin for s in paper_rows}
        assert origins <= ({"measured"} if i < 6 else {"reported"}), model_id
        if i < 6:
            assert origins == {"measured"}, model_id
            for s in paper_rows:
                assert (s.temperature, s.top_p) == (0.6, 0.95)


def test_moe_models_record_active_and_total_parameters():
    cat = load(CATALOG)
    for model_id in ("deepseek/deepseek-v3", "deepseek/deepseek-r1", "deepseek/deepseek-r1-0528", "qwen/qwen3-235b-a22b"):
        m = cat.entries["models"][model_id].record
        assert m.architecture == "moe" and m.active_params_b.value < m.total_params_b.value


def test_tokens_per_sample_is_an_assumption_not_a_model_fact():
    """A distillation token count is a fact only when its makers publish it; the first paper's 750 tokens per
    sample belongs in a scenario, never multiplied into a model record."""
    cat = load(CATALOG)
    for entry in cat.entries["models"].values():
        d = entry.record.distillation
        if d is not None and d.tokens is not None:
            assert (d.tokens.source or entry.record.sources[0]) != "wani-2026-benchmarking-distilled", entry.id
            if d.samples is not None:
                assert d.tokens.value != d.samples.value * 750, entry.id
    scenario = cat.entries["scenarios"]["wani-2026-paper-default"].record
    assert scenario.tokens_per_sample.kind == "estimated"


def test_required_gpus_use_dense_figures():
    cat = load(CATALOG)
    for gpu_id in ("nvidia/a100-sxm-80gb", "nvidia/l40s", "nvidia/h100-sxm", "nvidia/h200-sxm", "nvidia/b200", "amd/mi300x"):
        assert gpu_id in cat.entries["gpus"]
    # The sparsity figure for the H100 is twice the dense one; the catalogue must hold the dense one.
    assert cat.entries["gpus"]["nvidia/h100-sxm"].record.peak_bf16_dense_tflops.value < 1000


def test_energy_grid_is_three_pipelines_by_three_students():
    cat = load(CATALOG)
    runs = [e.record for e in cat.entries["energy"].values()]
    assert {(r.pipeline, r.student) for r in runs} == {
        (p, s) for p in ("baseline_sft", "logit_kd", "synthetic_sft")
        for s in ("allenai/olmo-2-0425-1b", "allenai/olmo-2-1124-7b", "allenai/olmo-2-1124-13b")}
    for r in runs:
        assert len(r.quality.scores) == 5 and r.inference_j_per_token and r.j_per_token


def test_catalogue_files_validate_against_the_editor_schemas():
    """What an editor checks as you type agrees with `build.py check` on the real catalogue."""
    import jsonschema

    from pipeline import yaml_reader

    for kind in KINDS:
        schema = __import__("json").loads((ROOT / "schemas/json" / f"{kind}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for path in (CATALOG / kind).rglob("*.yaml"):
            doc, _ = yaml_reader.read(path.read_bytes())  # a YAML 1.2 reader, as editors use
            data = __import__("json").loads(__import__("json").dumps(doc.data, default=str))  # dates as text
            errors = [e.message for e in validator.iter_errors(data)]
            assert errors == [], (path, errors)
