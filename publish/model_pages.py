"""One page per model (models/<org>/<name>/) and the models index table.

Every dataset is fetched once and grouped in Python, so the cost grows linearly with the
catalogue (one query per page would not). Pages are linked from the index, not the nav."""

from __future__ import annotations

from pathlib import Path

from . import escape
from .figures import group_by, records
from .numbers import fmt
from .tables import Column, html_table, source_link

ROOT_FROM_MODEL = "../../../"  # models/<org>/<name>/ -> site root

FIELD_LABELS = {
    "total_params_b": "Total parameters (billions)",
    "active_params_b": "Active parameters (billions)",
    "training_tokens_t": "Training tokens (trillions)",
    "training_compute_flop": "Training compute (FLOP)",
    "training_gpu_hours": "Training GPU-hours",
    "training_emissions_tco2e": "Training emissions (tCO2e)",
    "distillation.samples": "Distillation samples",
    "distillation.tokens": "Distillation tokens",
}


_source = source_link()  # the same renderer every table uses: source title linked to its https URL


def _model_href(model_id: str, prefix: str) -> str:
    return f"{prefix}models/{escape.text(model_id)}/"


def write_model_pages(con, docs: Path, default_scenario: str) -> int:
    models = records(con, "select m.*, s.model_type from models m join stg_models s using (model_id) order by model_id")
    names = {m["model_id"]: m["name"] for m in models}
    facts = group_by(records(con, """
        select f.record_id as model_id, f.field, f.value, f.low, f.high, f.kind, f.confidence, f.note, f.source_id,
               s.title as source_title, s.url as source_url
        from facts f join sources s using (source_id)
        where f.record_kind = 'models' order by f.record_id, f.field"""), "model_id")
    scores = group_by(records(con, """
        select sc.*, b.name as benchmark_name, b.scale_max, s.title as source_title, s.url as source_url
        from scores sc join benchmarks b using (benchmark_id) join sources s on s.source_id = sc.source_id
        order by sc.model_id, sc.benchmark_id, sc.position"""), "model_id")
    teachers = group_by(records(con, "select * from model_teachers order by model_id, position"), "model_id")
    students = group_by(records(con, """
        select teacher_id as parent_id, model_id, 'teacher of' as relation from model_teachers
        union all select base_model_id, model_id, 'base of' from models where base_model_id is not null
        order by 1, 2"""), "parent_id")
    compute = {r["model_id"]: r for r in records(con, "select * from model_training_compute")}
    creation = group_by(records(con, """
        select c.*, sc.name as scenario_name from model_creation_compute c join scenarios sc using (scenario_id)
        order by c.model_id, c.scenario_id"""), "model_id")
    hours = group_by(records(con, """
        select h.*, g.name as gpu_name, sc.name as scenario_name
        from model_gpu_hours h join gpus g using (gpu_id) join scenarios sc using (scenario_id)
        where h.scenario_id = ? order by h.model_id, g.peak_bf16_dense_tflops""", [default_scenario]), "model_id")
    audit = group_by(records(con, """
        select subject_id as model_id, location, metric, gpu_id, claimed, recomputed, ratio, reason
        from audit where subject_kind = 'model' order by subject_id, claim_table_id, position"""), "model_id")
    sources = group_by(records(con, """
        select m.model_id, s.source_id, s.title as source_title, s.url as source_url
        from models m join sources s on s.source_id = m.source_id"""), "model_id")

    for m in models:
        mid = m["model_id"]
        page = docs / "models" / f"{mid}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_model_page(m, names, facts.get(mid, []), scores.get(mid, []), teachers.get(mid, []),
                                    students.get(mid, []), compute.get(mid), creation.get(mid, []), hours.get(mid, []),
                                    audit.get(mid, []), sources.get(mid, [])), encoding="utf-8")
    (docs / "models" / "index.md").write_text(_index_page(con, default_scenario), encoding="utf-8")
    return len(models)


