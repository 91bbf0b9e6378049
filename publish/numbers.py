"""How figures are written on the site: compact, with units, never more precise than the data."""

from __future__ import annotations

import math


def fmt(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and abs(value) < 10_000:
        return str(value)
    if not isinstance(value, (int, float)):
        return str(value)
    v = float(value)
    if v == 0:
        return "0"
    magnitude = abs(v)
    if magnitude >= 1e15 or magnitude < 1e-3:
        # Unicode superscripts rather than <sup>: plain text reads the same in a table, a tooltip, a copied
        # cell and the search index, and costs the Markdown/HTML parsers nothing at thousands of pages.
        mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
        return f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    for threshold, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if magnitude >= threshold:
            return f"{_sig(v / threshold, digits)}{suffix}"
    if magnitude >= 1e4:
        return f"{v:,.0f}"
    return _sig(v, digits)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sig(v: float, digits: int) -> str:
    if v == 0:
        return "0"
    decimals = max(digits - 1 - int(math.floor(math.log10(abs(v)))), 0)
    text = f"{v:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text



def energy(mwh) -> str:
    """Energy in the unit a person reads: kWh below 1 MWh, MWh below 1 GWh, GWh above (never 0.0412 MWh)."""
    if mwh is None or (isinstance(mwh, float) and not math.isfinite(mwh)):
        return "—"
    if abs(mwh) < 1:
        return f"{fmt(mwh * 1000)} kWh"
    if abs(mwh) < 1000:
        return f"{fmt(mwh)} MWh"
    return f"{fmt(mwh / 1000)} GWh"


def compact(value) -> str:
    """Three significant figures with k / M / B (606k, 1.3M): hours and counts whose last digits the data does not
    support, in a comparison read at a glance."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1e4 <= abs(value) < 1e6:
        return f"{_sig(value / 1e3, 3)}k"
    return fmt(value)


def count(value, unit: str) -> str:
    """A count with its unit, compact: 1.3M GPU-hours, 420 tCO2e."""
    return "—" if value is None else f"{fmt(value)} {unit}"
