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
    rows = real_db.execute("select candidate_price_id, student_training_included, one_off_usd, teacher_data_usd, "
                           "break_even_queries_low, break_even_queries, break_even_queries_high "
                           "from distillation_break_even where reference_price_id = 'openai/gpt-4o'").fetchall()
    assert rows
    for _, included, one_off, data, low, mid, high in rows:
        assert included or one_off == data
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
