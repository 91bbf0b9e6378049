"""Honest accounting, asserted from the records: lineage-aware cumulative cost, ranges that contain their
central value and widen with their inputs, double counts detected, the audit's flags where the first paper's
headline rests on them, and what-if macros that refuse impossible inputs."""

from __future__ import annotations

import duckdb
import pytest

from conftest import ROOT, copy_catalog, run_build

DEFAULT = "(select scenario_id from scenarios where is_default)"


def test_one_default_scenario(real_db):
    assert real_db.execute("select count(*) from scenarios where is_default").fetchone() == (1,)


def test_distilled_models_cost_more_than_their_base_once_lineage_is_counted(real_db):
    rows = real_db.execute(f"""
        select d.model_id, d.cumulative_flop, b.cumulative_flop, d.marginal_flop, d.inherited_flop, d.double_count
        from model_creation_cost d join stg_models m using (model_id)
        join model_creation_cost b on b.model_id = m.base_model_id and b.scenario_id = d.scenario_id
        where m.method = 'distilled' and d.scenario_id = {DEFAULT}""").fetchall()
    assert rows, "no distilled model with a base model"
    for model, cumulative, base_cumulative, marginal, inherited, double_count in rows:
        assert cumulative > base_cumulative, model
        # A published figure that already includes the base (Epoch's Phi-4-reasoning) inherits nothing more.
        assert inherited == (0 if double_count else pytest.approx(base_cumulative)), model
        assert marginal < cumulative, model


def test_ranges_contain_the_central_value(real_db):
    bad = real_db.execute("""
        select model_id, scenario_id from model_creation_cost
        where not (cumulative_flop_low <= cumulative_flop * (1 + 1e-9) and cumulative_flop <= cumulative_flop_high * (1 + 1e-9)
                   and marginal_flop_low <= marginal_flop * (1 + 1e-9) and marginal_flop <= marginal_flop_high * (1 + 1e-9))
        union all
        select model_id, scenario_id from model_creation_footprint
        where not (cumulative_gpu_hours_low <= cumulative_gpu_hours and cumulative_gpu_hours <= cumulative_gpu_hours_high
                   and cumulative_tco2e_low <= cumulative_tco2e and cumulative_tco2e <= cumulative_tco2e_high)""").fetchall()
    assert bad == []


def test_a_published_figure_that_includes_its_base_is_not_summed_twice(real_db):
    row = real_db.execute(f"""
        select r.double_count, r.cumulative_flop, m.published_compute_flop, r.inherited_flop
        from model_creation_cost r join stg_models m using (model_id)
        where model_id = 'deepseek/deepseek-r1' and scenario_id = {DEFAULT}""").fetchone()
    double_count, cumulative, published, inherited = row
    assert double_count in ("stated", "detected")
    assert inherited == 0 and cumulative == pytest.approx(published)


