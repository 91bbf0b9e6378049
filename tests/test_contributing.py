"""Contributing, tried as a new user would: templates, `new`, `diff`, pins, workflows."""

from __future__ import annotations

import re
import subprocess

import duckdb
import pytest
import yaml
from conftest import ROOT, VALID, copy_catalog, run_build

from schemas.records import KINDS


def test_contributing_shows_every_template_verbatim():
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    for kind in KINDS:
        assert (ROOT / "schemas/templates" / f"{kind}.yaml").read_text().rstrip() in guide, kind


def test_new_refuses_existing_and_malformed_ids(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    assert run_build("new", "gpu", "acme/g1", "--catalog", str(catalog)).returncode == 1
    bad = run_build("new", "gpu", "Acme/G2", "--catalog", str(catalog))
    assert bad.returncode == 1 and "not a valid gpus id" in bad.stderr
    assert run_build("new", "gizmo", "acme/x", "--catalog", str(catalog)).returncode == 1


def test_unfilled_template_fails_check_line_by_line(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    assert run_build("new", "gpu", "acme/g2", "--catalog", str(catalog)).returncode == 0
    result = run_build("check", "--catalog", str(catalog))
    assert result.returncode == 1
    assert "catalog/gpus/acme/g2.yaml:2:" in result.stderr and "name: no value given" in result.stderr


def _fill(path, values: dict):
    text = path.read_text()
    for key, value in values.items():
        text, n = re.subn(rf"^(\s*-?\s*){re.escape(key)}:[^\n]*$", rf"\g<1>{key}: {value}", text, count=1, flags=re.M)
        assert n == 1, key
    path.write_text(text)


def test_a_new_user_adds_a_gpu_and_a_model_with_two_scores(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    for kind, rid in (("gpu", "acme/g9"), ("model", "acme/newbie-3b"), ("score", "acme/newbie-3b")):
        assert run_build("new", kind, rid, "--catalog", str(catalog)).returncode == 0
    _fill(catalog / "gpus/acme/g9.yaml", {"name": "G9 96GB", "vendor": "Acme", "family": "blackwell",
                                         "released": "2025-01-01", "memory_gb": "96", "memory_bandwidth_tbps": "4",
                                         "peak_bf16_dense_tflops": "1500", "tdp_w": "900", "sources": "[src-a]"})
    _fill(catalog / "models/acme/newbie-3b.yaml", {"name": "Newbie 3B", "organization": "Acme", "released": "2025-02-01",
                                                   "method": "pretrained", "access": "open_weights", "architecture": "dense",
                                                   "total_params_b": "3", "sources": "[src-a]"})
    text = (catalog / "models/acme/newbie-3b.yaml").read_text()
    text = re.sub(r"^# training_tokens_t:.*$", "training_tokens_t: 4", text, flags=re.M)  # uncomment an optional key
    (catalog / "models/acme/newbie-3b.yaml").write_text(text)
    (catalog / "scores/acme/newbie-3b.yaml").write_text(
        (catalog / "scores/acme/newbie-3b.yaml").read_text().split("\n", 1)[0] + "\n"
        "sources: [src-a]\nscores:\n"
        "  - {benchmark: bench-a, value: 30, metric: accuracy, origin: reported}\n"
        "  - {benchmark: bench-a, value: 33, metric: accuracy, samples_k: 8, origin: reported}\n")
    out = tmp_path / "out"
    check = run_build("check", "--catalog", str(catalog))
    assert check.returncode == 0, check.stderr
    # Folders named relative to where the contributor stands, as CONTRIBUTING.md has them typed.
    built = run_build("all", "--catalog", "catalog", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    con = duckdb.connect(str(out / "build/catalog.duckdb"), read_only=True)
    assert con.execute("select count(*) from scores where model_id = 'acme/newbie-3b'").fetchone()[0] == 2
    assert con.execute("select gpu_hours from model_gpu_hours where model_id = 'acme/newbie-3b' and gpu_id = 'acme/g9'").fetchone()
    assert "Newbie 3B" in (out / "public/models/acme/newbie-3b/index.html").read_text()
    assert "G9 96GB" in (out / "public/hardware/index.html").read_text()


def test_pinned_values_fail_until_the_pin_is_updated(tmp_path):
    catalog = copy_catalog(VALID, tmp_path)
    (tmp_path / "pins.yaml").write_text("pins:\n  - {record: gpus/acme/g1, field: tdp_w, value: 700, source: src-a, checked: 2025-01-01}\n")
    assert run_build("check", "--catalog", str(catalog)).returncode == 0
    gpu = catalog / "gpus/acme/g1.yaml"
    gpu.write_text(gpu.read_text().replace("tdp_w: 700", "tdp_w: 750"))
    result = run_build("check", "--catalog", str(catalog))
    assert result.returncode == 1 and "catalog/gpus/acme/g1.yaml:9:8: tdp_w: 750 differs from the pinned 700" in result.stderr
    (tmp_path / "pins.yaml").write_text((tmp_path / "pins.yaml").read_text().replace("value: 700", "value: 750"))
    assert run_build("check", "--catalog", str(catalog)).returncode == 0


def test_real_pins_hold():
    result = run_build("check")
    assert result.returncode == 0
    assert yaml.safe_load((ROOT / "pins.yaml").read_text())["pins"]


def test_diff_reports_records_and_moved_figures(tmp_path):
    repo = tmp_path / "repo"
    (repo / "catalog").parent.mkdir(parents=True)
    import shutil

    shutil.copytree(VALID, repo / "catalog")
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    gpu = repo / "catalog/gpus/acme/g1.yaml"
    gpu.write_text(gpu.read_text().replace("peak_bf16_dense_tflops: 1000", "peak_bf16_dense_tflops: 500"))
    from pipeline.diff import diff_since

    report = diff_since(repo, "HEAD")
    assert "**gpus changed:** `acme/g1` (peak_bf16_dense_tflops)" in report
    assert re.search(r"H100-hours|GPU-hours|creation compute", report)
    assert "audit ratio" in report  # the claimed GPU-hours no longer match


WORKFLOW_COMMANDS = re.compile(r"python3 build\.py(?: (\w+))?|bash (scripts/\S+)|python3 -m pytest")


@pytest.mark.parametrize("workflow", sorted((ROOT / ".github/workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflow_commands_exist(workflow):
    spec = yaml.safe_load(workflow.read_text())
    runs = [step["run"] for job in spec["jobs"].values() for step in job["steps"] if "run" in step]
    assert runs
    from build import main  # noqa: F401  (the entry point the workflows call)

    commands = {"check", "db", "site", "all", "serve", "schema", "new", "diff"}
    for run in runs:
        found = WORKFLOW_COMMANDS.findall(run)
        assert found, run
        for sub, script in found:
            assert not sub or sub in commands, run
            assert not script or (ROOT / script).exists(), run
