"""One page per model (models/<org>/<name>/) and the models index table.

Every dataset is fetched once and grouped in Python, so the cost grows linearly with the
catalogue (one query per page would not). Pages are linked from the index, not the nav."""

from __future__ import annotations

from pathlib import Path

from . import escape, model_economics, page_reuse
from .figures import group_by, records
from . import numbers
from .labels import label, origin_label
from .numbers import fmt
from .raw_blocks import mark
from .tables import SEARCH_EXCLUDE, Column, html_table, source_link

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
    "distillation.epochs": "Distillation epochs",
    "training_cost_usd": "Training cost (US dollars)",
    # Figures imported from Epoch AI's Data on AI Models, named as a reader reads them (Epoch's in the source link)
    "epoch.parameters": "Parameters (Epoch AI)",
    "epoch.training_compute_flop": "Training compute (FLOP, Epoch AI)",
    "epoch.dataset_size": "Training data size (data points, Epoch AI)",
    "epoch.epochs": "Epochs (Epoch AI)",
    "epoch.hardware_quantity": "Training chips (Epoch AI)",
    "epoch.power_draw_w": "Power draw of the training hardware (W, Epoch AI)",
    "epoch.training_time_hours": "Training time (hours, Epoch AI)",
    "epoch.chip_hours": "Chip-hours (Epoch AI)",
    "epoch.cost_usd_2023": "Training cost (2023 US dollars, Epoch AI)",
    "epoch.finetune_compute_flop": "Fine-tuning compute (FLOP, Epoch AI)",
    "epoch.post_training_compute_flop": "Post-training compute (FLOP, Epoch AI)",
    "epoch.mfu": "Hardware utilisation (MFU, Epoch AI)",
}
STAGE_UNITS = {"tokens": "tokens", "gpu_hours": "GPU-hours", "cost_usd": "US dollars"}


def field_label(field: str) -> str:
    """A published figure's name in words with its unit (never the record's dotted key)."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "stages":  # stages.<stage>.<quantity>
        return f"{label(parts[1])}: {STAGE_UNITS.get(parts[2], label(parts[2]).lower())}"
    return label(parts[-1]) if parts[0] == "epoch" else label(field)


_source = source_link()  # the same renderer every table uses: source title linked to its https URL
_other_source = source_link("other_source", "other_url", "other_title")


def _model_href(model_id: str, prefix: str) -> str:
    return f"{prefix}models/{escape.text(model_id)}/"


CHUNK = 1000
"""Models whose pages are made together: their figures are fetched for the chunk, written, then dropped. Fetched for
every model at once (hours on each GPU, creation compute under each scenario, published facts: 300,000 rows as
Python objects at 1,000x), they were most of the site build's peak memory."""

_FACTS = """
    select f.record_id as model_id, f.field, f.value, f.low, f.high, f.kind, f.confidence, f.note, f.source_id,
           s.title as source_title, s.url as source_url
    from facts f join sources s using (source_id)
    where f.record_kind = 'models' {where} order by f.record_id, f.field"""
# Creation compute with its kind and range: the own stage's (model_own_cost) relative range carried onto it.
_CREATION = """
    select c.*, sc.name as scenario_name, o.figure_kind, o.confidence,
           c.creation_flop * coalesce(least(o.own_flop_low / nullif(o.own_flop, 0), 1), 1) as creation_flop_low,
           c.creation_flop * coalesce(greatest(o.own_flop_high / nullif(o.own_flop, 0), 1), 1) as creation_flop_high
    from model_creation_compute c join scenarios sc using (scenario_id)
    left join model_own_cost o using (model_id, scenario_id)
    where true {where} order by c.model_id, c.scenario_id"""
_HOURS = """
    select h.*, g.name as gpu_name, sc.name as scenario_name
    from model_gpu_hours h join gpus g using (gpu_id) join scenarios sc using (scenario_id)
    where h.scenario_id = ? {where} order by h.model_id, g.peak_bf16_dense_tflops, h.gpu_id"""


