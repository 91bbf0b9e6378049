"""Prices as dated series: bad price files are reported at their line, the views read the value in force on a date,
training dollars never borrow another GPU's price, the break-even macro reproduces the economics example and refuses
impossible inputs, and the genai-prices importer appends instead of overwriting."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import duckdb
import pytest
from conftest import ROOT, VALID, copy_catalog

from pipeline.load import load

BAD = ROOT / "tests" / "fixtures" / "invalid_prices"
PRICE = "prices/acme/bad.yaml"

CASES = [
    ("price_without_date.yaml", 11, "history.1.date", "required key 'date' is missing"),
    ("price_without_currency.yaml", 2, "currency", "required key 'currency' is missing"),
    ("price_in_euros.yaml", 5, "currency", "'EUR' is not allowed here"),
    ("price_future_date.yaml", 9, "history.1.date", "in the future"),
    ("price_negative.yaml", 9, "history.0.input_usd_per_mtok", "at least 0"),
    ("price_two_values_one_date.yaml", 8, "history", "two values on 2025-06-01"),
    ("gpu_price_unknown_gpu.yaml", 6, "gpu", "gpu 'acme/g2' does not exist"),
    ("gpu_price_unknown_class.yaml", 7, "provider_class", "'spot' is not allowed here"),
    ("gpu_price_hour_and_second.yaml", 9, "history", "exactly one"),
    ("gpu_price_negative_per_second.yaml", 9, "history.0.usd_per_gpu_second", "at least 0"),
]


def test_every_price_fixture_is_listed():
    assert {p.name for p in BAD.iterdir()} == {c[0] for c in CASES}


@pytest.mark.parametrize("fixture,line,key,words", CASES, ids=[c[0] for c in CASES])
def test_bad_price_is_reported_at_its_line(tmp_path, fixture, line, key, words):
    catalog = copy_catalog(VALID, tmp_path)
    shutil.copyfile(BAD / fixture, catalog / PRICE)
    cat = load(catalog, display_base=tmp_path)
    hits = [p for p in cat.problems if p.file == f"catalog/{PRICE}" and p.line == line and p.key == key]
    assert hits and any(words in p.plain() for p in hits), [p.plain() for p in cat.problems]


def test_price_in_force_on_a_date(fixture_db):
    rows = fixture_db.execute("select valid_from, valid_until, usd_per_gpu_hour from price_in_force "
                          "where price_id = 'acme/g1-hour' order by valid_from").fetchall()
    assert [r[2] for r in rows] == [4, 3] and rows[0][1] == rows[1][0] and rows[1][1] is None
    assert fixture_db.execute("select usd_per_gpu_hour from price_on(date '2024-06-01') where price_id = 'acme/g1-hour'"
                          ).fetchone()[0] == 4
    assert fixture_db.execute("select count(*) from price_on(date '2022-06-01') where price_id = 'acme/g1-hour'").fetchone()[0] == 0
    with pytest.raises(duckdb.Error, match="in the future"):
        fixture_db.execute("select * from price_on(date '2999-01-01')").fetchall()


def test_training_dollars_reproduce_deepseek_v3_and_say_why_when_unpriced(real_db):
    usd, kind = real_db.execute("select usd, price_kind from training_dollars where model_id = 'deepseek/deepseek-v3'").fetchone()
    assert usd == pytest.approx(5.576e6) and kind == "assumed"
    unpriced = real_db.execute("select no_price_reason from training_dollars where usd is null").fetchall()
    assert unpriced and all(r[0] for r in unpriced)
    # an H100 model is never priced with the H800 assumption
    assert real_db.execute("select count(*) from training_dollars where gpu_id <> 'nvidia/h800-sxm' and "
                       "price_ids like '%h800%'").fetchone()[0] == 0


def test_break_even_reproduces_the_worked_example(real_db):
    rows = real_db.execute("""select candidate_price_id, reference_usd_per_month, candidate_usd_per_month, break_even_weeks
        from break_even_under(queries_per_month := 1e6, input_tokens := 500, output_tokens := 200,
                              price_date := date '2026-04-10')
        where reference_price_id = 'openai/gpt-4o'""").fetchall()
    by = {r[0]: r for r in rows}
    assert by["openai/gpt-4o-mini"][1] == pytest.approx(3250) and by["openai/gpt-4o-mini"][2] < 200
    assert 0 < by["self-hosted/8b-student"][3] < 12


@pytest.mark.parametrize("args,words", [
    ("queries_per_month := 0", "queries_per_month must be positive"),
    ("input_tokens := -5", "0 or more"),
    ("input_tokens := 0, output_tokens := 0", "must be positive"),
    ("price_date := date '2999-01-01'", "in the future"),
    ("scenario := 'nope'", "unknown scenario"),
    ("eval_tokens_per_item := -1", "eval_tokens_per_item must be 0 or more"),
])
def test_break_even_refuses_impossible_inputs(real_db, args, words):
    with pytest.raises(duckdb.Error, match=words):
        real_db.execute(f"select * from break_even_under({args})").fetchall()


GENAI = """id: acme
name: Acme
models:
  - id: teacher-70b
    match: {equals: teacher-70b}
    prices_checked: 2025-01-01
    prices:
      - prices: {input_mtok: 2, output_mtok: 8}
      - constraint: {start_date: 2025-03-01}
        prices: {input_mtok: 1, output_mtok: 4}
      - constraint: {start_date: 2999-01-01}
        prices: {input_mtok: 9, output_mtok: 9}
  - id: ghost
    match: {equals: ghost}
    prices: {input_mtok: 1, output_mtok: 1}
