"""assets/data/economics.json: what the economics page's calculator needs, written by the build from the records.

The page computes the break-even in the browser (assets/js/economics.js) exactly as the SQL macro
break_even_under() does: every API price series with its dated values (the value in force on the reader's date is
picked there), the distillation set of the example scenario, the training dollars of the candidates that are made
by distilling or fine-tuning, the evaluation size of every candidate model (benchmark items x samples it reports;
priced with the scenario's ASSUMED tokens per item), and defaults read from the records (the economics post's worked example: its scenario's
tokens per query, its claims' monthly volume and the two price series it quotes)."""

from __future__ import annotations

import json
from pathlib import Path

from .figures import records

SCENARIO = "api-example-2026"
"""The scenario the worked example's claims name (catalog/claims/pan-2026): query shape and distillation set."""


def _num(x):
    return None if x is None else float(x)


def build(con) -> dict:
    prices = records(con, """
        select f.price_id, f.provider, f.product, f.model_id, f.valid_from::varchar as valid_from,
               f.valid_until::varchar as valid_until, f.input_usd_per_mtok as input, f.output_usd_per_mtok as output,
               coalesce(f.input_low, f.input_usd_per_mtok) as input_low, coalesce(f.input_high, f.input_usd_per_mtok) as input_high,
               coalesce(f.output_low, f.output_usd_per_mtok) as output_low, coalesce(f.output_high, f.output_usd_per_mtok) as output_high,
               f.figure_kind, f.source_id, s.title as source_title, s.url as source_url
        from price_in_force f join sources s using (source_id)
        where f.kind = 'api_tokens' order by f.price_id, f.valid_from""")
    series: dict[str, dict] = {}
    for p in prices:
        entry = series.setdefault(p["price_id"], {"id": p["price_id"], "provider": p["provider"], "product": p["product"],
                                                  "model": p["model_id"], "points": []})
        entry["points"].append({k: (_num(p[k]) if k.startswith(("input", "output")) else p[k])
                                for k in ("valid_from", "valid_until", "input", "input_low", "input_high", "output",
                                          "output_low", "output_high", "figure_kind", "source_title", "source_url")})
    scenario = records(con, """
        select scenario_id, name, query_input_tokens, query_output_tokens, distill_samples,
               distill_samples * tokens_per_sample as tokens,
               distill_samples * coalesce(tokens_per_sample_low, tokens_per_sample) as tokens_low,
               distill_samples * coalesce(tokens_per_sample_high, tokens_per_sample) as tokens_high,
               eval_tokens_per_item, coalesce(eval_tokens_per_item_low, eval_tokens_per_item) as eval_tokens_per_item_low,
               coalesce(eval_tokens_per_item_high, eval_tokens_per_item) as eval_tokens_per_item_high
        from scenarios where scenario_id = ?""", [SCENARIO])
    evaluation = records(con, """
        select model_id, eval_items, benchmarks from stg_model_eval_items
        where eval_items is not null
          and model_id in (select model_id from price_series where kind = 'api_tokens' and model_id is not null)""")
    training = records(con, """
        select t.model_id, t.usd, t.usd_low, t.usd_high, t.price_date::varchar as price_date
        from training_dollars t join stg_models m using (model_id)
        where t.usd is not null and m.model_type in ('distilled', 'fine_tuned')
          and t.model_id in (select model_id from price_series where kind = 'api_tokens' and model_id is not null)""")
    # Defaults: the worked example's claims (monthly cost of the reference and of the cheaper model, same source).
    claims = records(con, """
        select c.subject_id as model_id, c.queries_per_month, c.source_id, c.value, c.qualifier
        from claims c where c.metric = 'monthly_api_cost_usd' and c.scenario_id = ? order by c.position""", [SCENARIO])
    defaults = {"queries_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 200,
                "reference": None, "candidate": None, "price_date": None, "claims": []}
    if scenario:
        defaults["input_tokens"] = scenario[0]["query_input_tokens"]
        defaults["output_tokens"] = scenario[0]["query_output_tokens"]
    if claims:
        defaults["queries_per_month"] = claims[0]["queries_per_month"] or defaults["queries_per_month"]
        by_source = {(s["model"], pt["source_title"]): s["id"] for s in series.values() for pt in s["points"]}
        title = records(con, "select title from sources where source_id = ?", [claims[0]["source_id"]])
        title = title[0]["title"] if title else None
        picked = [by_source.get((c["model_id"], title)) for c in claims]
        if len(picked) >= 2 and all(picked[:2]):
            defaults["reference"], defaults["candidate"] = picked[0], picked[1]
            defaults["price_date"] = series[picked[0]]["points"][-1]["valid_from"]
        defaults["claims"] = [{"model": c["model_id"], "value": _num(c["value"]), "qualifier": c["qualifier"]} for c in claims]
    return {"scenario": scenario[0] if scenario else None, "series": list(series.values()),
            "evaluation": {e["model_id"]: {"items": int(e["eval_items"]), "benchmarks": e["benchmarks"]} for e in evaluation},
            "training": {t["model_id"]: {k: t[k] for k in ("usd", "usd_low", "usd_high", "price_date")} for t in training},
            "defaults": defaults}


def write(con, docs: Path, previous_docs: Path | None = None) -> Path:
    """`previous_docs`: the last build's, whose file is linked when its bytes are these (pipeline/atomic.py)."""
    from pipeline.atomic import write_or_link

    target = docs / "assets" / "data" / "economics.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(build(con), sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")
    write_or_link(target, data, previous_docs / "assets" / "data" / "economics.json" if previous_docs is not None else None)
    return target