def write_model_pages(con, docs: Path, default_scenario: str, previous: Path | None = None,
                      recorded: dict | None = None, out: dict | None = None, known=None,
                      made: frozenset[Path] = frozenset()) -> int:
    """Every model's page (the models table's pages: index_pages). `previous` (the last build's models folder) and `recorded` (its
    per-page digests, from a state whose code fingerprint matches) let a page whose inputs are unchanged be copied
    (publish/page_reuse.py); `out` receives this build's digests ("pages") and the count copied ("reused").
    `known` (incremental.KnownResults, with `con` the page's recorder): queries of a page's own values whose results
    are known unchanged are not run for the pages copied. `made`: the pages' folders made ahead
    (page_reuse.make_folders_ahead)."""
    models = records(con, "select m.*, s.model_type from models m join stg_models s using (model_id) order by model_id")
    names = {m["model_id"]: m["name"] for m in models}
    types = {m["model_id"]: m["model_type"] for m in models}
    # What a page shows of other models (its base model, teachers, the models made from it), for every model.
    scores = group_by(records(con, """
        select sc.*, b.name as benchmark_name, b.scale_max, s.title as source_title, s.url as source_url
        from scores sc join benchmarks b using (benchmark_id) join sources s on s.source_id = sc.source_id
        order by sc.model_id, sc.benchmark_id, sc.position"""), "model_id")
    teachers = group_by(records(con, "select * from model_teachers order by model_id, position"), "model_id")
    students = group_by(records(con, """
        select teacher_id as parent_id, model_id, 'teacher of' as relation from model_teachers
        union all select base_model_id, model_id, 'base of' from models where base_model_id is not null
        order by 1, 2, 3"""), "parent_id")  # a total order: a model can be both base and student of the same one
    compute_default = {c["model_id"]: c for c in records(con, _CREATION.format(where="and c.scenario_id = ?"),
                                                         [default_scenario])}
    # The comparison's GPU: the one the what-if starts on where the scenario has it, else the first listed.
    hours_first = {h["model_id"]: h for h in records(con, _HOURS.format(where="") .replace(
        "order by h.model_id, g.peak_bf16_dense_tflops, h.gpu_id",
        "qualify row_number() over (partition by h.model_id order by h.gpu_id <> 'nvidia/h100-sxm', "
        "g.peak_bf16_dense_tflops, h.gpu_id) = 1 order by h.model_id"), [default_scenario])}
    # Where a published training-compute figure comes from, so the comparison links it to its document.
    flop_sources = {}
    for f in records(con, _FACTS.format(where="and f.field in ('training_compute_flop', 'epoch.training_compute_flop')")):
        if f["field"] == "training_compute_flop":  # the record's own figure, which the views use first
            flop_sources[f["model_id"]] = (f["source_url"], f["source_title"])
        else:
            flop_sources.setdefault(f["model_id"], (f["source_url"], f["source_title"]))
    scenario_count = con.execute("""select count(distinct sc.name) from model_creation_compute c
                                    join scenarios sc using (scenario_id)""").fetchone()[0]
    by_page = len(models) <= SEARCH_PAGES_MAX  # else the models table pages carry the names (see SEARCH_PAGES_MAX)
    # What a page reads of other models: looked up through page_reuse.Watched, which notes the keys read.
    pages = page_reuse.ModelPages({"names": names, "types": types, "scores": scores, "compute_default": compute_default,
                                   "hours_first": hours_first, "flop_sources": flop_sources}, previous, recorded, made)
    # The dollars and inference section's queries (read once for every page): when none can return anything new, each
    # page's part of them is the digest the previous build recorded, and they are run (unrecorded) only for a page made.
    economics = con.untracked() if known is not None and known.skip_all(
        con, [(sql, []) for sql in model_economics.QUERIES]) else None
    for start in range(0, len(models), CHUNK):
        chunk = models[start:start + CHUNK]
        _write_chunk(con, docs, default_scenario, chunk, (chunk[0]["model_id"], chunk[-1]["model_id"]), pages,
                     teachers, students, scenario_count, by_page, known, economics)
    if out is not None:
        out.update(pages=pages.state, reused=pages.reused)
    return len(models)