"""


def test_genai_prices_import_appends_dated_values(tmp_path, capsys):
    from pipeline.importers import genai_prices

    catalog = copy_catalog(VALID, tmp_path)
    (catalog / "sources" / "genai-prices.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/json/sources.schema.json\ntitle: genai-prices\nyear: 2026\n"
        "url: https://github.com/pydantic/genai-prices\nkind: price_list\naccessed: 2026-11-25\n", encoding="utf-8")
    file = tmp_path / "acme.yml"
    file.write_text(GENAI, encoding="utf-8")
    args = SimpleNamespace(file=file, observed=None, commit=None, dry_run=False)
    assert genai_prices.run(args, catalog) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "in the future" in out
    cat = load(catalog)
    assert not cat.problems, [p.plain() for p in cat.problems]
    history = cat.entries["prices"]["acme/teacher-70b-api"].record.history
    assert [(p.date.isoformat(), p.basis, p.output_usd_per_mtok.value) for p in history] == [
        ("2025-01-01", "observed", 8), ("2025-03-01", "effective", 4)]
    # a re-run changes nothing; a later file with a new price appends a value
    assert genai_prices.run(args, catalog) == 0 and "1 unchanged" in capsys.readouterr().out
    file.write_text(GENAI.replace("prices_checked: 2025-01-01", "prices_checked: 2025-01-01\n    x: 1").replace(
        "start_date: 2025-03-01}\n        prices: {input_mtok: 1, output_mtok: 4}",
        "start_date: 2025-03-01}\n        prices: {input_mtok: 1, output_mtok: 4}\n      - constraint: {start_date: 2025-05-01}\n"
        "        prices: {input_mtok: 0.5, output_mtok: 2}"), encoding="utf-8")
    assert genai_prices.run(args, catalog) == 0 and "1 changed" in capsys.readouterr().out
    history = load(catalog).entries["prices"]["acme/teacher-70b-api"].record.history
    assert [p.output_usd_per_mtok.value for p in history] == [8, 4, 2]


def test_audit_checks_the_dollar_headlines(real_db):
    rows = {r[0]: r[1:] for r in real_db.execute(
        "select metric, claimed, recomputed, reason from audit "
        "where metric in ('training_cost_usd', 'break_even_weeks')").fetchall()}
    claimed, recomputed, reason = rows["training_cost_usd"]
    assert recomputed == pytest.approx(claimed) and "source's own" in reason  # the $2/h is DeepSeek's assumption
    claimed, recomputed, reason = rows["break_even_weeks"]
    assert recomputed > claimed and reason.startswith("headline does not hold")


def test_published_dollars_say_what_they_include(real_db):
    rows = real_db.execute("select figure, published_usd, includes, teacher_side, derived_usd, why_no_derived "
                           "from training_dollars_compared where model_id = 'novasky/sky-t1-32b-preview'").fetchall()
    by = {r[0]: r for r in rows}
    student = by["stage:distillation_student"]
    assert student[1] == 450 and student[3] is False and "one stage only" in student[2]
    assert student[4] is None and "not published" in student[5]  # 19 h x 8 GPUs is never turned into GPU-hours
    assert by["stage:distillation_teacher"][3] is True


def test_distillation_break_even_keeps_student_training_visible(real_db):
    rows = real_db.execute("select candidate_price_id, student_training_included, one_off_usd, "
                           "teacher_data_usd + coalesce(evaluation_usd, 0), "
                           "break_even_queries_low, break_even_queries, break_even_queries_high "
                           "from distillation_break_even where reference_price_id = 'openai/gpt-4o'").fetchall()
    assert rows
    for _, included, one_off, data, low, mid, high in rows:
        assert included or one_off == pytest.approx(data)
        assert low <= mid and (high is None or mid <= high)


def test_epoch_gpu_prices_attach_only_to_recorded_gpus(tmp_path, capsys):
    from pipeline.importers import epoch_gpu_prices

    catalog = copy_catalog(VALID, tmp_path)
    (catalog / "gpus/acme/g1.yaml").write_text((catalog / "gpus/acme/g1.yaml").read_text().replace(
        "name: G1 80GB", "name: G1 80GB\naka: [Acme G1]"), encoding="utf-8")
    csv = tmp_path / "hw.csv"
    csv.write_text('Hardware name,Google Cloud pricing ($ per hour) data from 17 dec 2022\n'
                   'Acme G1,$1.50\nAcme G2,$9.00\nAcme G3,n/a\n', encoding="utf-8")
    args = SimpleNamespace(csv=csv, dry_run=False)
    assert epoch_gpu_prices.run(args, catalog) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "Acme G2: no GPU record" in out and "not a dollar figure" in out
    (catalog / "sources/epoch-ml-hardware.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/json/sources.schema.json\ntitle: Epoch hardware\nyear: 2025\n"
        "url: https://epoch.ai/data/machine-learning-hardware\nkind: dataset\naccessed: 2025-06-01\n", encoding="utf-8")
    cat = load(catalog)
    assert not cat.problems, [p.plain() for p in cat.problems]
    series = cat.entries["prices"]["google-cloud/g1-on-demand"].record
    assert series.gpu == "acme/g1" and series.provider_class == "hyperscaler_on_demand"
    assert [(p.date.isoformat(), p.usd_per_gpu_hour.value) for p in series.history] == [("2022-12-17", 1.5)]
    assert epoch_gpu_prices.run(args, catalog) == 0 and "1 unchanged" in capsys.readouterr().out


# --- GPU-hour prices, inference and the economics page (economics helper, issue #13) ---

V2_CONFIG = ('{"Model": "acme/Student-1B-Chat", "GPU": "NVIDIA H100 80GB HBM3", "TP": 2, "PP": 1, '
             '"Energy/req (J)": 120.0, "Avg TPOT (s)": 0.05, "Token tput (tok/s)": 2000.0, '
             '"Avg Output Tokens": 400.0, "Avg BS (reqs)": 60.5, "Max BS (reqs)": 64}')


def test_ml_energy_v2_import_keeps_catalogue_models_only(tmp_path, capsys):
    from pipeline.importers import ml_energy_v2

    catalog = copy_catalog(VALID, tmp_path)
    (catalog / "gpus/nvidia").mkdir(parents=True)
    (catalog / "gpus/nvidia/h100-sxm.yaml").write_text(
        (catalog / "gpus/acme/g1.yaml").read_text().replace("name: G1 80GB", "name: H100 SXM5 80GB"), encoding="utf-8")
    student = catalog / "models/acme/student-1b.yaml"
    student.write_text(student.read_text().replace("architecture: dense", "architecture: dense\nml_energy_id: acme/Student-1B-Chat"),
                       encoding="utf-8")
    data = tmp_path / "data"
    for name, text in [("llm_text_generation/chat/H100 80GB HBM3/acme/Student-1B-Chat/bs64+tp2+pp1.json", V2_CONFIG),
                       ("llm_text_generation/chat/H100 80GB HBM3/acme/Other-7B/bs64+tp1+pp1.json",
                        V2_CONFIG.replace("acme/Student-1B-Chat", "acme/Other-7B"))]:
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    args = SimpleNamespace(data_dir=str(data), source="src-a", update=False)
    assert ml_energy_v2.run(args, catalog) == 0
    out = capsys.readouterr().out
    assert "1 inference record(s)" in out and "skipped acme/Other-7B" in out
    cat = load(catalog)
    assert not cat.problems, [p.plain() for p in cat.problems]
    (record,) = cat.entries["inference"].values()
    m = record.record
    assert m.model is None and m.model_name == "acme/Student-1B-Chat" and m.measurement_boundary == "gpu_only" and m.gpu == "nvidia/h100-sxm"
    (c,) = m.configurations
    assert (c.gpu_count, c.batch_size, c.tensor_parallel, c.energy_per_request_j.value, c.energy_per_token_j) == (2, 64, 2, 120, None)
    # a bad file is one message naming it
    (data / "llm_text_generation/chat/H100 80GB HBM3/acme/Student-1B-Chat/bs64+tp2+pp1.json").write_text("{", encoding="utf-8")
    assert ml_energy_v2.run(SimpleNamespace(data_dir=str(data), source="src-a", update=True), catalog) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_assumed_h100_hours_are_priced_at_the_latest_h100_price(real_db):
    rows = real_db.execute("select gpu_basis, price_date_basis, price_date, usd, price_ids from training_dollars "
                           "where gpu_id = 'nvidia/h100-sxm'").fetchall()
    latest = real_db.execute("select max(valid_from) from price_in_force where gpu_id = 'nvidia/h100-sxm'").fetchone()[0]
    assumed = [r for r in rows if r[0] == "assumed"]
    assert assumed and all(r[1] == "latest" and r[2] == latest and r[3] is not None for r in assumed)
    rows = real_db.execute("select t.gpu_basis, t.price_date_basis, m.released from training_dollars t "
                           "join model_training_hours m using (model_id) where t.gpu_id = 'nvidia/h100-sxm'").fetchall()
    assert all(r[1] in ("release", "earliest") for r in rows if r[0] != "assumed" and r[2] is not None)
    priced, total = real_db.execute("select count(usd), count(*) from training_dollars").fetchone()
    assert priced >= 400 and total >= priced  # 429 of 686 when written (59 before the provider price lists)


def test_self_hosted_cost_is_the_gpu_hour_price_over_measured_throughput(real_db):
    row = real_db.execute("""select usd_per_gpu_hour, tokens_per_s_per_gpu, usd_per_mtok, usd_per_mtok_low, usd_per_mtok_high
        from self_hosted_cost where model_id = 'meta/llama-3.1-8b-instruct' and gpu_id = 'nvidia/h100-sxm'
        and usd_per_mtok is not null order by usd_per_mtok limit 1""").fetchone()
    price, tps, usd, low, high = row
    assert usd == pytest.approx(price * 1e6 / (tps * 3600)) and low <= usd <= high
    assert real_db.execute("select count(*) from self_hosted_cost where gpu_id = 'nvidia/b200' and usd_per_mtok is not null"
                           ).fetchone()[0] == 0  # no B200 price recorded: no dollars invented


def test_inference_figures_reach_catalogue_models_with_their_boundary(real_db):
    models = real_db.execute("select count(distinct model_id) from serving_energy").fetchone()[0]
    assert models >= 30  # issue #13: at least 30 catalogue models with a measured inference figure
    assert real_db.execute("select count(*) from inference_energy where measurement_boundary is null").fetchone()[0] == 0
    # energy per response only (ML.ENERGY V2): per token is derived in the view, never typed in
    j, req, toks = real_db.execute("""select j_per_output_token, energy_per_request_j, avg_output_tokens from inference_energy
        where energy_per_token_j is null and energy_per_request_j is not null limit 1""").fetchone()
    assert j == pytest.approx(req / toks)


def test_economics_json_redoes_break_even_under(real_db):
    from publish import economics_data

    data = economics_data.build(real_db)
    d = data["defaults"]
    assert (d["queries_per_month"], d["input_tokens"], d["output_tokens"]) == (1_000_000, 500, 200)
    series = {s["id"]: s for s in data["series"]}
    ref, cand = series[d["reference"]]["points"][-1], series[d["candidate"]]["points"][-1]
    per_query = lambda p: (500 * p["input"] + 200 * p["output"]) / 1e6  # noqa: E731
    assert per_query(ref) * 1e6 == pytest.approx(3250) and per_query(cand) * 1e6 < 200
    cand_model = series[d["candidate"]]["model"]
    ev = data["evaluation"].get(cand_model)
    eval_usd = ev["items"] * data["scenario"]["eval_tokens_per_item"] * cand["output"] / 1e6 if ev else 0
    weeks = (data["scenario"]["tokens"] * ref["output"] / 1e6 + eval_usd) / (per_query(ref) - per_query(cand)) / 1e6 * 52 / 12
    sql = real_db.execute(f"""select break_even_weeks from break_even_under(queries_per_month := 1e6, input_tokens := 500,
        output_tokens := 200, price_date := date '{d["price_date"]}') where reference_price_id = ? and candidate_price_id = ?""",
                          [d["reference"], d["candidate"]]).fetchone()[0]
    assert weeks == pytest.approx(sql)


def test_model_page_economics_section_shows_price_date_and_source(real_db):
    from publish import model_economics

    text = model_economics.section(real_db, "deepseek/deepseek-r1-distill-llama-70b")
    # Priced at the latest H100 date across provider classes, each class's source linked.
    assert "Training dollars: <strong>$" in text and "2025-05-14" in text and "Capacity Blocks" in text
    assert "RunPod documentation" in text and "specialist cloud, reserved" in text
    assert "$ per M output tokens" in text  # its Groq API price
    assert model_economics.section(real_db, "no/such-model") == ""


def test_evaluation_cost_is_an_assumption_in_its_own_columns(real_db):
    """Item 4 of #13: evaluation = items x samples of the benchmarks the candidate reports x assumed tokens per item x
    its output price; shown apart, added to the one-off only where included, and 0 leaves it out."""
    rows = real_db.execute("""select d.candidate_model_id, d.evaluation_items, d.evaluation_usd, d.evaluation_usd_low,
            d.evaluation_usd_high, d.evaluation_included, d.one_off_usd, d.teacher_data_usd,
            coalesce(d.student_training_usd, 0), s.eval_tokens_per_item, f.output_usd_per_mtok
        from distillation_break_even d join scenarios s using (scenario_id)
        join price_in_force f on f.price_id = d.candidate_price_id and f.valid_until is null""").fetchall()
    assert any(r[5] for r in rows) and any(not r[5] for r in rows)  # self-hosted/8b-student reports no benchmarks
    for model, items, usd, low, high, included, one_off, data, train, tokens, out in rows:
        if included:
            assert usd == pytest.approx(items * tokens * out / 1e6) and low <= usd <= high
            assert one_off == pytest.approx(data + train + usd)
        else:
            assert usd is None and one_off == pytest.approx(data + train)
    base = "queries_per_month := 1e6, input_tokens := 500, output_tokens := 200"
    off = dict(real_db.execute(f"select candidate_price_id, evaluation_included from break_even_under({base}, "
                               "eval_tokens_per_item := 0)").fetchall())
    assert off and not any(off.values())
    mine = real_db.execute(f"""select evaluation_usd, evaluation_usd_low, evaluation_usd_high from break_even_under({base},
        eval_tokens_per_item := 4000) where candidate_price_id = 'openai/gpt-4o-mini'""").fetchone()
    items = real_db.execute("select eval_items from stg_model_eval_items where model_id = 'openai/gpt-4o-mini'").fetchone()[0]
    assert mine[0] == pytest.approx(items * 4000 * 0.6 / 1e6) and mine[0] == mine[1] == mine[2]


def test_specialist_cloud_per_second_quote_becomes_a_gpu_hour_price(real_db):
    """Item 1 of #13: a specialist cloud's dated series, recorded in the unit its page states (per second) and turned
    into a GPU-hour price by price_in_force, never typed in converted."""
    rows = real_db.execute("""select price_id, gpu_id, quoted_per, usd_per_gpu_hour, valid_from from price_in_force
        where provider_class = 'specialist_cloud' order by price_id""").fetchall()
    by = {r[0]: r for r in rows}
    assert by["runpod/h100-serverless-flex"][1:4] == ("nvidia/h100-sxm", "second", pytest.approx(0.00116 * 3600))
    assert real_db.execute("select usd_per_gpu_second from price_points where price_id = 'runpod/h100-serverless-flex'"
                           ).fetchone()[0] == pytest.approx(0.00116)
    assert all(r[2] == "hour" for r in real_db.execute(
        "select price_id, gpu_id, quoted_per from price_in_force where kind = 'gpu_hour' and provider_class <> "
        "'specialist_cloud'").fetchall())


def test_models_released_before_any_price_say_they_use_the_first_one(real_db):
    """Item 2 of #13: a model released before the first price recorded for its accelerator is priced at that first
    price and says so (earliest); its own accelerator's price, never another's; the rest say why they have none."""
    rows = real_db.execute("""select t.model_id, t.gpu_id, t.price_date, t.price_date_basis, t.usd, m.released
        from training_dollars t join model_training_hours m using (model_id)""").fetchall()
    first = dict(real_db.execute("select gpu_id, min(valid_from) from stg_gpu_hour_price_range group by gpu_id").fetchall())
    earliest = [r for r in rows if r[3] == "earliest"]
    assert earliest and all(r[5] < r[2] == first[r[1]] and r[4] is not None for r in earliest)
    assert all(r[2] == r[5] for r in rows if r[3] == "release" and r[4] is not None)
    assert not real_db.execute("""select count(*) from training_dollars t where usd is not null and exists (
        select 1 from unnest(string_split(t.price_ids, ', ')) u(p) join price_series s on s.price_id = u.p
        where s.gpu_id <> t.gpu_id)""").fetchone()[0]


def test_models_without_a_release_date_are_priced_at_their_own_accelerators_latest_price(real_db):
    """Item 2 of #13: a model with no release date but a priced accelerator is priced at that accelerator's latest
    recorded price (price_date_basis latest), never left empty for want of a date, never at another GPU's price."""
    rows = real_db.execute("""select t.model_id, t.gpu_id, t.price_date, t.price_date_basis, t.usd, t.no_price_reason
        from training_dollars t join model_training_hours m using (model_id)
        where m.released is null and t.gpu_id in (select gpu_id from stg_gpu_hour_price_range)""").fetchall()
    last = dict(real_db.execute("select gpu_id, max(valid_from) from stg_gpu_hour_price_range group by gpu_id").fetchall())
    assert rows and all(r[3] == "latest" and r[2] == last[r[1]] and r[4] is not None and r[5] is None for r in rows)
    assert not real_db.execute("select count(*) from training_dollars where no_price_reason like '%release date%'"
                               ).fetchone()[0]