def _kv(label: str, value_html: str) -> str:
    # End tags left out as in html_table(compact=True): this page is outside the search index.
    return f"<tr><th scope=\"row\">{escape.text(label)}<td>{value_html}"


def _model_page(m, names, facts, scores, teachers, students, compute, creation, hours, audit, sources) -> str:
    p = ROOT_FROM_MODEL
    link = lambda mid: f'<a href="{_model_href(mid, p)}">{escape.text(names.get(mid, mid))}</a>'  # noqa: E731
    # Contributed text never reaches the <title> or the table of contents: MkDocs unescapes page titles and
    # the theme prints them raw. The title is the name reduced to harmless characters; the visible heading
    # is escaped HTML.
    # Model pages stay out of the search index (the models table, which is indexed, lists every name): the
    # search plugin re-parses each page's HTML, and at thousands of pages that doubles the build.
    out = ["---", f'title: "{escape.safe_title(m["name"], m["model_id"])}"', "search:", "  exclude: true", "---", "",
           f'<h1>{escape.text(m["name"])}</h1>', ""]
    summary = [
        _kv("Id", f"<code>{escape.text(m['model_id'])}</code>"),
        _kv("Organisation", escape.text(m["organization"])),
        _kv("Released", escape.text(m["released"]) if m["released"] else "—"),
        _kv("Type", escape.text(m["model_type"])),
        _kv("Method", escape.text(m["method"])),
        _kv("Access", escape.text(m["access"])),
        _kv("Architecture", escape.text(m["architecture"])),
        _kv("Licence", escape.text(m["license"]) if m["license"] else "—"),
        _kv("Record source", "; ".join(_source(s) for s in sources) or "—"),
    ]
    if m["base_model_id"]:
        summary.append(_kv("Base model", link(m["base_model_id"])))
    if teachers:
        summary.append(_kv("Teachers", ", ".join(link(t["teacher_id"]) for t in teachers)))
    if students:
        summary.append(_kv("Descendants", ", ".join(f"{link(s['model_id'])} ({escape.text(s['relation'])})" for s in students)))
    out += ['<table><tbody>' + "".join(summary) + "</tbody></table>", ""]
    if m["note"]:
        out += [f'<p class="dl-note">{escape.text(m["note"])}</p>', ""]

    out += ["## Published facts", "", "Every figure with its source and kind (reported, estimated or measured).", ""]
    fact_cols = [
        Column("field", "Figure", lambda r: escape.text(FIELD_LABELS.get(r["field"], r["field"]))),
        Column("value", "Value", numeric=True),
        Column("range", "Range", lambda r: f"{fmt(r['low'])} – {fmt(r['high'])}" if r["low"] is not None or r["high"] is not None else ""),
        Column("kind", "Kind"),
        Column("confidence", "Confidence"),
        Column("source_id", "Source", _source),
        Column("note", "Note"),
    ]
    out += [html_table(fact_cols, facts, filterable=False, compact=True) if facts else "<p>No sourced figures yet.</p>", ""]

    out += ["## Benchmark scores", "", "Each row is one result with its settings; variants are never merged.", ""]
    score_cols = [
        Column("benchmark_name", "Benchmark"),
        Column("value", "Score", lambda r: f"{fmt(r['value'])} / {fmt(r['scale_max'])}", numeric=True),
        Column("metric", "Metric"),
        Column("settings", "Settings", _settings),
        Column("origin", "Origin"),
        Column("source_id", "Source", _source),
        Column("note", "Note"),
    ]
    out += [html_table(score_cols, scores, filterable=False, compact=True) if scores else "<p>No scores yet.</p>", ""]

    out += ["## Derived compute", "",
            f'Recomputed from the records by the views of the <a href="{p}methodology/">methodology</a>; '
            "these are derived, not published, figures.", ""]
    if compute:
        rows = [
            {"what": "Published training compute (FLOP)", "value": compute["published_flop"]},
            {"what": "6·N·D with active parameters (FLOP)", "value": compute["recomputed_active_flop"]},
            {"what": "6·N·D with total parameters (FLOP)", "value": compute["recomputed_total_flop"]},
        ]
        # One row per distinct figure: scenarios that agree (all but tokens-per-sample ones) are listed together.
        grouped: dict[tuple, list[str]] = {}
        for c in creation:
            grouped.setdefault((c["basis"], c["creation_flop"]), []).append(c["scenario_name"])
        rows += [{"what": f"Creation compute ({basis}, FLOP) under " + ", ".join(f"“{n}”" for n in names),
                  "value": flop} for (basis, flop), names in grouped.items()]
        out += [html_table([Column("what", "Figure"), Column("value", "Value", numeric=True)], rows, filterable=False, compact=True), ""]
    if hours:
        out += [f"GPU-hours, energy and emissions of creating it on each GPU under “{escape.text(hours[0]['scenario_name'])}” "
                f"(range from the scenario's MFU range). Try your own assumptions on the "
                f'<a href="{p}hardware/">hardware page</a>.', ""]
        hour_cols = [
            Column("gpu_name", "GPU"),
            Column("gpu_hours", "GPU-hours", numeric=True),
            Column("range", "Range", lambda r: f"{fmt(r['gpu_hours_low'])} – {fmt(r['gpu_hours_high'])}"),
            Column("energy_mwh", "Energy (MWh)", numeric=True),
            Column("tco2e", "tCO2e", numeric=True),
        ]
        out += [html_table(hour_cols, hours, filterable=False, compact=True), ""]
    if audit:
        out += ["## Audit", "", f'Figures other sources published about this model, beside the recomputation '
                f'(<a href="{p}audit/">all audited figures</a>).', ""]
        audit_cols = [Column("location", "Where"), Column("metric", "Metric"), Column("claimed", "Claimed", numeric=True),
                      Column("recomputed", "Recomputed", numeric=True), Column("ratio", "Ratio", numeric=True),
                      Column("reason", "Reason")]
        out += [html_table(audit_cols, audit, filterable=False, compact=True), ""]
    return "\n".join(out) + "\n"