_OWN = [  # what a page shows of its own model: (part, SQL over the models from ? to ?, one row per model)
    ("facts", _FACTS.format(where="and f.record_id between ? and ?"), False),
    ("creation", _CREATION.format(where="and c.model_id between ? and ?"), False),
    ("hours", _HOURS.format(where="and h.model_id between ? and ?"), False),
    ("compute", """
        select t.*, s.published_compute_kind, s.published_compute_confidence
        from model_training_compute t join stg_models s using (model_id) where t.model_id between ? and ?""", True),
    ("audit", """
        select subject_id as model_id, location, metric, gpu_id, claimed, recomputed, ratio, reason
        from audit where subject_kind = 'model' and subject_id between ? and ?
        order by subject_id, claim_table_id, position""", False),
    ("sources", """
        select m.model_id, s.source_id, s.title as source_title, s.url as source_url
        from models m join sources s on s.source_id = m.source_id where m.model_id between ? and ?""", False),
    ("conflicts", """
        select c.record_id as model_id, c.field, c.used_value, c.other_value, c.relative_difference, c.why_used,
               c.used_source as source_id, u.title as source_title, u.url as source_url,
               c.other_source, o.title as other_title, o.url as other_url
        from conflicts c join sources u on u.source_id = c.used_source join sources o on o.source_id = c.other_source
        where c.record_kind in ('models', 'scores') and c.record_id between ? and ?
        order by c.record_id, c.field""", False),
    # Measured pipeline runs with this model as the student (the energy page lists them all, with their stages).
    ("energy_runs", """
        select t.student_id as model_id, t.run_id, t.study, t.pipeline, t.total_kwh, t.teacher_kwh, t.student_kwh, t.q,
               s.source_id, s.title as source_title, s.url as source_url
        from energy_pipeline_totals t join energy_runs r using (run_id) join sources s on s.source_id = r.source_id
        where t.student_id between ? and ? order by t.student_id, t.study, t.pipeline, t.run_id""", False),
]


def _own_rows(con, sql: str, params: list, one: bool) -> dict:
    rows = records(con, sql, params)
    return {r["model_id"]: r for r in rows} if one else group_by(rows, "model_id")


def _write_chunk(con, docs, default_scenario, chunk, bounds, pages, teachers, students, scenario_count, by_page,
                 known=None, economics=None) -> None:
    """The pages of one chunk of models (in model id order, from bounds[0] to bounds[1]), from their own figures.

    Each of _OWN is a part of a page's digest (page_reuse.py). A part whose query returns what it returned in the
    previous build (`known`) is not fetched for the chunk: a page's digest takes that part's digest as the previous
    build recorded it, and the query is run once, over the models from the first to the last page to make, only if
    some page must be made again (or has no recorded part)."""
    def params(name: str, low: str, high: str) -> list:
        return [default_scenario, low, high] if name == "hours" else [low, high]

    # `economics`: the connection to read the dollars section's data on, unrecorded, when its queries are known
    # unchanged (write_model_pages); else None, and they are read (and recorded) on `con`.
    economics_con = economics if economics is not None else con

    def economics_part(mid: str, kept: str | None) -> str:
        """The page's part of the dollars and inference section's data: as recorded, when their queries are known
        unchanged; else digested now."""
        if economics is not None and kept is not None:
            return kept
        return page_reuse.part_digest(model_economics.inputs(economics_con, mid))

    fetched = {name: _own_rows(con, sql, params(name, *bounds), one) for name, sql, one in _OWN
               if known is None or not known.skip(con, sql, params(name, *bounds))}
    to_make = []
    for m in chunk:
        mid = m["model_id"]
        page = docs / "models" / f"{mid}.md"
        # Everything else the page shows besides the lookups of other models.
        rest = (m, teachers.get(mid, []), students.get(mid, []), scenario_count, by_page)
        kept = pages.kept_parts(mid, len(_OWN) + 1)  # the economics part after _OWN's
        if any(part is None and name not in fetched for part, (name, _, _) in zip(kept, _OWN)):
            to_make.append((m, page, rest, None))  # a part not recorded: fetched below, then digested
            continue
        parts = "".join([part if name not in fetched else page_reuse.part_digest(_one(fetched[name], mid, one))
                         for part, (name, _, one) in zip(kept, _OWN)]
                        + [economics_part(mid, kept[len(_OWN)]), page_reuse.part_digest(rest)])
        if not pages.reuse(mid, parts, page):
            to_make.append((m, page, rest, parts))
    if not to_make:
        return
    low, high = to_make[0][0]["model_id"], to_make[-1][0]["model_id"]
    for name, sql, one in _OWN:
        if name not in fetched:
            fetched[name] = _own_rows(con, sql, params(name, low, high), one)
    for m, page, rest, parts in to_make:
        mid = m["model_id"]
        values = {name: _one(fetched[name], mid, one) for name, _, one in _OWN}
        if parts is None:
            parts = "".join([page_reuse.part_digest(values[name]) for name, _, _ in _OWN]
                            + [economics_part(mid, None), page_reuse.part_digest(rest)])
            if pages.reuse(mid, parts, page):
                continue
        pages.make_folder(page)
        seen, keys, whole = pages.watch()
        text = _model_page(m, seen["names"], seen["types"], seen["scores"], seen["compute_default"],
                           seen["hours_first"], values["facts"], rest[1], rest[2], values["compute"], values["creation"],
                           values["hours"], values["audit"], values["sources"], values["conflicts"],
                           seen["flop_sources"], scenario_count, searchable=by_page, energy_runs=values["energy_runs"])
        page.write_text(text + model_economics.section(economics_con, mid), encoding="utf-8")
        pages.made(mid, parts, keys, whole)


