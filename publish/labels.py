"""Reader's words for the catalogue's enumerations: one map, used by tables, model pages and charts alike.

The database keeps its identifiers (`baseline_sft`, `open_weights`); nothing on a page shows them. A value
missing from the map still reads as words (underscores become spaces), so a new enumeration value never
reaches a reader as an identifier, and tests/test_site.py fails on any identifier that slips through."""

from __future__ import annotations

LABELS = {
    # model type (stg_models.model_type), method, access, architecture
    "vanilla": "Vanilla (pre-trained)",
    "distilled": "Distilled",
    "fine-tuned": "Fine-tuned",
    "teacher": "Teacher (fine-tuned)",
    "proprietary": "Proprietary",
    "pretrained": "Pre-trained",
    "fine_tuned": "Fine-tuned",
    "unknown": "Not disclosed",
    "open_weights": "Open weights",
    "api_only": "API only",
    "unreleased": "Not released",
    "dense": "Dense",
    "moe": "Mixture of experts",
    # training compute scope and distillation
    "own_stages": "Its own stages only",
    "cumulative": "Cumulative (base model included)",
    "sequence_sft": "Fine-tuning on teacher outputs",
    "logit_kd": "Logit distillation",
    "pruning_logit_kd": "Pruning + logit distillation",
    "on_policy": "On-policy distillation",
    "off_and_on_policy": "Off- and on-policy distillation",
    "pretraining": "Pre-training",
    "post_training": "Post-training",
    "continued_pretraining": "Continued pre-training",
    "distillation_teacher": "Distillation (teacher side)",
    "distillation_student": "Distillation (student side)",
    # energy pipelines and stages
    "baseline_sft": "Plain fine-tuning (no teacher)",
    "synthetic_sft": "Fine-tuning on teacher-written data",
    "prerun": "Pre-run",
    "preprocess": "Pre-processing",
    "teacher_logit_cache": "Teacher logit cache",
    "teacher_generation": "Teacher generation",
    "student_training": "Student training",
    "evaluation": "Evaluation",
    # figures and scores
    "reported": "Reported",
    "estimated": "Estimated",
    "measured": "Measured",
    "assumed": "Assumed",
    "confident": "Confident",
    "likely": "Likely",
    "speculative": "Speculative",
    # sources
    "paper": "Paper",
    "model_card": "Model card",
    "tech_report": "Technical report",
    "leaderboard": "Leaderboard",
    "dataset": "Data set",
    "datasheet": "Datasheet",
    "blog": "Blog post",
    "price_list": "Price list",
    # benchmark domains and workload kinds
    "instruction_following": "Instruction following",
    "fine_tuning": "Fine-tuning",
    "distillation": "Distillation",
    "published_compute": "Published compute",
    # audited metrics
    "training_compute_flop": "Training compute (FLOP)",
    "teacher_inference_flop": "Teacher inference (FLOP)",
    "student_training_flop": "Student training (FLOP)",
    "gpu_hours": "GPU-hours",
    "energy_mwh": "Energy (MWh)",
    "tco2e": "Emissions (tCO2e)",
    "break_even_reuse": "Break-even reuse N*",
    "j_per_token": "Energy per token (J)",
    "training_cost_usd": "Training cost (US dollars)",
    "monthly_api_cost_usd": "API cost a month (US dollars)",
    "score": "Benchmark score",
    "compute_ratio": "Compute ratio (×)",
    "gpu_hours_ratio": "GPU-hours ratio (×)",
    "energy_ratio": "Energy ratio (×)",
    "api_price_ratio": "API price ratio (×)",
    "break_even_weeks": "Break-even (weeks)",
    "q_gain": "Gain in quality retention Q",
    # GPU families
    "ampere": "Ampere", "ada": "Ada Lovelace", "hopper": "Hopper", "blackwell": "Blackwell",
    "cdna3": "CDNA 3", "cdna4": "CDNA 4", "tpu": "TPU", "other": "Other",
    # creation compute basis
    "training": "Training",
}

# A score's origin (Score.origin) has its own words: "measured"/"reported" also name a figure's kind above,
# where they mean something else, so the score tables read these instead of LABELS.
ORIGIN_LABELS = {
    "measured": "Measured by the source",
    "reported": "Reported from another document",
}

# Model types in legend order, with the shape each is drawn in (colour is never the only encoding).
MODEL_TYPES = ["vanilla", "distilled", "fine_tuned", "teacher", "proprietary"]
TYPE_SHAPES = ["circle", "triangle-up", "square", "diamond", "cross"]
TYPE_COLOURS = ["#3b6ea8", "#c2410c", "#2e7d32", "#7b1fa2", "#555555"]  # each >= 4.5:1 on white


def label(value) -> str:
    """The reader's word for an enumeration value (or a boolean); other values unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text in LABELS:
        return LABELS[text]
    if text in ("True", "False"):
        return "yes" if text == "True" else "no"
    return text.replace("_", " ") if "_" in text and " " not in text else text


def origin_label(value) -> str:
    """The reader's words for a score's origin: who measured the figure the cited document prints."""
    return ORIGIN_LABELS.get(str(value), label(value)) if value is not None else ""


def relabel(rows: list[dict], *keys: str) -> list[dict]:
    """Rows with the given columns replaced by their labels (for charts, whose legends show the values)."""
    for row in rows:
        for key in keys:
            if key in row:
                row[key] = label(row[key])
    return rows