def test_wider_inputs_give_wider_ranges(tmp_path):
    catalog = copy_catalog(ROOT / "catalog", tmp_path)
    scenario = catalog / "scenarios" / "catalogue-default.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "tokens_per_sample: {value: 12000, low: 750, high: 30000," in text
    scenario.write_text(text.replace("low: 750, high: 30000,", "low: 100, high: 100000,"), encoding="utf-8")

    def widths(out_root, source):
        result = run_build("db", "--catalog", str(source), "--out", str(out_root))
        assert result.returncode == 0, result.stderr
        con = duckdb.connect(str(out_root / "build" / "catalog.duckdb"), read_only=True)
        # Only models whose distillation tokens rest on samples x tokens per sample: a range can also come from
        # the scenario's epochs (e.g. logit distillation during pre-training, which has no samples).
        return dict(con.execute(f"""select c.model_id, c.marginal_flop_high / c.marginal_flop_low
                                    from model_creation_cost c join model_own_cost o using (model_id, scenario_id)
                                    where c.basis = 'distillation' and c.scenario_id = {DEFAULT}
                                      and o.distill_tokens_basis = 'samples x assumed tokens per sample'""").fetchall())

    narrow = widths(tmp_path / "narrow", ROOT / "catalog")
    wide = widths(tmp_path / "wide", catalog)
    rests_on_samples = [m for m in narrow if narrow[m] > 1]
    assert rests_on_samples
    for model in rests_on_samples:
        assert wide[model] > narrow[model], model


def test_the_teacher_total_error_is_flagged_wherever_it_appears(real_db):
    flagged = real_db.execute("""
        select distinct location from audit
        where reason like '%teacher%total instead of active parameters%'""").fetchall()
    locations = {row[0] for row in flagged}
    assert "Table 1" in locations
    assert "Table 2" in locations
    assert any(loc.startswith("Sections 4.1-4.4") for loc in locations)
    assert any("headline" in loc for loc in locations)
    # The student's 6ND involves no teacher, so it alone may stand as reproduced.
    reproduced = real_db.execute("""
        select count(*) from audit where subject_id = 'wani-2026/8b-distillation' and reason = 'reproduced'
        and metric <> 'student_training_flop'""").fetchone()
    assert reproduced == (0,)


def test_circular_and_copied_figures_are_not_called_reproduced(real_db):
    reasons = dict(((s, m, g), r) for s, m, g, r in real_db.execute(
        "select subject_id, metric, gpu_id, reason from audit where claim_table_id in ('wani-2026/table-1', 'wani-2026/table-2')").fetchall())
    assert reasons[("wani-2026/qwen3-8b-pretraining", "gpu_hours", "nvidia/a100-sxm-80gb")].startswith(
        "arithmetic reproduced, but circular")
    assert reasons[("openai/o3-mini", "training_compute_flop", None)].startswith("agrees only because")
    assert reasons[("xai/grok-3", "training_compute_flop", None)] == "reproduced"  # Epoch's 4.64e26, independently
    assert reasons[("meta/llama-3.3-70b-instruct", "training_compute_flop", None)].startswith("follows from the source's own inputs")


def test_headline_sentences_are_checked(real_db):
    reasons = dict(((s, m), r) for s, m, r in real_db.execute(
        "select subject_id, metric, reason from audit where metric in ('compute_ratio', 'q_gain', 'score')").fetchall())
    assert "ratio is" in reasons[("wani-2026/qwen3-8b-pretraining", "compute_ratio")]
    assert reasons[("energy-2026/baseline-sft-13b", "q_gain")].startswith("headline does not hold")
    assert reasons[("openai/o1-mini", "score")].startswith("headline does not hold")


def test_the_verdict_is_the_sensitivity_range(real_db):
    verdict = real_db.execute("select marginal_min, marginal_max, cumulative_min, cumulative_max from headline_verdict").fetchone()
    expected = real_db.execute("""
        select min(times_cheaper) filter (where accounting = 'marginal'), max(times_cheaper) filter (where accounting = 'marginal'),
               min(times_cheaper) filter (where accounting = 'cumulative'), max(times_cheaper) filter (where accounting = 'cumulative')
        from distillation_sensitivity""").fetchone()
    assert verdict == expected
    assert verdict[0] < verdict[1]


@pytest.mark.parametrize("call, message", [
    ("emissions_under(mfu := 35)", "mfu must be a fraction between 0 and 1"),
    ("emissions_under(mfu := 0)", "mfu must be a fraction between 0 and 1"),
    ("emissions_under(pue := -1.2)", "pue must be at least 1"),
    ("emissions_under(scenario := 'no-such-scenario')", "unknown scenario no-such-scenario"),
    ("emissions_under(gpu := 'nvidia/h999')", "unknown GPU id nvidia/h999"),
    ("workload_emissions_under(mfu := 35)", "mfu must be a fraction between 0 and 1"),
    ("distillation_compute_under(tokens_per_sample := -5)", "tokens_per_sample must be positive"),
    # An id beyond the table's value range: the optimizer could prune the plan before the check ran.
    ("emissions_under(gpu := 'zzz/none')", "unknown GPU id zzz/none"),
    ("workload_emissions_under(gpu := 'zzz/none')", "unknown GPU id zzz/none"),
    ("workload_emissions_under(grid := -0.2)", "grid must be tCO2e per MWh"),
])
def test_macros_refuse_impossible_inputs(real_db, call, message):
    with pytest.raises(duckdb.Error, match=message):
        real_db.execute(f"select count(*) from {call}").fetchall()


def test_macros_return_the_assumptions_they_used(real_db):
    row = real_db.execute("""select peak_tflops, power_w, mfu, pue from emissions_under(mfu := 0.3, gpu := 'nvidia/h100-sxm')
                             limit 1""").fetchone()
    assert row[0] > 0 and row[1] > 0 and row[2] == 0.3 and row[3] >= 1
    row = real_db.execute("select peak_tflops, power_w, mfu from workload_emissions_under(mfu := 0.4) limit 1").fetchone()
    assert row[0] > 0 and row[1] > 0 and row[2] == 0.4
    assert real_db.execute("select distinct tokens_per_sample from distillation_compute_under(tokens_per_sample := 2000)").fetchall() == [(2000.0,)]


def test_the_energy_papers_j_per_token_column_is_one_constant(real_db):
    rows = real_db.execute("select subject_id, claimed, recomputed, reason from audit where metric = 'j_per_token'").fetchall()
    assert len(rows) == 9  # every run of Table 2
    for run, claimed, recomputed, reason in rows:
        # Recomputed from the run's kWh and the token count the *other* runs imply: one constant predicts them all.
        assert reason.startswith("follows from one constant, not a per-run token count"), (run, reason)
        assert "30.0" in reason and abs(claimed / recomputed - 1) <= 0.01, (run, reason)


def test_appendix_d_gpu_hours_is_checked_against_what_the_records_allow(real_db):
    claimed, central, low, high, reason = real_db.execute("""
        select claimed, recomputed, recomputed_low, recomputed_high, reason from audit
        where subject_kind = 'energy_study' and metric = 'gpu_hours'""").fetchone()
    kwh = real_db.execute("select sum(reported_total_kwh) from energy_pipeline_totals where study = 'energy-2026'").fetchone()[0]
    assert claimed == 2000 and central == pytest.approx(kwh / 0.65)  # Table 2 once, at the paper's 0.65 kW
    assert low == pytest.approx(2 * central) and high == pytest.approx(3 * 3 * central)  # 2-3 repeats, 3 workloads
    assert reason.startswith("not checkable from the records alone") and "inside that range" in reason


# Every headline sentence the issue names, with the start of the reason the audit must give it.
HEADLINES = {
    ("wani-2026/headlines", "wani-2026/qwen3-8b-pretraining", "compute_ratio"): "headline holds only under the source's own accounting",
    ("wani-2026/headlines", "wani-2026/qwen3-8b-pretraining", "gpu_hours_ratio"): "headline holds only under the source's own accounting",
    ("wani-2026/headlines", "qwen/qwen3-235b-a22b", "compute_ratio"): "headline holds only under the source's own accounting",
    ("wani-2026/headlines", "wani-2026/gpt-4o-training", "gpu_hours_ratio"): "headline holds",
    ("wani-2026/headlines", "meta/llama-3.1-8b", "gpu_hours_ratio"): "headline holds only under the source's own accounting",
    ("energy-2026/headlines", "energy-2026/logit-kd-13b", "energy_ratio"): "headline does not hold",
    ("energy-2026/headlines", "energy-2026/baseline-sft-13b", "q_gain"): "headline does not hold",
    ("energy-2026/table-2", "energy-2026/logit-kd-7b", "j_per_token"): "follows from one constant",
    ("energy-2026/appendix-d", "energy-2026", "gpu_hours"): "not checkable from the records alone",
    ("pan-2026/headlines", "openai/o1-mini", "score"): "headline does not hold",
    ("pan-2026/break-even", "openai/gpt-4o-mini", "break_even_weeks"): "headline does not hold",
    ("pan-2026/headlines", "openai/gpt-4o", "api_price_ratio"): "headline holds",
}


def test_every_headline_sentence_is_a_claim_with_an_honest_reason(real_db):
    reasons = {(t, s, m): r for t, s, m, r in real_db.execute(
        "select claim_table_id, subject_id, metric, reason from audit").fetchall()}
    for key, start in HEADLINES.items():
        assert key in reasons, key
        assert reasons[key].startswith(start), (key, reasons[key])
    # "over 2,000x" says what it rests on: the teacher's total parameters, and what lineage does to it.
    over_2000 = reasons[("wani-2026/headlines", "wani-2026/qwen3-8b-pretraining", "compute_ratio")]
    assert "total instead of active parameters" in over_2000 and "through lineage" in over_2000


def test_flags_compose_and_copies_are_not_reproductions(real_db):
    reasons = {(t, s, m, g): r for t, s, m, g, r in real_db.execute(
        "select claim_table_id, subject_id, metric, gpu_id, reason from audit").fetchall()}
    a100 = reasons[("wani-2026/table-2", "wani-2026/8b-distillation", "gpu_hours", "nvidia/a100-sxm-80gb")]
    assert "total instead of active parameters" in a100 and "circular" in a100
    assert reasons[("wani-2026/case-studies", "wani-2026/gpt-4o-training", "gpu_hours", "nvidia/h100-sxm")].startswith(
        "arithmetic reproduced from the source's own compute figure")
    llama = reasons[("wani-2026/table-1", "meta/llama-3.3-70b-instruct", "training_compute_flop", None)]
    assert llama.startswith("follows from the source's own inputs") and "15.6T tokens" in llama
    # The model card's first figure, since revised, is still a copy, not a derivation.
    assert reasons[("wani-2026/table-1", "meta/llama-3.3-70b-instruct", "tco2e", "nvidia/h100-sxm")].startswith(
        "copied from the model's published figure as first printed")


def test_gpu_hour_ranges_contain_the_central_value_and_carry_the_compute_range(real_db):
    bad = real_db.execute("""
        select model_id, gpu_id, scenario_id from model_gpu_hours
        where not (gpu_hours_low <= gpu_hours * (1 + 1e-9) and gpu_hours <= gpu_hours_high * (1 + 1e-9)
                   and tco2e_low <= tco2e * (1 + 1e-9) and tco2e <= tco2e_high * (1 + 1e-9))""").fetchall()
    assert bad == []
    # A distilled model resting on tokens per sample: its hours range is wider than the MFU range alone allows.
    spread, mfu_spread = real_db.execute(f"""
        select h.gpu_hours_high / h.gpu_hours_low, g.mfu_high / g.mfu_low
        from model_gpu_hours h join stg_gpu_scenarios g using (gpu_id, scenario_id)
        where h.model_id = 'deepseek/deepseek-r1-distill-qwen-7b' and h.gpu_id = 'nvidia/h100-sxm'
          and h.scenario_id = {DEFAULT}""").fetchone()
    assert spread > 10 * mfu_spread


def test_scenario_views_keep_every_model_under_every_scenario(real_db):
    for view in ("model_own_cost", "model_creation_compute", "model_creation_cost", "distillation_efficiency",
                 "accuracy_compute_frontier"):
        counts = {n for (n,) in real_db.execute(f"select count(*) from {view} group by scenario_id").fetchall()}
        assert len(counts) == 1, (view, counts)


def test_views_with_a_scenario_carry_it_in_their_key(real_db):
    for name, key in real_db.execute("select name, primary_key from public_interface where primary_key is not null").fetchall():
        columns = {c for (c, *_) in real_db.execute(f'describe "{name}"').fetchall()}
        # A claim (and its audit row) is made under the one scenario its source used: an attribute, not a key.
        if "scenario_id" in columns and name not in ("claims", "audit"):
            assert "scenario_id" in key, name


def test_a_teacher_without_its_own_figure_is_never_free(real_db):
    # DeepSeek-R1-0528's own stage is unknown: its share still carries its base model (DeepSeek-V3-Base).
    worst = real_db.execute("""select max(times_cheaper) from distillation_sensitivity
                               where model_id = 'deepseek/deepseek-r1-0528-qwen3-8b' and accounting = 'cumulative'""").fetchone()[0]
    assert worst < 0.6


def test_the_site_says_which_figure_is_marginal_and_which_cumulative(real_build):
    public = real_build / "public"
    benchmarks = (public / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert "Cumulative: base model and teacher share included" in benchmarks and "Marginal: own stage only" in benchmarks
    economics = (public / "economics" / "index.html").read_text(encoding="utf-8")
    assert "Cumulative: lineage counted" in economics and "Marginal, teacher: active parameters" in economics
    methodology = (public / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "distillation-sensitivity" in methodology
    gpt4o = (public / "models" / "openai" / "gpt-4o" / "index.html").read_text(encoding="utf-8")
    assert "Published training compute" not in gpt4o and "estimated, speculative" in gpt4o
