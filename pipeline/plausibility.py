"""Plausibility rules for one file: values the schema allows but no real record holds.

The mistakes contributors actually make: a raw parameter count in a field named in billions, tokens
in a field named in trillions, a with-sparsity TFLOP/s figure in the dense field, a release date in year 1.
Each rule reads the file's raw values (so a file that also fails validation is still checked in the same
run) and returns (key path, message, hint, severity); the loader adds the line and column.

CONTRIBUTING.md lists these rules in a table; keep the two in step."""

from __future__ import annotations

import datetime as dt

from .fields import INT64_MAX, INT64_MIN, leaves
from .problems import ERROR, WARNING

# Dense BF16 TFLOP/s a datasheet gives for each accelerator family (lowest product to highest, with room).
# Above the ceiling is almost always the "with sparsity" figure (2x dense); below 1 is PFLOP/s typed as TFLOP/s.
TFLOPS_BY_FAMILY = {
    "ampere": (5, 330),  # A2 .. A100 312
    "ada": (5, 400),  # L4 .. L40S 362
    "hopper": (50, 1000),  # H20 148 .. H100/H200 989
    "blackwell": (50, 2600),  # RTX Pro .. GB300 2500
    "cdna3": (100, 1400),  # MI300A 980 .. MI300X/MI325X 1307
    "cdna4": (500, 2600),  # MI350X 2300 .. MI355X 2500
    "tpu": (20, 2400),  # v2 45 .. v7 2307
    "other": (1, 5000),
}
FP8_FAMILIES = ("ada", "hopper", "blackwell", "cdna3", "cdna4")
"""Families whose dense FP8 peak is twice the dense BF16 peak on every datasheet."""

EARLIEST = {"released": dt.date(1990, 1, 1), "accessed": dt.date(2000, 1, 1), "date": dt.date(2000, 1, 1),
            "checked": dt.date(2000, 1, 1)}
"""Earliest plausible date per key: no model or accelerator in scope released before 1990, no document read
or model evaluated for this catalogue before 2000."""
EARLIEST_ANY = dt.date(1950, 1, 1)
"""Earliest plausible date for any other field: nothing in this catalogue predates electronic computing."""


def _number(node):
    """The value of a quantity written bare or as a mapping; None when it is not a number."""
    if isinstance(node, dict):
        node = node.get("value")
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return node
    return None


def _value_path(node, path):
    return path + ("value",) if isinstance(node, dict) else path


def file_problems(kind: str, record_cls, data) -> list[tuple]:
    """(key path, message, hint, severity) for every implausible value in one file's raw data."""
    if not isinstance(data, dict):
        return []
    out: list[tuple] = []
    for leaf in leaves(record_cls, data):
        if leaf.kind == "int" and not INT64_MIN <= leaf.value <= INT64_MAX:
            out.append((leaf.path, f"{leaf.value} is too large for a whole-number field (the limit is {INT64_MAX:,})",
                        "check the figure; whole-number fields are counts like items or GPUs", ERROR))
    _walk(data, (), out)
    if kind == "gpus":
        _gpu(data, out)
    if kind == "sources":
        _source(data, out)
    if kind == "models":
        _compute_matches_size(data, out)
    if kind == "scores":
        for i, score in enumerate(data.get("scores") or []):
            if isinstance(score, dict):
                _score_settings(score, ("scores", i), out)
    return out


