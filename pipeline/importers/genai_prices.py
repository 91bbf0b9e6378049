"""`build.py import genai-prices FILE`: a provider file of pydantic/genai-prices (prices/providers/<provider>.yml)
-> API price series for the catalogue models it prices (matched on the model's name, aka names, Hugging Face id or
id). Each series is one file, catalog/prices/<provider>/<model>-api.yaml, owned by this importer.

Dates: a price with a `start_date` constraint took effect on that date (basis: effective); an unconstrained price is
dated by the model's `prices_checked` (basis: observed), or by --observed when the file has none. A price starting
in the future is skipped (prices are recorded, not forecast), and so is an unconstrained price whose only date is
later than a change it preceded. Re-runs never overwrite: a value equal to the one already in force on its date is
unchanged, a different one is appended as a new dated value."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import yaml

from .yaml_out import record_text, write_if_changed

HELP = "pydantic/genai-prices provider file (YAML) -> dated API price series for catalogue models"
SOURCE_ID = "genai-prices"
DEFAULT_NOTE = "Written by `build.py import genai-prices`; dated values are appended on re-runs, never replaced."
PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "deepseek": "DeepSeek", "google": "Google",
                  "mistral": "Mistral", "qwen": "Qwen", "alibaba": "Alibaba Cloud"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a prices/providers/<provider>.yml file of pydantic/genai-prices")
    parser.add_argument("--observed", type=dt.date.fromisoformat, default=None,
                        help="date to give prices the file does not date (no prices_checked), YYYY-MM-DD")
    parser.add_argument("--commit", default=None, help="genai-prices commit the file was read at (goes in notes)")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")


def _kebab(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-").replace("--", "-")


def _names(clause) -> set[str]:
    """Model names a genai-prices match clause names (equals, and a starts_with prefix taken as a whole name), recursively
    through or/and. Display names are not used: 'Gemma 2 27B' there is the instruction-tuned model."""
    out: set[str] = set()
    if isinstance(clause, dict):
        for key, value in clause.items():
            if key in ("equals", "starts_with") and isinstance(value, str):
                out.add(value.lower())
            elif key in ("or", "and") and isinstance(value, list):
                for item in value:
                    out |= _names(item)
    return out


def _catalogue_models(catalog_dir: Path) -> dict[str, str]:
    """Lower-cased name, aka, Hugging Face id (and its name part) and id -> model id."""
    keys: dict[str, str] = {}
    for path in sorted((catalog_dir / "models").rglob("*.yaml")):
        model_id = path.relative_to(catalog_dir / "models").with_suffix("").as_posix()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names = [data.get("name"), *(data.get("aka") or []), model_id.split("/")[-1]]
        if data.get("hf_id"):
            names += [data["hf_id"], data["hf_id"].split("/")[-1]]
        for name in names:
            if isinstance(name, str):
                keys.setdefault(name.lower(), model_id)
    return keys


def _usd(value):
    """A price figure: a number, or a tiered price's base (the tier the catalogue's query sizes fall in)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    if isinstance(value, dict) and isinstance(value.get("base"), (int, float)):
        return float(value["base"]), "base tier (longer prompts are priced higher)"
    return None, None


def points_of(model: dict, observed: dt.date | None, today: dt.date) -> tuple[list[dict], list[str]]:
    """Dated values of one genai-prices model entry, and why any were skipped."""
    prices, skipped = model.get("prices"), []
    checked = model.get("prices_checked") or observed
    entries = prices if isinstance(prices, list) else [{"prices": prices}]
    starts = [e["constraint"]["start_date"] for e in entries
              if isinstance(e.get("constraint"), dict) and isinstance(e["constraint"].get("start_date"), dt.date)]
    out = []
    other = sorted({k for e in entries for k in (e.get("constraint") or {}) if k != "start_date"})
    if other:
        # e.g. a time-of-day discount: the unconstrained price is then not the standard one, so none is taken.
        return [], [f"every price: they depend on a condition other than a date ({', '.join(other)})"]
    for e in entries:
        constraint = e.get("constraint") or {}
        start = constraint.get("start_date")
        if start is not None:
            date, basis = start, "effective"
        elif checked is not None and (not starts or checked < min(starts)):
            date, basis = checked, "observed"
        else:
            skipped.append("the price before the first dated change has no date of its own")
            continue
        if date > today:
            skipped.append(f"a price starting {date.isoformat()} (in the future)")
            continue
        p = e.get("prices") or {}
        inp, in_note = _usd(p.get("input_mtok"))
        outp, out_note = _usd(p.get("output_mtok"))
        if inp is None or outp is None:
            skipped.append(f"the {date.isoformat()} price gives no input and output price per million tokens")
            continue
        out.append(dict(date=date, basis=basis, input_usd_per_mtok=inp, output_usd_per_mtok=outp,
                        tier_note=in_note or out_note))
    return out, skipped