def _one(rows: dict, model_id: str, one: bool):
    return rows.get(model_id) if one else rows.get(model_id, [])


def _kv(label: str, value_html: str) -> str:
    # End tags left out as in html_table(compact=True).
    return f"<tr><th scope=\"row\">{escape.text(label)}<td>{value_html}"


NO_SEARCH = "{ data-search-exclude }"  # attr_list: a section kept out of the search index (the name stays in)


def _comparison(m, names, types, scores_by_model, compute_by_model, hours_by_model, teachers, students, p,
                flop_sources=None) -> list[str]:
    """This model beside its base model and teachers (or, for a model with none, the models made from it):
    compute, GPU-hours and scores on the benchmarks they share, each figure linked to its source or method."""
    others = ([(m["base_model_id"], "Base model")] if m["base_model_id"] else []) + \
             [(t["teacher_id"], "Teacher") for t in teachers]
    heading = "Against its base model and teacher"
    if not others:
        others = [(s["model_id"], "Made from it") for s in students][:4]
        heading = "Against the models made from it"
    if not others:
        return []
    ids = [m["model_id"]] + [o for o, _ in others]
    roles = ["This model"] + [r for _, r in others]
    link = lambda mid: f'<a href="{_model_href(mid, p)}">{escape.text(names.get(mid, mid))}</a>'  # noqa: E731
    head = "".join(f'<th scope="col">{escape.text(role)}<br>{link(mid) if i else escape.text(names.get(mid, mid))}'
                   for i, (mid, role) in enumerate(zip(ids, roles)))
    flop_sources = flop_sources or {}
    rows = [_kv("Type", "<td>".join(escape.text(label(types.get(mid))) for mid in ids))]
    method = f'<a href="{p}methodology/#training-compute">'

    def compute_cell(mid):
        c = compute_by_model.get(mid)
        if not c:
            return "—"
        d = digits(c.get("figure_kind"), c.get("confidence"))
        src = flop_sources.get(mid) if c["basis"] == "published" else None
        figure = f"{rounded(c['creation_flop'], d)} FLOP"
        shown = escape.link(src[0], figure) if src else f"{method}{figure}</a>"  # published: its document; derived: how
        return (f"{shown}<br><small>"
                f"{_span(c.get('creation_flop_low'), c.get('creation_flop_high'), c['creation_flop'], d)}"
                f"{escape.text(basis_words(c['basis']))}; {escape.text(kind_words(c.get('figure_kind'), c.get('confidence')))}"
                f"{' · ' + escape.text(src[1]) if src else ''}</small>")

    def hours_cell(mid):
        h = hours_by_model.get(mid)
        if not h:
            return "—"
        d = digits(h.get("figure_kind"), h.get("confidence"))
        return (f"{method}{rounded(h['gpu_hours'], d)} GPU-hours</a><br><small>{rounded(h['gpu_hours_low'], d)}–{rounded(h['gpu_hours_high'], d)}, "
                f"{escape.text(energy_rounded(h['energy_mwh'], d))}, {rounded(h['tco2e'], d)} tCO2e "
                f"({rounded(h['tco2e_low'], d)}–{rounded(h['tco2e_high'], d)})</small>")

    rows.append(_kv("Compute to create it (marginal: its own stage)", "<td>".join(compute_cell(mid) for mid in ids)))
    gpu = next((h["gpu_name"] for mid in ids for h in [hours_by_model.get(mid)] if h), None)
    if gpu:
        rows.append(_kv(f"GPU-hours on {gpu} (range from compute, MFU, PUE and grid)",
                        "<td>".join(hours_cell(mid) for mid in ids)))
    benchmarks = {}
    for mid in ids:
        for sc in scores_by_model.get(mid, []):
            benchmarks.setdefault(sc["benchmark_name"], {}).setdefault(mid, sc)
    shared = [b for b, by in sorted(benchmarks.items()) if m["model_id"] in by and len(by) > 1]
    for bench in shared:
        by = benchmarks[bench]
        rows.append(_kv(f"{bench} score", "<td>".join(
            (escape.link(by[mid]["source_url"], fmt(by[mid]["value"])) + f"<br><small>{_settings(by[mid])}</small>")
            if mid in by else "—" for mid in ids)))
    note = ("" if shared else "<p>No benchmark with a score for both yet.</p>")
    return [f"## {heading} {NO_SEARCH}", "",
            '<div class="dl-scroll" tabindex="0" role="region" aria-label="Comparison">'
            f'<table class="dl-compare"><thead><tr><th scope="col">Figure{head}</thead><tbody>' + "".join(rows)
            + "</tbody></table></div>", note, ""]


