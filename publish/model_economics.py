"""The "Cost in dollars and energy" section of a model page: training dollars (low-high, the GPU-hour price used,
its date and source), the dollars sources published beside them, measured inference (energy per output token with
its measurement boundary, self-hosted dollars per million tokens) and API prices.

`section(con, model_id)` is called once per model page. The data are read once per connection and grouped in
Python (one query per page would make the build grow with catalogue x queries)."""

from __future__ import annotations

import re

from . import escape
from .figures import group_by, records
from .labels import label
from .numbers import fmt
from .tables import Column, html_table, source_link

NO_SEARCH = "{ data-search-exclude }"
_source = source_link()
_price_sources = source_link("price_source_id", "price_source_url", "price_source_title")
_published_source = source_link("published_source_id", "published_source_url", "published_source_title")

_cache: dict = {"con": None, "data": None}


def _words(text) -> str:
    """Identifiers inside generated text (stage names, provider classes, figure keys) in the reader's words."""
    return re.sub(r"[a-z0-9]+(?:_[a-z0-9]+)+", lambda m: label(m.group()), str(text or ""))


def _usd(value) -> str:
    return "" if value is None else "$" + fmt(value)


def _range(low, high, money: bool = True) -> str:
    if low is None and high is None:
        return ""
    f = _usd if money else fmt
    return f"{f(low)} – {f(high)}"


TRAINING = "select * from training_dollars"
# The source of every price series a training-dollars row used (price_ids: one per provider class in force), each the
# source of that series' value on the price date.
PRICE_SOURCES = """
        select u.model_id, s.source_id as price_source_id, s.title as price_source_title, s.url as price_source_url
        from (select model_id, price_date, unnest(string_split(price_ids, ', ')) as price_id
              from training_dollars where price_ids is not null) u
        join price_points pp on pp.price_id = u.price_id
             and pp.date = (select max(x.date) from price_points x where x.price_id = u.price_id and x.date <= u.price_date)
        join sources s on s.source_id = pp.source_id
        group by all order by u.model_id, s.title"""
PUBLISHED = """
        select c.*, s.title as published_source_title, s.url as published_source_url
        from training_dollars_compared c left join sources s on s.source_id = c.published_source_id
        order by c.model_id, c.figure"""
# One row per measurement (model x accelerator x workload): the range over its serving configurations.
INFERENCE = """
        select e.model_id, e.measurement_id, e.gpu_id, g.name as gpu_name, e.measurement_boundary, e.workload,
               any_value(e.precision) as precision, count(*) as configurations,
               min(e.j_per_output_token) as j_low, max(e.j_per_output_token) as j_high,
               min(c.usd_per_mtok) as usd_mtok_best, max(c.usd_per_mtok) as usd_mtok_worst,
               any_value(c.usd_per_gpu_hour) as usd_per_gpu_hour, any_value(c.price_date) as price_date,
               e.source_id, s.title as source_title, s.url as source_url
        from inference_energy e
        join gpus g on g.gpu_id = e.gpu_id
        left join self_hosted_cost c on c.measurement_id = e.measurement_id and c.configuration = e.configuration
                                   and c.occurrence = e.occurrence
        left join sources s on s.source_id = e.source_id
        where e.model_id is not null
        group by all order by e.model_id, e.gpu_id, e.workload"""
API = """
        select f.model_id, f.provider, f.product, f.valid_from, f.input_usd_per_mtok, f.output_usd_per_mtok,
               f.source_id, s.title as source_title, s.url as source_url
        from price_in_force f left join sources s on s.source_id = f.source_id
        where f.kind = 'api_tokens' and f.model_id is not null and f.valid_until is null
        order by f.model_id, f.price_id"""
QUERIES = (TRAINING, PRICE_SOURCES, PUBLISHED, INFERENCE, API)
"""Every query the section's data come from (_load): a model page's digest takes their results' part as recorded when
none of them can have changed (publish/model_pages.py)."""


def _load(con) -> dict:
    training = {r["model_id"]: r for r in records(con, TRAINING)}
    for r in records(con, PRICE_SOURCES):
        training[r["model_id"]].setdefault("price_sources", []).append(r)
    published = group_by(records(con, PUBLISHED), "model_id")
    inference = group_by(records(con, INFERENCE), "model_id")
    api = group_by(records(con, API), "model_id")
    return {"training": training, "published": published, "inference": inference, "api": api}


def _data(con) -> dict:
    if _cache["con"] is not con:
        _cache.update(con=con, data=_load(con))
    return _cache["data"]


