"""A corpus of bad catalogue files, one defect each: every one gives a clear error naming the file,
line and key, `build.py check` exits 1 without a traceback, and the loader never raises."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import INVALID, VALID, copy_catalog, run_build

from pipeline import yaml_reader
from pipeline.load import load

MODEL = "models/acme/bad-model.yaml"
SCORES = "scores/acme/base-1b.yaml"
RUN = "energy/study/bad-run.yaml"
SOURCE = "sources/bad-source.yaml"
BENCH = "benchmarks/bad-bench.yaml"

# fixture file, where it goes in the catalogue, then the expected problem: file, line, key, words of the message
CASES = [
    ("syntax_error.yaml", MODEL, MODEL, 10, "", "YAML syntax error"),
    ("tab_indent.yaml", MODEL, MODEL, 11, "", "tab character"),
    ("duplicate_key.yaml", MODEL, MODEL, 10, "total_params_b", "duplicate key"),
    ("unknown_key.yaml", MODEL, MODEL, 10, "total_param_b", "did you mean 'total_params_b'"),
    ("missing_key.yaml", MODEL, MODEL, 2, "organization", "required key 'organization' is missing"),
    ("wrong_type.yaml", MODEL, MODEL, 8, "total_params_b", "expected a number"),
    ("quoted_number.yaml", MODEL, MODEL, 8, "total_params_b", "remove the quotes"),
    ("yaml11_no.yaml", MODEL, MODEL, 10, "license", "quote it ('NO')"),
    ("yaml11_on.yaml", MODEL, MODEL, 2, "name", "quote it ('on')"),
    ("yaml11_version_float.yaml", MODEL, MODEL, 10, "license", "quote it: '1.10'"),
    ("yaml11_sexagesimal.yaml", MODEL, MODEL, 10, "license", "quote it ('1:20')"),
    ("yaml11_octal.yaml", MODEL, MODEL, 10, "license", "quote it ('0755')"),
    ("yaml11_bool_field.yaml", BENCH, BENCH, 6, "higher_is_better", "write true/false"),
    ("huge_float.yaml", MODEL, MODEL, 8, "total_params_b", "overflows to infinity"),
    ("huge_int.yaml", MODEL, MODEL, 8, "total_params_b", "too many digits"),
    ("nan.yaml", MODEL, MODEL, 8, "total_params_b", "not a finite number"),
    ("inf.yaml", MODEL, MODEL, 8, "total_params_b", "not a finite number"),
    ("negative.yaml", MODEL, MODEL, 8, "total_params_b", "greater than 0"),
    ("zero_energy.yaml", RUN, RUN, 10, "stages.1.energy_kwh", "greater than 0"),
    ("empty.yaml", MODEL, MODEL, 1, "", "file is empty"),
    ("only_comments.yaml", MODEL, MODEL, 1, "", "file is empty"),
    ("non_utf8.yaml", MODEL, MODEL, 2, "", "not valid UTF-8"),
    ("byte_order_mark.yaml", MODEL, MODEL, 1, "", "byte-order mark"),
    ("unsafe_tag.yaml", MODEL, MODEL, 10, "note", "YAML tags"),
    ("custom_tag.yaml", MODEL, MODEL, 10, "note", "YAML tags"),
    ("alias_bomb.yaml", MODEL, MODEL, 2, "a", "anchors"),
    ("anchor_alias.yaml", MODEL, MODEL, 8, "total_params_b", "anchors"),
    ("two_documents.yaml", MODEL, MODEL, 10, "", "more than one YAML document"),
    ("top_level_list.yaml", MODEL, MODEL, 1, "", "must be a mapping"),
    ("dangling_reference.yaml", MODEL, MODEL, 10, "base_model", "did you mean 'acme/base-1b'"),
    ("lineage_cycle.yaml", MODEL, MODEL, 10, "base_model", "lineage cycle"),
    ("duplicate_name.yaml", MODEL, MODEL, 2, "name", "also recorded as 'acme/base-1b'"),
    ("future_date.yaml", MODEL, MODEL, 4, "released", "in the future"),
    ("impossible_date.yaml", MODEL, MODEL, 4, "released", "not a real calendar date"),
    ("active_above_total.yaml", MODEL, MODEL, 10, "active_params_b", "larger than total_params_b"),
    ("moe_without_active.yaml", MODEL, MODEL, 2, "active_params_b", "required for an moe model"),
    ("low_above_value.yaml", MODEL, MODEL, 8, "total_params_b.low", "above value"),
    ("missing_schema_line.yaml", MODEL, MODEL, 1, "", "editor schema line"),
    ("control_character.yaml", MODEL, MODEL, 2, "name", "control character U+0007"),
    ("newline_in_name.yaml", MODEL, MODEL, 2, "name", "control character U+000A"),
    ("distilled_without_teacher.yaml", MODEL, MODEL, 2, "teachers", "required for a distilled model"),
    ("wrong_enum.yaml", MODEL, MODEL, 6, "access", "use one of 'open_weights', 'api_only', 'unreleased' or 'unknown'"),
    ("bad_source_kind_list.yaml", MODEL, MODEL, 9, "sources", "expected a list"),
    ("string_for_list_item_number.yaml", MODEL, MODEL, 9, "sources.0", "quote it: '42'"),
    ("http_url.yaml", SOURCE, SOURCE, 4, "url", "not an https URL"),
    ("javascript_url.yaml", SOURCE, SOURCE, 4, "url", "not an https URL"),
    ("year_as_text.yaml", SOURCE, SOURCE, 3, "year", "remove the quotes"),
    ("score_above_scale.yaml", SCORES, SCORES, 5, "scores.0.value", "above the Bench A maximum"),
    ("unknown_benchmark.yaml", SCORES, SCORES, 4, "scores.0.benchmark", "did you mean 'bench-a'"),
    ("benchmark_by_name.yaml", SCORES, SCORES, 4, "scores.0.benchmark", "not a valid id"),
    ("duplicate_score.yaml", SCORES, SCORES, 8, "scores.1", "duplicate score"),
    ("scores_for_unknown_model.yaml", "scores/acme/ghost.yaml", "scores/acme/ghost.yaml", 1, "", "no model 'acme/ghost'"),
    ("duplicate_stage.yaml", RUN, RUN, 9, "stages", "'student_training' twice"),
    ("kd_without_teacher_stage.yaml", RUN, RUN, 9, "stages", "needs a teacher_logit_cache stage"),
    ("unknown_stage.yaml", RUN, RUN, 9, "stages.0.stage", "'teacher_cache' is not allowed"),
    ("benchmark_alias_clash.yaml", BENCH, BENCH, 7, "aliases.0", "also names benchmark 'bench-a'"),
]


def test_the_corpus_is_complete():
    from test_hostile_round_two import CASES as ROUND_TWO

    on_disk = {p.name for p in INVALID.iterdir()}
    listed = {case[0] for case in CASES} | {case[0] for case in ROUND_TWO}
    assert on_disk == listed, "every fixture in tests/fixtures/invalid needs a row in CASES"
    assert len(CASES) >= 40


@pytest.mark.parametrize("fixture,target,file,line,key,words", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_reported_at_its_line_and_key(tmp_path, fixture, target, file, line, key, words):
    catalog = copy_catalog(VALID, tmp_path)
    destination = catalog / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INVALID / fixture, destination)
    cat = load(catalog, display_base=tmp_path)
    matching = [p for p in cat.problems if p.file == f"catalog/{file}" and p.line == line and p.key == key]
    assert matching, [p.plain() for p in cat.problems]
    assert any(words in p.plain() for p in matching), [p.plain() for p in matching]


ODD_NAMES = [
    ("models/acme/Bad_Name.yaml", "not a valid models id"),
    ("models/acme/bad$name.yaml", "not a valid models id"),
    ("models/acme/..hidden-parent.yaml", "hidden file"),  # never read, so never silently skipped
    ("models/acme/bad..name.yaml", "not a valid models id"),
    ("models/flat-model.yaml", "not a valid models id"),
    ("models/acme/deeper/model.yaml", "not a valid models id"),
    ("models/acme/bad-model.yml", "only .yaml files"),
    ("stray-file.yaml", "unexpected entry"),
    (".hidden.yaml", "hidden file"),
    ("models/.acme/bad-model.yaml", "hidden file"),
    ("models/acme.yaml/bad-model.yaml", "named like a record file"),
]


@pytest.mark.parametrize("target,words", ODD_NAMES)
def test_file_names_must_be_valid_ids(tmp_path, target, words):
    catalog = copy_catalog(VALID, tmp_path)
    destination = catalog / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes((VALID / "models/acme/base-1b.yaml").read_bytes())
    cat = load(catalog, display_base=tmp_path)
    if words is None:
        assert cat.problems == []
        return
    shown = {f"catalog/{target}", f"catalog/{target.rsplit('/', 1)[0]}"}
    assert any(words in p.message and p.file in shown and p.line == 1 for p in cat.problems), \
        [p.plain() for p in cat.problems]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    big = catalog / "models/acme/huge.yaml"
    big.write_text("# yaml-language-server: $schema=../../../schemas/json/models.schema.json\nnote: >-\n"
                   + "  padding\n" * (yaml_reader.MAX_FILE_BYTES // 10 + 10), encoding="utf-8")
    cat = load(catalog, display_base=tmp_path)
    assert any("the limit is" in p.message and p.file == "catalog/models/acme/huge.yaml" for p in cat.problems)


def test_symlinks_are_refused(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    os.symlink("/etc/passwd", catalog / "models/acme/link.yaml")
    cat = load(catalog, display_base=tmp_path)
    assert any("symbolic links" in p.message for p in cat.problems)


def test_all_problems_are_reported_in_one_run(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    for fixture, target in (("unknown_key.yaml", MODEL), ("http_url.yaml", SOURCE), ("zero_energy.yaml", RUN)):
        (catalog / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(INVALID / fixture, catalog / target)
    result = run_build("check", "--catalog", str(catalog))
    assert result.returncode == 1
    assert "3 problem(s)" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("fixture,target", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_check_exits_one_without_a_traceback(tmp_path, fixture, target):
    catalog = copy_catalog(VALID, tmp_path)
    (catalog / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INVALID / fixture, catalog / target)
    result = run_build("check", "--catalog", str(catalog))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "problem(s)" in result.stderr


def test_github_annotations(tmp_path, monkeypatch):
    catalog = copy_catalog(VALID, tmp_path)
    shutil.copyfile(INVALID / "unknown_key.yaml", catalog / MODEL)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_build("check", "--catalog", str(catalog))
    assert "::error file=catalog/models/acme/bad-model.yaml,line=10,col=1::total_param_b: unknown key" in result.stderr