def _model_page(m, names, types, scores_by_model, compute_by_model, hours_by_model, facts, teachers, students,
                compute, creation, hours, audit, sources, conflicts=(), flop_sources=None, scenario_count=0,
                searchable=True, energy_runs=()) -> str:
    p = ROOT_FROM_MODEL
    scores = scores_by_model.get(m["model_id"], [])
    link = lambda mid: f'<a href="{_model_href(mid, p)}">{escape.text(names.get(mid, mid))}</a>'  # noqa: E731
    # Contributed text never reaches the <title> or the table of contents: MkDocs unescapes page titles and
    # the theme prints them raw. The title is the name reduced to harmless characters; the visible heading
    # is escaped HTML. The search index holds the page's name only (its sections are marked excluded), so a
    # search for a model lands on its page without the index growing with every figure.
    # Not searchable: left out of the index, found through the models table pages instead (SEARCH_PAGES_MAX).
    out = ["---", f'title: "{escape.safe_title(m["name"], m["model_id"])}"',
           *([] if searchable else ["search:", "  exclude: true"]), "---", "",
           f'<h1>{escape.text(m["name"])}</h1>', ""]  # the exact name, searchable (the title is a reduced form)
    facts_line = [label(types.get(m["model_id"])), m["organization"]]
    if m["released"]:
        facts_line.append(f"released {m['released']}")
    facts_line += [label(m["access"]), label(m["architecture"]) if m["architecture"] != "unknown" else ""]
    if m["license"]:
        facts_line.append(f"licence {m['license']}")
    out += [f'<p class="dl-model-line"{SEARCH_EXCLUDE}>{" · ".join(escape.text(x) for x in facts_line if x)}'
            f' — record source: {"; ".join(_source(s) for s in sources) or "—"}</p>', ""]
    out += _comparison(m, names, types, scores_by_model, compute_by_model, hours_by_model, teachers, students, p,
                       flop_sources)

    lineage = []
    if m["base_model_id"]:
        lineage.append(_kv("Base model", link(m["base_model_id"])))
    if teachers:
        lineage.append(_kv("Teachers", ", ".join(link(t["teacher_id"]) for t in teachers)))
    if students:
        lineage.append(_kv("Made from it", ", ".join(f"{link(s['model_id'])} ({escape.text(s['relation'])})" for s in students)))
    if lineage:
        out += [f"## Lineage {NO_SEARCH}", "", '<table class="dl-kv"><tbody>' + "".join(lineage) + "</tbody></table>", ""]
    if m["note"]:
        out += [f'<p class="dl-note"{SEARCH_EXCLUDE}>{escape.text(m["note"])}</p>', ""]

    out += [f"## Published facts {NO_SEARCH}", "", "Every figure with its source and kind (reported, estimated or measured).", ""]
    fact_cols = [
        Column("field", "Figure", lambda r: escape.text(field_label(r["field"]))),
        Column("value", "Value", lambda r: _fact_value(r), numeric=True, answer=True),
        Column("source_id", "Source", _source, answer=True),
        Column("range", "Range", lambda r: f"{fmt(r['low'])} – {fmt(r['high'])}" if r["low"] is not None or r["high"] is not None else ""),
        Column("kind", "Kind", enum=True),
        Column("confidence", "Confidence", enum=True),
        Column("note", "Note", long=True),
    ]
    if facts:
        out += [html_table(_non_empty(fact_cols, facts), facts, filterable=False, compact=True), ""]
    else:
        out += ["<p>No sourced figures yet.</p>", ""]

    if conflicts:
        out += [f"## Where sources disagree {NO_SEARCH}", "",
                "Both figures are kept; the derived figures use the first (the reason is given).", ""]
        conflict_cols = [
            Column("field", "Figure", lambda r: escape.text(field_label(r["field"]))),
            Column("used_value", "Used", numeric=True, answer=True),
            Column("source_id", "Its source", _source),
            Column("other_value", "Other", numeric=True, answer=True),
            Column("other_source", "Other source", _other_source),
            Column("why_used", "Why the first is used", long=True),
        ]
        out += [html_table(conflict_cols, list(conflicts), filterable=False, compact=True), ""]

    if scores:
        out += [f"## Benchmark scores {NO_SEARCH}", "", "Each row is one result with its settings; variants are never merged.", ""]
        score_cols = [
            Column("benchmark_name", "Benchmark"),
            Column("value", "Score", lambda r: f"{fmt(r['value'])} / {fmt(r['scale_max'])}", numeric=True, answer=True),
            Column("source_id", "Source", _source, answer=True),
            Column("settings", "Settings", _settings),
            Column("metric", "Metric"),
            Column("origin", "Origin", lambda r: escape.text(origin_label(r.get("origin")))),
            Column("note", "Note", long=True),
        ]
        out += [html_table(_non_empty(score_cols, scores), scores, filterable=False, compact=True), ""]

    rows = []
    if compute:
        # A source's compute figure keeps its kind: an Epoch AI estimate is "estimated", never "published".
        source_kind = kind_words(compute.get("published_compute_kind") or "reported", compute.get("published_compute_confidence"))
        rows = [
            {"what": f"Training compute from its source (FLOP; {source_kind})", "value": compute["published_flop"],
             "digits": digits(compute.get("published_compute_kind") or "reported", compute.get("published_compute_confidence"))},
            {"what": "6·N·D with active parameters (FLOP; estimated)", "value": compute["recomputed_active_flop"], "digits": 2},
            {"what": "6·N·D with total parameters (FLOP; estimated)", "value": compute["recomputed_total_flop"], "digits": 2},
        ]
        # One row per distinct figure: scenarios that agree (all but tokens-per-sample ones) are listed together.
        grouped: dict[tuple, list[str]] = {}
        for c in creation:
            grouped.setdefault((c["basis"], c["creation_flop"], c.get("creation_flop_low"), c.get("creation_flop_high"),
                                c.get("figure_kind"), c.get("confidence")), []).append(c["scenario_name"])
        rows += [{"what": f"Creation compute ({basis_words(basis)}; {kind_words(kind, conf)}; FLOP) under "
                          + ("every scenario" if len(scen) == scenario_count > 1 else ", ".join(f"“{n}”" for n in scen)),
                  "value": flop, "low": low, "high": high, "digits": digits(kind, conf)}
                 for (basis, flop, low, high, kind, conf), scen in grouped.items()]
        rows = [r for r in rows if r["value"] is not None]  # no empty rows
    if rows or hours:  # no heading over an empty section (a model with no figure to derive compute from)
        out += [f"## Derived compute {NO_SEARCH}", "",
                f'Recomputed from the records by the views of the <a href="{p}methodology/">methodology</a>; '
                "these are derived, not published, figures.", ""]
        if rows:
            value_col = Column("value", "Value", lambda r: escape.text(rounded(r["value"], r["digits"])), numeric=True)
            range_col = Column("range", "Range", lambda r: escape.text(_span(r.get("low"), r.get("high"), r["value"], r["digits"], "")))
            out += [html_table([Column("what", "Figure"), value_col, range_col], rows, filterable=False, compact=True), ""]
    if hours:
        d = digits(hours[0].get("figure_kind"), hours[0].get("confidence"))
        out += [f"GPU-hours, energy and emissions of creating it (its own stage) on each GPU under "
                f"“{escape.text(hours[0]['scenario_name'])}”: {escape.text(kind_words(hours[0].get('figure_kind'), hours[0].get('confidence')))}, "
                f"rounded to {d} significant figure{'s' if d > 1 else ''}; ranges carry the compute's own range with the "
                f"scenario's MFU, PUE and grid ranges. Try your own assumptions on the "
                f'<a href="{p}hardware/">hardware page</a>.', ""]
        hour_cols = [
            Column("gpu_name", "GPU"),
            Column("gpu_hours", "GPU-hours", lambda r: escape.text(rounded(r["gpu_hours"], d)), numeric=True, answer=True),
            Column("range", "Range", lambda r: f"{rounded(r['gpu_hours_low'], d)} – {rounded(r['gpu_hours_high'], d)}"),
            Column("energy_mwh", "Energy", lambda r: escape.text(energy_rounded(r["energy_mwh"], d)), numeric=True),
            Column("tco2e", "tCO2e", lambda r: escape.text(rounded(r["tco2e"], d)), numeric=True),
            Column("tco2e_range", "tCO2e range", lambda r: f"{rounded(r['tco2e_low'], d)} – {rounded(r['tco2e_high'], d)}"),
        ]
        out += [html_table(hour_cols, hours, filterable=False, compact=True), ""]
    if energy_runs:
        out += [f"## Measured energy runs {NO_SEARCH}", "",
                f'Pipelines measured end to end with this model as the student, teacher-side work included (stages and '
                f'break-even reuse on the <a href="{p}energy/">energy page</a>).', ""]
        run_cols = [Column("pipeline", "Pipeline", enum=True), Column("total_kwh", "Total (kWh)", numeric=True, answer=True),
                    Column("q", "Quality Q", numeric=True, answer=True), Column("teacher_kwh", "Teacher (kWh)", numeric=True),
                    Column("student_kwh", "Student training (kWh)", numeric=True),
                    Column("source_id", "Measured by", _source), Column("study", "Study")]
        out += [html_table(run_cols, list(energy_runs), filterable=False, compact=True), ""]
    if audit:
        out += [f"## Audit {NO_SEARCH}", "", f'Figures other sources published about this model, beside the recomputation '
                f'(<a href="{p}audit/">all audited figures</a>).', ""]
        audit_cols = [Column("metric", "Metric", enum=True), Column("claimed", "Claimed", numeric=True, answer=True),
                      Column("recomputed", "Recomputed", numeric=True, answer=True), Column("ratio", "Ratio", numeric=True),
                      Column("reason", "Reason", long=True), Column("location", "Where")]
        out += [html_table(audit_cols, audit, filterable=False, compact=True), ""]
    return "\n".join(out) + "\n"


