"""A score's origin says who measured the figure the cited document prints (schemas/records/score.py):
`measured` by that document's authors, `reported` when the document copies it from another one."""

from __future__ import annotations

from conftest import ROOT
from pipeline.load import load
from publish.labels import label, origin_label

# Documents whose makers evaluated their own models, with the model ids (prefixes) that are theirs: every row
# citing one of them for one of those models is the makers' own measurement. A spot check of the definition,
# not a list of every source.
MAKERS_OWN = {
    "qwen3-2025": ("qwen/qwen3-",),
    "deepseek-r1-2025": ("deepseek/deepseek-r1",),
    "meta-llama-3.1-model-card": ("meta/",),
    "gemma-3-model-card": ("google/gemma-3-",),
    "openai-simple-evals": ("openai/",),
}


def test_makers_own_evaluations_are_measured():
    cat = load(ROOT / "catalog")
    seen = set()
    for model_id, entry in cat.entries["scores"].items():
        record = entry.record
        for s in record.scores:
            source = s.source or record.sources[0]
            if any(model_id.startswith(p) for p in MAKERS_OWN.get(source, ())):
                seen.add(source)
                assert s.origin == "measured", (model_id, source, s.benchmark)
    assert seen == set(MAKERS_OWN)


def test_origin_reads_as_who_measured_it():
    """The page words name the meaning, not the bare value (which also names a figure's kind)."""
    assert origin_label("measured") == "Measured by the source"
    assert origin_label("reported") == "Reported from another document"
    assert label("measured") == "Measured"  # a figure's kind keeps its own word
    assert origin_label(None) == ""