def _training(t: dict | None, published: list[dict], p: str) -> list[str]:
    out = []
    if t is None:
        out += ['<p class="dl-econ-training">Training dollars: no GPU-hours recorded or derived for this model.</p>', ""]
    else:
        if t["usd"] is not None:
            when = {"latest": ("the latest recorded price (the hours are a what-if on an assumed accelerator)"
                               if t.get("gpu_basis") == "assumed" else
                               "the latest recorded price: the model has no release date recorded, so this is not the "
                               "price the hours were bought at"),
                    "earliest": "the first price recorded for that accelerator (none is recorded at its release: a "
                                "later price than the hours were bought at)"
                    }.get(t.get("price_date_basis"), "its release date")
            out += [f'<p class="dl-econ-training">Training dollars: <strong>{escape.text(_usd(t["usd"]))}</strong> '
                    f'(range {escape.text(_range(t["usd_low"], t["usd_high"]))}) = {escape.text(fmt(t["gpu_hours"]))} '
                    f'GPU-hours ({escape.text(label(t["hours_basis"]).lower())}) on {escape.text(t["gpu_id"])} × '
                    f'{escape.text(_usd(t["usd_per_gpu_hour"]))} per GPU-hour '
                    f'({escape.text(_range(t["usd_per_gpu_hour_low"], t["usd_per_gpu_hour_high"]))}; '
                    f'{escape.text(_words(t["provider_classes"]))}), the price in force on '
                    f'{escape.text(str(t["price_date"]))}, {escape.text(when)}. Price sources: '
                    f'{", ".join(_price_sources(x) for x in t.get("price_sources", [])) or escape.text(t["price_ids"] or "")}. Scope: {escape.text(_words(t["scope"]))}.</p>', ""]
        else:
            out += [f'<p class="dl-econ-training">Training dollars: not derived — {escape.text(t["no_price_reason"] or "")}. '
                    f'Try another date with <code>training_dollars_on(date)</code> on the '
                    f'<a href="{p}data/">data page</a>.</p>', ""]
    if published:
        cols = [Column("figure", "Published figure", lambda r: escape.text(_words(r["figure"].replace(":", ": ", 1)))), Column("published_usd", "Published", lambda r: escape.text(_usd(r["published_usd"])), numeric=True, answer=True),
                Column("published_source_id", "Source", _published_source, answer=True),
                Column("includes", "What it covers", lambda r: escape.text(_words(r["includes"]))),
                Column("derived_usd", "Derived here", lambda r: escape.text(_usd(r["derived_usd"])), numeric=True),
                Column("ratio", "Ratio", numeric=True)]
        out += [html_table(cols, published, filterable=False, compact=True), ""]
    return out


def _inference(rows: list[dict]) -> list[str]:
    cols = [
        Column("gpu_name", "Accelerator"),
        Column("workload", "Workload"),
        Column("measurement_boundary", "Boundary", lambda r: escape.text(label(r["measurement_boundary"]))),
        Column("j", "J per output token", lambda r: escape.text(_range(r["j_low"], r["j_high"], money=False)), numeric=True, answer=True),
        Column("usd", "Self-hosted $ per M output tokens", lambda r: escape.text(_range(r["usd_mtok_best"], r["usd_mtok_worst"])), numeric=True, answer=True),
        Column("gpu_price", "At GPU-hour price", lambda r: escape.text(f'{_usd(r["usd_per_gpu_hour"])} ({r["price_date"]})' if r["usd_per_gpu_hour"] else "no price recorded")),
        Column("configurations", "Configurations", numeric=True),
        Column("source_id", "Source", _source, answer=True),
    ]
    return ["Measured serving energy (range over the serving configurations: batch size, GPUs) and the self-hosted "
            "cost it implies: the accelerator's GPU-hour price ÷ its measured output throughput per GPU.", "",
            html_table(cols, rows, filterable=False, compact=True), ""]


def _api(rows: list[dict]) -> list[str]:
    cols = [Column("provider", "Provider"), Column("product", "Product"),
            Column("input_usd_per_mtok", "$ per M input tokens", lambda r: escape.text(_usd(r["input_usd_per_mtok"])), numeric=True, answer=True),
            Column("output_usd_per_mtok", "$ per M output tokens", lambda r: escape.text(_usd(r["output_usd_per_mtok"])), numeric=True, answer=True),
            Column("valid_from", "Since"), Column("source_id", "Source", _source, answer=True)]
    return ["API prices in force (latest dated value of each series).", "", html_table(cols, rows, filterable=False, compact=True), ""]


def inputs(con, model_id: str) -> tuple:
    """What section() shows of a model, for a page's digest (publish/page_reuse.py): the section is made from these
    alone, so a page is reused without making the section of every model on every build."""
    d = _data(con)
    return d["training"].get(model_id), d["published"].get(model_id, []), d["inference"].get(model_id, []), \
        d["api"].get(model_id, [])


def section(con, model_id: str, prefix: str = "../../../") -> str:
    """The section's Markdown, or an empty string when the catalogue has no dollar or inference figure for it."""
    t, published, inference, api = inputs(con, model_id)
    if t is None and not published and not inference and not api:
        return ""
    out = [f"## Cost in dollars and energy {NO_SEARCH}", "",
           f'Derived from the records (see the <a href="{prefix}economics/">economics page</a> for the break-even).', ""]
    out += _training(t, published, prefix)
    if inference:
        out += _inference(inference)
    if api:
        out += _api(api)
    return "\n".join(out) + "\n"
