"""`build.py import epoch-models ai-models.csv`: Epoch AI's Data on AI Models -> catalog/models/.

Every language model with a training-compute figure, or with parameters and a dataset size from which
compute can be derived, becomes (or updates) a model record. Epoch's figures go in the record's `epoch:`
block, which this importer owns and replaces whole; the curated fields above it are never touched.
A figure Epoch has revised keeps its earlier value as a dated revision. Records are matched by Epoch's
name against each record's name, `aka` and earlier `epoch.name`, so nothing is duplicated."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from schemas.records.model import Model

from .epoch_hardware import _existing as gpu_records
from .epoch_csv import EpochFormatError, clean_name, clean_text, date, kebab, name_key, number, read_rows
from pipeline.plausibility import ERROR, file_problems

from .plausible import drop_implausible
from .revisions import carry_revisions
from .yaml_out import record_text, replace_block, write_if_changed

HELP = "Epoch AI's Data on AI Models (CSV) -> model records with an epoch: block"
SOURCE_ID = "epoch-ai-models"
REQUIRED = ("Model", "Domain", "Organization", "Publication date", "Parameters", "Training compute (FLOP)",
            "Confidence", "Last modified")

# Where an organisation's records already live (by Hugging Face developer id, then by Epoch's name).
HF_DIRS = {"qwen": "qwen", "deepseek-ai": "deepseek", "meta-llama": "meta", "facebook": "meta", "google": "google",
           "microsoft": "microsoft", "nvidia": "nvidia", "mistralai": "mistral", "allenai": "allenai",
           "openai": "openai", "xai-org": "xai"}
ORG_DIRS = {"meta ai": "meta", "facebook ai research": "meta", "facebook": "meta", "google": "google",
            "google deepmind": "google", "deepmind": "google", "google brain": "google", "google research": "google",
            "openai": "openai", "anthropic": "anthropic", "xai": "xai", "deepseek": "deepseek", "alibaba": "alibaba",
            "microsoft": "microsoft", "microsoft research": "microsoft", "nvidia": "nvidia", "mistral ai": "mistral",
            "allen institute for ai": "allenai"}
ACCESS = {"open weights (unrestricted)": "open_weights", "open weights (restricted use)": "open_weights",
          "open weights (non-commercial)": "open_weights", "api access": "api_only",
          "hosted access (no api)": "api_only", "unreleased": "unreleased"}
IMPORTED_NOTE = "Imported from Epoch AI's Data on AI Models; the figures are Epoch's (see the epoch block)."
"""Marks a record the import made and nobody has curated since: only such a record is deleted when its row goes."""
QUANTITY_FIELDS = ("parameters", "training_compute_flop", "dataset_size", "epochs", "hardware_quantity",
                   "training_time_hours", "chip_hours", "mfu", "power_draw_w", "cost_usd_2023",
                   "finetune_compute_flop", "post_training_compute_flop")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, help="Epoch AI's all-models or notable-models CSV export")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")


def is_language_model(row: dict) -> bool:
    return "language" in row.get("Domain", "").lower()


def dataset_unit(row: dict) -> str:
    """Epoch counts some language datasets in words (tokens x 0.75) and some in tokens; its note says which."""
    note = (row.get("Dataset size notes") or "").lower()
    if "word" in note:
        return "words"
    if "token" in note:
        return "tokens"
    return "unknown"


# A Hugging Face model repository in Epoch's text: owner/name, ending where the URL ends (Epoch sometimes runs two
# links together, "…-previewhttps://…", which must not pass for a repository name).
HF_REPO = re.compile(r"https?://(?:www\.)?huggingface\.co/([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.-]*?)\.?(?=$|[\s/?#,;)\]])")
HF_NOT_OWNERS = {"datasets", "spaces", "papers", "blog", "collections", "docs", "models", "organizations", "posts",
                 "learn", "tasks", "api", "settings", "join", "chat"}


def _hf_repos(text: str | None) -> list[str]:
    """Distinct model repositories linked in a cell, in order, compared without case."""
    out: dict[str, str] = {}
    for owner, name in HF_REPO.findall(text or ""):
        if owner.lower() not in HF_NOT_OWNERS:
            out.setdefault(f"{owner}/{name}".lower(), f"{owner}/{name}")
    return list(out.values())


SIZE_WORDS = {"small", "large", "xl", "xxl"}  # T5-style sizes ('coedit-large', 'flan-t5-xxl')


def _sizes_disagree(name: str, repo_name: str) -> bool:
    """Whether a name and a repository name state different sizes: parameter counts ('70B', '1.5b', '350m')
    compared with counts, T5-style words ('xxl') with words; a side that states none agrees with anything."""
    def counts(text):
        return {m.lower() for m in re.findall(r"(?<![\w.])(\d+(?:\.\d+)?[bm])(?![a-z])", text, flags=re.I)}

    def words(text):
        return {w for w in re.split(r"[^a-z]+", text.lower()) if w in SIZE_WORDS}

    return any(a and b and not a & b for a, b in ((counts(name), counts(repo_name)), (words(name), words(repo_name))))


def hf_repo(row: dict) -> str | None:
    """The Hugging Face repository Epoch links for this model, or None; never a guess.

    Epoch's 'Link' is its reference for the model: a single model repository there is the model's. Its
    'Accessibility notes' link where the weights are, but often a sibling (the -Base of an instruct model,
    another size), so a repository there counts only when its name is the model's own name. A link whose
    parameter count contradicts the name (Epoch's 'CoEdiT-xxl' row links another size) is left out."""
    name = clean_name(row.get("Model")) or ""
    linked = _hf_repos(row.get("Link"))
    if len(linked) == 1:
        repo = linked[0]
        return None if _sizes_disagree(name.replace(" ", "-"), repo.split("/")[1].replace("_", ".")) else repo
    if linked:
        return None  # several repositories: which one is the model is Epoch's to say, not ours
    named = [r for r in _hf_repos(row.get("Accessibility notes")) if name_key(r.split("/")[1]) == name_key(name)]
    return named[0] if len(named) == 1 else None


def compute_kind(method: str | None) -> str:
    return "reported" if method and "reported" in method.lower() else "estimated"


def epoch_facts(row: dict, gpu_ids: dict[str, str]) -> dict:
    """Epoch's row as the `epoch:` block (before base-model resolution); keys in EpochFacts order."""
    method = clean_name(row.get("Training compute estimation method"))
    facts: dict = {"name": clean_name(row["Model"]), "last_modified": date(row.get("Last modified"))}
    facts["published"] = date(row.get("Publication date"))
    facts["organization"] = clean_name(row.get("Organization"))
    facts["accessibility"] = clean_name(row.get("Model accessibility"))
    facts["hf_developer_id"] = clean_name(row.get("Hugging Face developer id"))
    facts["hf_id"] = hf_repo(row)
    facts["parameters"] = number(row.get("Parameters"))
    compute = number(row.get("Training compute (FLOP)"))
    if compute:
        q = {"value": compute}
        low, high = number(row.get("Training compute lower bound")), number(row.get("Training compute upper bound"))
        if low and low <= compute:
            q["low"] = low
        if high and high >= compute:
            q["high"] = high
        q["kind"] = compute_kind(method)
        confidence = (row.get("Confidence") or "").strip().lower()
        if confidence in ("confident", "likely", "speculative", "unknown"):
            q["confidence"] = confidence
        facts["training_compute_flop"] = q
    facts["estimation_method"] = method
    size = number(row.get("Training dataset size (datapoints)"))
    facts["dataset_size"] = size
    facts["dataset_unit"] = dataset_unit(row) if size else None
    facts["epochs"] = number(row.get("Epochs"))
    hardware = clean_name(row.get("Training hardware"))
    facts["training_hardware"] = hardware
    facts["gpu"] = gpu_ids.get(name_key(hardware)) if hardware and "," not in hardware else None
    facts["hardware_quantity"] = number(row.get("Hardware quantity"))
    facts["training_time_hours"] = number(row.get("Training time (hours)"))
    facts["chip_hours"] = number(row.get("Training chip-hours"))
    mfu = number(row.get("Hardware utilization (MFU)"))
    facts["mfu"] = mfu if mfu and mfu <= 1 else None
    facts["power_draw_w"] = number(row.get("Training power draw (W)"))
    facts["numerical_format"] = clean_name(row.get("Numerical format"))
    facts["cost_usd_2023"] = number(row.get("Training compute cost (2023 USD)"))
    facts["base_model"] = clean_name(row.get("Base model"))
    facts["base_model_id"] = None
    facts["finetune_compute_flop"] = number(row.get("Finetune compute (FLOP)"))
    facts["post_training_compute_flop"] = number(row.get("Post-training compute (FLOP)"))
    facts["note"] = clean_text(row.get("Training compute notes"), limit=5000)
    return facts


def _scalar_changes(old: dict | None, new: dict) -> list[str]:
    old = old or {}
    return [k for k, v in new.items() if k not in QUANTITY_FIELDS and k != "last_modified" and old.get(k) != v]


def implausible_record(body: dict) -> list[str]:
    """What the plausibility rules reject in a new record's own fields (a model published in 1959)."""
    return [message for path, message, _hint, severity in file_problems("models", Model, body)
            if severity == ERROR and path[:1] != ("epoch",)]


def _prune(facts: dict) -> dict:
    return {k: v for k, v in facts.items() if v is not None}


def model_dir(facts: dict) -> str:
    hf = (facts.get("hf_developer_id") or "").lower()
    if hf in HF_DIRS:
        return HF_DIRS[hf]
    first_org = (facts.get("organization") or "unknown").split(",")[0].strip()
    return ORG_DIRS.get(first_org.lower(), kebab(first_org))


def new_record_body(facts: dict) -> dict:
    body = {"name": facts["name"], "organization": (facts.get("organization") or "Unknown").split(",")[0].strip()}
    if facts.get("published"):
        body["released"] = facts["published"]
    body["method"] = "fine_tuned" if facts.get("base_model") else "pretrained"
    body["access"] = ACCESS.get((facts.get("accessibility") or "").lower(), "unknown")
    body["architecture"] = "unknown"
    body["note"] = IMPORTED_NOTE
    body["sources"] = [SOURCE_ID]
    return body


class Existing:
    """The catalogue's model records, indexed by every name they answer to."""

    def __init__(self, catalog_dir: Path):
        self.root = catalog_dir / "models"
        self.records: dict[str, dict] = {}
        self.paths: dict[str, Path] = {}
        self.by_name: dict[str, str] = {}
        for path in sorted(self.root.rglob("*.yaml")):
            record_id = path.relative_to(self.root).with_suffix("").as_posix()
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                continue  # `check` reports it; the import must not guess
            if not isinstance(data, dict):
                continue
            self.add(record_id, path, data)

    def add(self, record_id: str, path: Path, data: dict):
        self.records[record_id], self.paths[record_id] = data, path
        names = [data.get("name"), *(data.get("aka") or [])]
        if isinstance(data.get("epoch"), dict):
            names.append(data["epoch"].get("name"))
        for name in names:
            if isinstance(name, str):
                self.by_name.setdefault(name_key(name), record_id)


def gpu_index(catalog_dir: Path) -> dict[str, str]:
    """Epoch's hardware names -> catalogue GPU ids (the hardware importer's own index)."""
    return gpu_records(catalog_dir)[2]


def run(args, catalog_dir: Path) -> int:
    try:
        rows = read_rows(args.csv, REQUIRED)
    except EpochFormatError as exc:
        print(f"error: {exc}")
        return 1
    existing = Existing(catalog_dir)
    gpus = gpu_index(catalog_dir)
    left_out: list[str] = []

    selected: dict[str, dict] = {}  # name key -> facts, first row wins
    skipped = 0
    for row in rows:
        if not is_language_model(row) or not clean_name(row.get("Model")):
            continue
        facts = epoch_facts(row, gpus)
        if facts["last_modified"] is None:
            skipped += 1
            continue
        # Epoch's slips (fine-tune compute truncated to one digit, a 13,040-parameter LSTM) stay out of the record.
        body = {"epoch": _prune(facts)}
        dropped = drop_implausible("models", Model, body, "epoch")
        facts = body["epoch"]
        if not facts.get("training_compute_flop") and not (facts.get("parameters") and facts.get("dataset_size")):
            continue
        if name_key(facts["name"]) in existing.by_name or not implausible_record(new_record_body(facts)):
            left_out += dropped
            selected.setdefault(name_key(facts["name"]), facts)
        else:
            left_out.append(f"{facts['name']}: {implausible_record(new_record_body(facts))[0]}; row not imported")

    # Assign ids: an existing record answering to the name, else org/kebab(name), never a clash.
    targets: dict[str, str] = {}
    taken = set(existing.records)
    for key, facts in selected.items():
        record_id = existing.by_name.get(key)
        if record_id is None:
            base = f"{model_dir(facts)}/{kebab(facts['name'])}"
            record_id = base if base not in taken else f"{base}-{kebab(facts.get('organization') or 'epoch')}"
            taken.add(record_id)
        targets[key] = record_id
    for facts in selected.values():
        base = facts.get("base_model")
        facts["base_model_id"] = (existing.by_name.get(name_key(base)) or targets.get(name_key(base))) if base else None

    added, changed, unchanged = [], [], 0
    for key, facts in sorted(selected.items(), key=lambda kv: targets[kv[0]]):
        record_id = targets[key]
        path = existing.paths.get(record_id) or existing.root / f"{record_id}.yaml"
        if record_id in existing.records:
            old = existing.records[record_id].get("epoch")
            old = old if isinstance(old, dict) else None
            fields = carry_revisions(old, facts, QUANTITY_FIELDS) + _scalar_changes(old, facts) if old else ["epoch block added"]
            text = replace_block(path.read_text(encoding="utf-8"), "epoch", facts)
        else:
            fields = []
            text = record_text("models", record_id, {**new_record_body(facts), "epoch": facts})
        if args.dry_run:
            wrote = not path.exists() or path.read_text(encoding="utf-8") != text
        else:
            wrote = write_if_changed(path, text)
        if not wrote:
            unchanged += 1
        elif record_id in existing.records:
            changed.append((record_id, fields))
        else:
            added.append(record_id)

    removed = _removed(existing, set(targets.values()), catalog_dir, args.dry_run)
    for line in left_out:
        print(f"skipped {line}")
    verb = "would be " if args.dry_run else ""
    for record_id in added:
        print(f"added   models/{record_id}")
    for record_id, fields in changed:
        print(f"changed models/{record_id}: {', '.join(fields) if fields else 'Last modified only'}")
    for record_id, what in removed:
        print(f"removed models/{record_id}: {what}")
    print(f"epoch-models: {len(added)} {verb}added, {len(changed)} {verb}changed, {len(removed)} {verb}removed, "
          f"{unchanged} unchanged ({len(selected)} language models selected from {len(rows)} rows"
          f"{f'; {skipped} without a Last modified date skipped' if skipped else ''})")
    return 0


def _removed(existing: Existing, imported: set[str], catalog_dir: Path, dry_run: bool) -> list[tuple[str, str]]:
    """Records with an epoch block whose row is gone from Epoch's file: a record only the import made and
    nothing names is deleted; any other keeps its curated fields and loses the stale block."""
    out = []
    for record_id, data in sorted(existing.records.items()):
        if record_id in imported or not isinstance(data.get("epoch"), dict):
            continue
        path = existing.paths[record_id]
        import_only = data.get("sources") == [SOURCE_ID] and data.get("note") == IMPORTED_NOTE
        if import_only and not _referenced(catalog_dir, record_id, path):
            if not dry_run:
                path.unlink()
            out.append((record_id, "no longer in Epoch's file; the record was the import's own, deleted"))
        else:
            if not dry_run:
                write_if_changed(path, replace_block(path.read_text(encoding="utf-8"), "epoch", None))
            out.append((record_id, "no longer in Epoch's file; epoch block removed, curated fields kept"))
    return out


def _referenced(catalog_dir: Path, record_id: str, own: Path) -> bool:
    pattern = re.compile(rf"(?<![\w/.-]){re.escape(record_id)}(?![\w/.-])")
    scores = catalog_dir / "scores" / f"{record_id}.yaml"
    if scores.exists():
        return True
    return any(pattern.search(p.read_text(encoding="utf-8", errors="replace"))
               for p in catalog_dir.rglob("*.yaml") if p != own)