def test_unpriced_models_without_a_gpu_record_say_what_epoch_names(real_db):
    """Item 2 of #13: hours on an accelerator the catalogue has no record of are not priced (no other GPU's price, no
    range across accelerators), and the reason names the hardware Epoch AI gives instead of calling it unrecorded."""
    rows = real_db.execute("""select t.no_price_reason, e.training_hardware from training_dollars t
        left join epoch_models e using (model_id) where t.gpu_id is null""").fetchall()
    assert rows and all(r[0] for r in rows)
    assert all(r[1] in r[0] for r in rows if r[1])
    assert all("not recorded" in r[0] for r in rows if not r[1])
    assert any("more than one accelerator" in r[0] for r in rows if r[1] and "," in r[1])
    assert not real_db.execute("select count(*) from training_dollars_on(date '2025-01-01') where no_price_reason is null "
                               "and usd is null").fetchone()[0]


def test_tpu_v5e_is_priced_from_a_dated_provider_page(real_db):
    """Item 1 of #13: the TPU v5e price is a series of dated values from Hugging Face's own pricing page (a change
    is a new value), and the Gemma models trained on TPU v5e are priced at it, each saying which date it used."""
    points = real_db.execute("""select valid_from, valid_until, usd_per_gpu_hour from price_in_force
        where price_id = 'hugging-face/endpoints-gcp-tpu-v5e' order by valid_from""").fetchall()
    assert [(str(p[0]), p[2]) for p in points] == [("2024-07-08", 1.38), ("2024-12-02", 1.2)]
    assert points[0][1] == points[1][0] and points[1][1] is None
    rows = real_db.execute("""select t.model_id, t.price_date_basis, t.price_date, t.usd, m.released
        from training_dollars t join model_training_hours m using (model_id) where t.gpu_id = 'google/tpu-v5e'""").fetchall()
    assert rows and all(r[3] is not None for r in rows)
    assert all(r[1] == "latest" for r in rows if r[4] is None)
    assert all(r[1] == "earliest" and str(r[2]) == "2024-07-08" for r in rows if r[4] is not None and str(r[4]) < "2024-07-08")


def test_h100_pcie_is_priced_from_coreweaves_own_page_not_the_sxm_price(real_db):
    """Item 1 of #13: the H100 PCIe has its own price (CoreWeave's documentation), never the SXM part's."""
    row = real_db.execute("""select price_ids, usd_per_gpu_hour, price_date_basis from training_dollars
        where gpu_id = 'nvidia/h100-pcie' and usd is not null limit 1""").fetchone()
    assert row == ("coreweave/h100-pcie-component", 4.25, "release")