def _walk(node, path, out):
    """Rules that depend only on a key's name: units in the name, dates."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                _by_name(key, value, path + (key,), out)
            _walk(value, path + (key,), out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, path + (i,), out)
    elif isinstance(node, dt.date):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        earliest = EARLIEST.get(key, EARLIEST_ANY)
        if node < earliest:
            out.append((path, f"{node.isoformat()} is too early for {key or 'a date'}: nothing in the catalogue is "
                              f"dated before {earliest.isoformat()}",
                        "write the full four-digit year, YYYY-MM-DD (e.g. 2024-07-23)", ERROR))


def _by_name(key: str, node, path, out):
    if isinstance(node, dict) and key not in ("value",) and "value" not in node:
        return
    value = _number(node)
    if value is None or value <= 0:
        return
    at = _value_path(node, path)
    if path[:1] == ("peak_tflops_override",) and len(path) == 2:
        if not 1 <= value <= 10_000:
            out.append((at, f"{value:g} TFLOP/s is not a plausible accelerator peak",
                        "the override is dense BF16 TFLOP/s, e.g. 1000 for the H100 rounded", ERROR))
        return
    if key.endswith("params_b"):
        if value >= 1e5:
            out.append((at, f"{value:g} billion parameters is implausible: {key} is in billions",
                        f"write the count in billions: {value:g} parameters is {value / 1e9:.4g}", ERROR))
        elif value < 1e-4:
            out.append((at, f"{value:g} billion parameters is implausibly small: {key} is in billions",
                        "write e.g. 8.03 for an 8.03B-parameter model", ERROR))
    elif key.endswith("_tokens_t"):
        if value >= 1e3:
            scale = "a raw count" if value >= 1e9 else "billions"
            out.append((at, f"{value:g} trillion tokens is implausible: {key} is in trillions (this looks like {scale})",
                        f"write the count in trillions: {value:g} tokens is {value / 1e12:.4g}" if value >= 1e9
                        else f"{value:g} billion tokens is {value / 1e3:.4g} trillion", ERROR))
        elif value < 1e-6:
            out.append((at, f"{value:g} trillion tokens is implausibly small: {key} is in trillions",
                        "write e.g. 15 for 15T tokens", ERROR))
    elif key in COUNTS and value < 1:
        out.append((at, f"{value:g} is not a count: {key} counts whole things",
                    "write the number of samples, tokens or devices, e.g. 800000", ERROR))
    elif key in ("epochs", "distill_epochs") and value < 0.01:
        out.append((at, f"{value:g} passes over the data is implausibly few", "write e.g. 1 for one pass, 0.5 for half", ERROR))
    elif key == "tokens" and value < 1e3:
        out.append((at, f"{value:g} tokens is implausibly few: this field is a plain count of tokens",
                    f"write the whole count, e.g. {value:g}e12 for {value:g} trillion", ERROR))
    elif key == "parameters" and value < 1e5:
        out.append((at, f"{value:g} parameters is implausibly few: this field is a plain count, not billions",
                    f"write the whole count, e.g. {value:g}e9 for {value:g} billion", ERROR))
    elif key.endswith("_flop") and value < 1e12:
        out.append((at, f"{value:g} FLOP is implausibly small for training compute",
                    "write the full figure with its exponent, e.g. 3.8e25", ERROR))
    elif key == "tdp_w" and not 10 <= value <= 3000:
        out.append((at, f"{value:g} W is implausible for one accelerator's TDP",
                    "tdp_w is watts per accelerator: 0.7 kW is 700; a whole server's power does not belong here", ERROR))
    elif key == "memory_gb" and not 1 <= value <= 2000:
        out.append((at, f"{value:g} GB is implausible for one accelerator's memory", "memory_gb is in GB, e.g. 80", ERROR))
    elif key == "memory_bandwidth_tbps" and not 0.05 <= value <= 50:
        out.append((at, f"{value:g} TB/s is implausible for memory bandwidth",
                    f"memory_bandwidth_tbps is in TB/s: {value:g} GB/s is {value / 1000:g}" if value > 50
                    else "memory_bandwidth_tbps is in TB/s, e.g. 3.35", ERROR))
    elif (key in ("mfu", "training_mfu") or path[:1] == ("mfu",)) and value < 0.01:
        out.append((at, f"MFU {value:g} is below 1 %, which multiplies derived GPU-hours a hundredfold",
                    "MFU is a fraction: write 0.38 for 38 %", ERROR))


def _gpu(data, out):
    family = data.get("family") if isinstance(data.get("family"), str) else "other"
    _peaks(family, data, (), "peak_bf16_dense_tflops", "peak_fp8_dense_tflops", out)
    if isinstance(data.get("epoch"), dict):  # Epoch AI's figures, as imported: the same physics applies
        _peaks(family, data["epoch"], ("epoch",), "peak_bf16_tflops", "peak_fp8_tflops", out)


def _peaks(family, data, base, bf16_key, fp8_key, out):
    low, high = TFLOPS_BY_FAMILY.get(family, TFLOPS_BY_FAMILY["other"])
    bf16, fp8 = _number(data.get(bf16_key)), _number(data.get(fp8_key))
    bf16_at = base + _value_path(data.get(bf16_key), (bf16_key,))
    fp8_at = base + _value_path(data.get(fp8_key), (fp8_key,))
    bad_bf16 = False
    if bf16 is not None and bf16 > 0:
        if bf16 > high:
            out.append((bf16_at, f"{bf16:g} TFLOP/s is above any {family} accelerator's dense BF16 peak ({high:g})",
                        "datasheets print a 'with sparsity' figure twice the dense one, and an FP8 figure twice "
                        f"the BF16 one: use the dense BF16 figure (e.g. {bf16 / 2:g} if this is the sparsity figure)", ERROR))
            bad_bf16 = True
        elif bf16 < low:
            out.append((bf16_at, f"{bf16:g} TFLOP/s is below any {family} accelerator's dense BF16 peak ({low:g})",
                        "the field is in TFLOP/s: 0.989 PFLOP/s is 989", ERROR))
            bad_bf16 = True
    if fp8 is not None and fp8 > 0:
        if family in ("ampere",):
            out.append((fp8_at, "ampere accelerators have no FP8 tensor cores",
                        f"remove {fp8_key}, or check the family", ERROR))
        elif family in FP8_FAMILIES and bf16 and not bad_bf16:
            ratio = fp8 / bf16
            if not 1.6 <= ratio <= 2.4:
                if 3.2 <= ratio <= 4.8:
                    hint = f"this looks like the with-sparsity FP8 figure: the dense one is {fp8 / 2:g}"
                elif 0.8 <= ratio <= 1.2:
                    hint = "the two fields hold the same figure: one of them is the other precision's"
                else:
                    hint = "check both figures against the datasheet's dense (not sparse) columns"
                out.append((fp8_at, f"FP8 dense peak {fp8:g} is {ratio:.2g}x the BF16 dense peak {bf16:g}; "
                                    f"on {family} datasheets it is 2x", hint, ERROR))
        elif fp8 > 2 * high * 1.1:
            out.append((fp8_at, f"{fp8:g} TFLOP/s is above any {family} accelerator's dense FP8 peak",
                        "use the dense figure, not the 'with sparsity' one", ERROR))


COUNTS = frozenset({"samples", "distill_samples", "tokens_per_sample", "query_input_tokens", "query_output_tokens",
                    "hardware_quantity", "chip_hours"})
"""Quantities that count whole things: below 1 is a unit slip (and would drive derived hours towards 0)."""

COMPUTE_RATIO = 30
"""Published training FLOP may differ from 6 x N x D (epochs, attention, rounding), but not by this factor:
that is a unit slip in one of the three (millions typed as billions, billions as trillions)."""


def _compute_matches_size(data, out):
    fields = ("active_params_b", "total_params_b", "training_tokens_t", "training_compute_flop")
    if any(problem[0][:1] in ((f,) for f in fields) for problem in out):
        return  # one of them is already reported: one problem per mistake
    params = _number(data.get("active_params_b")) or _number(data.get("total_params_b"))
    tokens, flop = _number(data.get("training_tokens_t")), _number(data.get("training_compute_flop"))
    if not (params and tokens and flop) or min(params, tokens, flop) <= 0:
        return
    ratio = flop / (6 * params * 1e9 * tokens * 1e12)
    if 1 / COMPUTE_RATIO <= ratio <= COMPUTE_RATIO:
        return
    which = "active_params_b" if _number(data.get("active_params_b")) else "total_params_b"
    out.append((_value_path(data["training_compute_flop"], ("training_compute_flop",)),
                f"training_compute_flop {flop:g} is {ratio:.3g}x 6 x N x D from {which} {params:g} and "
                f"training_tokens_t {tokens:g}", "one of the three is in the wrong unit: parameters in billions, "
                "tokens in trillions, compute in FLOP", ERROR))


def _source(data, out):
    year, accessed = data.get("year"), data.get("accessed")
    if isinstance(year, int) and not isinstance(year, bool) and isinstance(accessed, dt.date) and accessed.year < year:
        out.append((("accessed",), f"accessed {accessed.isoformat()}, before the document's year {year}",
                    "accessed is the day you read it; year is when it was published", ERROR))


def _score_settings(score: dict, path: tuple, out):
    budget = score.get("max_tokens")
    if isinstance(budget, int) and not isinstance(budget, bool) and INT64_MIN <= budget <= INT64_MAX and budget > 10_000_000:
        out.append((path + ("max_tokens",), f"a generation budget of {budget:,} tokens is implausible",
                    "max_tokens is the budget per response, e.g. 32768", ERROR))
