"""Property-based: random bytes, random YAML and random mutations of real records never make the
reader or the loader raise — they return records or problems."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT, VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import yaml_reader
from pipeline.load import load

REAL_FILES = sorted((ROOT / "catalog").rglob("*.yaml"))

yaml_scalars = st.one_of(
    st.text(max_size=20), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
    st.sampled_from(["NO", "on", "1.10", "0755", "1:20", ".nan", "~", "2024-02-30", "&a x", "*a", "!!python/none",
                     "{", "[", "- ", "? ", "|", ">", "\t", "\ufeff", "\x00", "'", '"']),
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_raises_on_bytes(raw):
    doc, problem = yaml_reader.read(raw)
    assert (doc is None) != (problem is None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), yaml_scalars), max_size=8), st.integers(0, 3))
def test_reader_never_raises_on_yaml_like_text(pairs, indent):
    text = "\n".join(" " * indent * (i % 2) + f"{k}: {v}" for i, (k, v) in enumerate(pairs))
    doc, problem = yaml_reader.read(text.encode("utf-8", "surrogatepass"))
    assert (doc is None) != (problem is None)


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    choice = rng.randrange(6)
    i = rng.randrange(len(lines))
    if choice == 0:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    elif choice == 1:
        lines.insert(i, rng.choice(lines))
    elif choice == 2:
        del lines[i]
    elif choice == 3:
        lines[i] = lines[i].replace(":", rng.choice([": NO #", ": !!binary", ":: ", ": &x"]), 1)
    elif choice == 4:
        lines[i] = "\t" + lines[i]
    else:
        pos = rng.randrange(len(text) + 1)
        return text[:pos] + rng.choice(["{", "]", "'", '"', "\x07", "\u202e", "-1e999", "*x"]) + text[pos:]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(REAL_FILES) - 1), st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_mutated_real_records_give_records_or_problems(index, seed, rounds):
    rng = random.Random(seed)
    source = REAL_FILES[index]
    text = source.read_text(encoding="utf-8")
    for _ in range(rounds):
        text = _mutate(text, rng)
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog"
        shutil.copytree(VALID, catalog)
        kind = source.relative_to(ROOT / "catalog").parts[0]
        target = catalog / kind / "acme" / "mutated.yaml" if kind not in ("sources", "benchmarks", "scenarios") \
            else catalog / kind / "mutated.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        cat = load(catalog)  # must not raise
        for problem in cat.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.file.endswith(".yaml") or problem.line == 1