def rounded(value, d: int) -> str:
    """A derived figure rounded to d significant figures, then written as fmt writes it (fmt alone prints every
    digit between 10,000 and a million)."""
    if not isinstance(value, (int, float)) or value == 0:
        return fmt(value)
    return fmt(float(f"{value:.{d - 1}e}"), d)


def energy_rounded(mwh, d: int) -> str:
    """Energy in the unit a person reads, rounded like the figure it derives from."""
    return numbers.energy(float(f"{mwh:.{d - 1}e}") if isinstance(mwh, (int, float)) and mwh else mwh)


def digits(kind, confidence) -> int:
    """Significant figures a derived figure's inputs support: a speculative estimate one, any other estimate or
    assumption two, a reported figure three."""
    if confidence == "speculative":
        return 1
    return 3 if kind in ("reported", "measured") else 2


def basis_words(basis) -> str:
    """Where a creation figure comes from, without calling a third party's estimate "published"."""
    return {"published": "a source's figure", "published (includes base)": "a source's figure, base included",
            "6ND": "6·N·D", "distillation": "distillation"}.get(basis or "", label(basis))


def kind_words(kind, confidence) -> str:
    """A figure's kind in the reader's words, with its source's confidence where stated."""
    words = {"reported": "reported", "measured": "measured", "estimated": "estimated", "assumed": "assumed (rests on a scenario assumption)"}
    text = words.get(kind or "", "kind unknown")
    return f"{text}, {confidence}" if confidence and confidence != "unknown" else text