def _settings(row: dict) -> str:
    parts = []
    for key, label in (("samples_k", "k"), ("temperature", "T"), ("top_p", "top-p"), ("max_tokens", "max tokens"),
                       ("reasoning_effort", "effort"), ("harness", "harness")):
        if row.get(key) is not None:
            parts.append(f"{label} {escape.text(row[key] if isinstance(row[key], str) else fmt(row[key]))}")
    return ", ".join(parts) or "not stated"


def _index_page(con, scenario: str) -> str:
    rows = records(con, """
        select m.model_id, m.name, m.organization, s.model_type, m.total_params_b, m.active_params_b,
               m.training_tokens_t, c.creation_flop, (select count(*) from scores x where x.model_id = m.model_id) as scores
        from models m
        join stg_models s using (model_id)
        left join model_creation_compute c on c.model_id = m.model_id and c.scenario_id = ?
        order by m.name""", [scenario])
    cols = [
        Column("name", "Model", lambda r: f'<a href="{escape.text(r["model_id"])}/">{escape.text(r["name"])}</a>'),
        Column("organization", "Organisation"),
        Column("model_type", "Type"),
        Column("total_params_b", "Params (B)", numeric=True),
        Column("active_params_b", "Active (B)", numeric=True),
        Column("training_tokens_t", "Tokens (T)", numeric=True),
        Column("creation_flop", "Creation compute (FLOP)", numeric=True),
        Column("scores", "Scores", numeric=True),
    ]
    return ("# Models\n\n"
            "Every model in the catalogue. Click a column to sort, type to filter; each name opens the model's page "
            "with every figure's source. Creation compute is distillation compute for distilled models and training "
            "compute otherwise, under the first paper's assumptions.\n\n"
            + html_table(cols, rows, table_id="models-table", search_keys=("name",)))