def _point_yaml(p: dict, entry_id: str, commit: str | None) -> dict:
    where = f"genai-prices prices/providers file, model {entry_id!r}"
    if p["basis"] == "effective":
        where += f", price with constraint start_date {p['date'].isoformat()}"
    else:
        where += ", prices_checked date"
    if commit:
        where += f", commit {commit[:12]}"
    if p.get("tier_note"):
        where += f"; {p['tier_note']}"
    return {"date": p["date"], "basis": p["basis"], "input_usd_per_mtok": p["input_usd_per_mtok"],
            "output_usd_per_mtok": p["output_usd_per_mtok"], "source": SOURCE_ID, "note": where}


def _in_force(history: list[dict], date: dt.date) -> dict | None:
    before = [h for h in history if h["date"] <= date]
    return max(before, key=lambda h: h["date"]) if before else None


def run(args, catalog_dir: Path) -> int:
    try:
        data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"error: cannot read {args.file}: {exc}")
        return 1
    if not isinstance(data, dict) or not isinstance(data.get("models"), list) or not data.get("id"):
        print(f"error: {args.file} is not a genai-prices provider file (no id: and models: list)")
        return 1
    provider = _kebab(str(data["id"]))
    provider_name = PROVIDER_NAMES.get(provider, str(data.get("name") or provider))
    keys = _catalogue_models(catalog_dir)
    today = dt.date.today()
    added, changed, unchanged = [], [], 0
    for model in data["models"]:
        if not isinstance(model, dict) or not model.get("id"):
            continue
        candidates = {str(model["id"]).lower()} | _names(model.get("match"))
        matches = sorted({keys[c] for c in candidates if c in keys})
        if "openrouter" in str(model.get("price_comments", "")).lower():
            continue  # copied from OpenRouter, not the provider's own price: not a primary figure
        if len(matches) != 1:
            continue  # not in the catalogue (or ambiguous): skipped
        model_id = matches[0]
        points, skipped = points_of(model, args.observed, today)
        for reason in skipped:
            print(f"  {model_id}: skipped {reason}")
        if not points:
            continue
        price_id = f"{provider}/{_kebab(str(model['id']))}-api"
        path = catalog_dir / "prices" / f"{price_id}.yaml"
        old = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        history = list(old["history"]) if old else []
        new_points = []
        for p in points:
            current = _in_force(history, p["date"])
            if current and (current["input_usd_per_mtok"], current["output_usd_per_mtok"]) == \
                    (p["input_usd_per_mtok"], p["output_usd_per_mtok"]):
                continue
            if any(h["date"] == p["date"] for h in history):
                # The source changed a value it had already dated: keep ours, report it (never overwritten).
                print(f"  {price_id}: genai-prices now gives a different price on {p['date']}; kept the recorded one")
                continue
            new_points.append(_point_yaml(p, str(model["id"]), args.commit))
        if not new_points:
            unchanged += 1
            continue
        history = sorted(history + new_points, key=lambda h: h["date"])
        body = {"provider": provider_name, "product": f"{model.get('name') or model['id']} API", "kind": "api_tokens",
                "currency": "USD", "model": model_id, "history": history,
                # A curator's note on an existing series is kept (e.g. where genai-prices disagrees with another source).
                "note": (old or {}).get("note") or DEFAULT_NOTE,
                "sources": [SOURCE_ID]}
        (changed if old else added).append(f"{price_id} (+{len(new_points)} dated value(s))")
        if not args.dry_run:
            write_if_changed(path, record_text("prices", price_id, body))
    for label, items in (("added", added), ("changed", changed)):
        for item in items:
            print(f"{label}: {item}")
    print(f"genai-prices {provider}: {len(added)} added, {len(changed)} changed, {unchanged} unchanged"
          + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0