def _span(low, high, central, d: int, suffix: str = "<br>") -> str:
    """'low–high' when the figure has a range wider than its rounding, else nothing."""
    if low is None or high is None or rounded(low, d) == rounded(high, d):
        return ""
    return f"{escape.text(rounded(low, d))}–{escape.text(rounded(high, d))}{suffix}"


def _fact_value(row: dict) -> str:
    """A published figure in the unit a person reads (GPU-hours as 1.46M, energy in kWh/MWh/GWh)."""
    field, value = row["field"], row["value"]
    if field.endswith("_mwh"):
        return escape.text(numbers.energy(value))
    if field.endswith("_kwh"):
        return escape.text(numbers.energy(value / 1000 if value is not None else None))
    return escape.text(fmt(value))


def _non_empty(columns: list[Column], rows: list[dict]) -> list[Column]:
    """Columns with something to show in at least one row (an all-blank Range or Note column is left out)."""
    keep = []
    for c in columns:
        if c.key == "range":
            if any(r.get("low") is not None or r.get("high") is not None for r in rows):
                keep.append(c)
        elif c.render is not None or c.numeric or any(r.get(c.key) not in (None, "") for r in rows):
            keep.append(c)
    return keep


def _settings(row: dict) -> str:
    parts = []
    for key, label in (("samples_k", "k"), ("temperature", "T"), ("top_p", "top-p"), ("max_tokens", "max tokens"),
                       ("reasoning_effort", "effort"), ("harness", "harness")):
        if row.get(key) is not None:
            parts.append(f"{label} {escape.text(row[key] if isinstance(row[key], str) else fmt(row[key]))}")
    return ", ".join(parts) or "not stated"


MODELS_PER_PAGE = 1000
"""Rows of the models table on one page (about 300 kB): a larger catalogue's table continues on models/page-2/ and
on, so no page grows with the catalogue."""


SEARCH_PAGES_MAX = 5000
"""Models whose pages each get their own entry in the site's search index (its name, about 130 bytes) at most.
Every page downloads the whole index, so beyond this (2.6 MB at 20,000 models) the model pages are left out of it
and the models table pages carry every model's name and organisation instead (about 35 bytes a model): a search
for a model's name or its organisation finds the table page that lists it, one click from the model's page."""


def index_pages(con, scenario: str) -> dict[str, str]:
    """The models table: models/index.md, and models/page-N.md when there are more than MODELS_PER_PAGE models (in
    name order). Its pages carry the models' names for search when the model pages are left out of the index
    (more than SEARCH_PAGES_MAX models, as write_model_pages decides from the same rows)."""
    rows = records(con, """
        select m.model_id, m.name, m.organization, s.model_type, m.released, m.access, m.total_params_b, m.active_params_b,
               m.training_tokens_t, c.creation_flop, o.figure_kind, o.confidence,
               (select count(*) from scores x where x.model_id = m.model_id) as scores
        from models m
        join stg_models s using (model_id)
        left join model_creation_compute c on c.model_id = m.model_id and c.scenario_id = ?
        left join model_own_cost o on o.model_id = m.model_id and o.scenario_id = c.scenario_id
        order by m.name, m.model_id""", [scenario])
    searchable = len(rows) > SEARCH_PAGES_MAX
    chunks = [rows[i:i + MODELS_PER_PAGE] for i in range(0, len(rows), MODELS_PER_PAGE)] or [[]]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        up = "" if number == 1 else "../"  # models/page-N/ is one level below models/
        name = "index.md" if number == 1 else f"page-{number}.md"
        pages[name] = _index_page(chunk, up, number, len(chunks), len(rows), searchable)
    return pages


def _index_page(rows: list[dict], up: str, number: int, count: int, total: int, searchable: bool = False) -> str:
    def page_href(n: int) -> str:
        return (up or "./") if n == 1 else f"{up}page-{n}/"

    nav = ""
    if count > 1:
        links = " ".join(f"<strong>{n}</strong>" if n == number else f'<a href="{page_href(n)}">{n}</a>'
                         for n in range(1, count + 1))
        nav = (f'<p class="dl-pages">{total:,} models in name order, {MODELS_PER_PAGE:,} a page; this is page '
               f"{number} of {count}: {links}</p>\n\n")
    cols = [
        Column("name", "Model", lambda r: f'<a href="{up}{escape.text(r["model_id"])}/">{escape.text(r["name"])}</a>'),
        # The answer (creation compute, with its kind) right after the name: on a phone it shows without scrolling.
        Column("creation_flop", "Creation compute (FLOP)", lambda r: escape.text(rounded(r["creation_flop"], digits(r["figure_kind"], r["confidence"]))),
               numeric=True, answer=True),
        Column("figure_kind", "Kind", lambda r: escape.text(kind_words(r["figure_kind"], r["confidence"]) if r["figure_kind"] else "")),
        Column("model_type", "Type", enum=True),
        Column("organization", "Organisation"),
        Column("released", "Released"),
        Column("access", "Access", enum=True),
        Column("total_params_b", "Params (B)", numeric=True),
        Column("active_params_b", "Active (B)", numeric=True),
        Column("training_tokens_t", "Tokens (T)", numeric=True),
        Column("scores", "Scores", numeric=True),
    ]
    return (("# Models\n\n" if number == 1 else f"# Models, page {number}\n\n")
            + "Every model in the catalogue. Click a column to sort, type to filter; each name opens the model's page "
            "with every figure's source. Creation compute is distillation compute for distilled models and training "
            "compute otherwise, under the catalogue's default assumptions, rounded to what its kind supports (an "
            "assumed or estimated figure to two significant figures, a speculative one to one).\n\n"
            # The table as one marked block of HTML: Python-Markdown stores it without parsing its tags (raw_blocks.py).
            + nav + mark(html_table(cols, rows, table_id="models-table", max_bytes=10**9,
                                    search_keys=("name", "organization") if searchable else ())) + "\n")
