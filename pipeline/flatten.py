"""Validated records -> rows for the DuckDB tables (schemas/sql/tables/).

This is the only place that knows how nested YAML maps onto flat tables. Every quantity
also becomes a row of `facts`, carrying its source (the record's first source when the
YAML gave a bare number), kind, range and note."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

from .load import Catalogue, quantities
from .problems import key_path
from schemas.records.epoch import EPOCH_SOURCE
from schemas.records.gpu import EPOCH_HARDWARE_SOURCE
from schemas.records.inference import ServingConfiguration


def _v(q):
    return q.value if q is not None else None


def _lo(q):
    """A quantity's low end, or its value when it states no range (so ranges are never wider than stated)."""
    return (q.low if q.low is not None else q.value) if q is not None else None


def _hi(q):
    return (q.high if q.high is not None else q.value) if q is not None else None


def _join(items) -> str | None:
    return "; ".join(items) if items else None


def significant_digits(text: str | None) -> int | None:
    """Significant digits of a number as written ('0.21' -> 2, '1.26e6' -> 3, '2297' -> 4)."""
    if not text:
        return None
    mantissa = text.lower().lstrip("+-").split("e")[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return max(len(digits), 1)


def _measurement_columns(m) -> dict:
    """energy_runs columns from a run's measurement block (all NULL for runs typed from a paper)."""
    return dict(
        instrument=m.instrument if m else None, energy_policy=m.energy_policy if m else None,
        power_limit_w=_v(m.power_limit_w) if m else None, grid_country=m.grid_country if m else None,
        grid_country_applied=m.grid_country_applied if m else None, grid_region=m.grid_region if m else None,
        emissions_kgco2e=_v(m.emissions_kgco2e) if m else None, logged_total_kwh=_v(m.logged_total_kwh) if m else None,
        git_commit=m.git_commit if m else None, git_dirty=m.git_dirty if m else None,
        imported_from=m.imported_from if m else None)


def settings_hash(score) -> str:
    """A score's identity within its model and benchmark: a short hash of its settings (everything in
    Score.settings_key but the benchmark), so the key survives reordering the YAML list."""
    settings = json.dumps(list(score.settings_key()[1:]), default=str, separators=(",", ":"))
    return hashlib.sha256(settings.encode("utf-8")).hexdigest()[:12]


def stage_occurrences(stages) -> list[int]:
    """1 for the first stage of each name, 2 for its second... : with the stage name, a key that does not
    move when stages of different names are reordered."""
    seen: Counter = Counter()
    out = []
    for st in stages:
        seen[st.stage] += 1
        out.append(seen[st.stage])
    return out


def configuration_keys(configurations) -> list[tuple[str, int]]:
    """(settings, occurrence) of each serving configuration: its settings in words ('gpus=2 batch=256 tp=1
    ep=2 dp=1'), and which of the configurations with those same settings it is (a leaderboard may measure one
    setting twice), counted in the order of their figures, not of the list: reordering a record's list moves
    no key, nor any value under a key."""
    labels = [" ".join(f"{name}={value}" for name, value in (
        ("gpus", c.gpu_count), ("batch", c.batch_size), ("tp", c.tensor_parallel), ("ep", c.expert_parallel),
        ("dp", c.data_parallel)) if value is not None) for c in configurations]
    order = sorted(range(len(configurations)), key=lambda i: (labels[i], configurations[i].model_dump_json()))
    seen: Counter = Counter()
    occurrence = [0] * len(configurations)
    for i in order:
        seen[labels[i]] += 1
        occurrence[i] = seen[labels[i]]
    return list(zip(labels, occurrence))


def claim_subject(figure) -> tuple[str, str]:
    """(subject_kind, subject_id) of a claimed figure: the one of model, workload, energy_run, energy_study set."""
    for kind in ("model", "workload", "energy_run", "energy_study"):
        if getattr(figure, kind):
            return kind, getattr(figure, kind)
    raise ValueError("a claimed figure without a subject")


def claim_key(figure) -> str:
    """A claimed figure's identity within its claims file, readable: subject:metric, then what it depends
    on where set (gpu=, vs=, benchmark=, queries=), e.g. model:qwen/qwen3-8b:gpu_hours:gpu=nvidia/h100-sxm."""
    kind, subject = claim_subject(figure)
    versus = figure.versus_model or figure.versus_workload or figure.versus_energy_run
    parts = [kind, subject, figure.metric]
    parts += [f"{label}={value:g}" if isinstance(value, float) else f"{label}={value}"
              for label, value in (("gpu", figure.gpu), ("vs", versus), ("benchmark", figure.benchmark),
                                   ("queries", figure.queries_per_month)) if value is not None]
    return ":".join(parts)


def stable_path(record, path: tuple) -> tuple:
    """A quantity's key path with list positions replaced by the item's own key (a stage name, a
    benchmark@settings hash), so facts.field does not change when a YAML list is reordered."""
    out, obj = [], record
    for step in path:
        if isinstance(step, int) and isinstance(obj, list):
            item = obj[step]
            if hasattr(item, "stage"):
                n = stage_occurrences(obj)[step]
                out.append(item.stage if n == 1 else f"{item.stage}#{n}")
            elif hasattr(item, "settings_key"):
                out.append(f"{item.benchmark}@{settings_hash(item)}")
            elif isinstance(item, ServingConfiguration):
                settings, n = configuration_keys(obj)[step]
                out.append(settings if n == 1 else f"{settings}#{n}")
            else:
                out.append(step)
            obj = item
        else:
            out.append(step)
            obj = obj.get(step) if isinstance(obj, dict) else getattr(obj, step, None)
    return tuple(out)


def rows(cat: Catalogue) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    E = cat.entries

    for sid, e in E["sources"].items():
        r = e.record
        out["sources"].append(dict(source_id=sid, title=r.title, authors=_join(r.authors), year=r.year, url=r.url,
                                   kind=r.kind, accessed=r.accessed, license=r.license, note=r.note))

    for mid, e in E["models"].items():
        r = e.record
        d = r.distillation
        out["models"].append(dict(
            model_id=mid, name=r.name, organization=r.organization, released=r.released, method=r.method,
            access=r.access, architecture=r.architecture, total_params_b=_v(r.total_params_b),
            active_params_b=_v(r.active_params_b), training_tokens_t=_v(r.training_tokens_t),
            training_compute_flop=_v(r.training_compute_flop), training_gpu_hours=_v(r.training_gpu_hours),
            training_gpu_id=r.training_gpu, training_emissions_tco2e=_v(r.training_emissions_tco2e),
            training_compute_scope=r.training_compute_scope, training_gpu_count=r.training_gpu_count,
            training_mfu=_v(r.training_mfu), training_cost_usd=_v(r.training_cost_usd),
            base_model_id=r.base_model, distill_samples=_v(d.samples) if d else None,
            distill_tokens=_v(d.tokens) if d else None, distill_method=d.method if d else None,
            distill_phase=d.phase if d else None, distill_epochs=_v(d.epochs) if d else None,
            distill_dataset=d.dataset if d else None,
            # The curated id wins; else the repository Epoch links (hf_id_from says whose it is).
            hf_id=r.hf_id or (r.epoch.hf_id if r.epoch else None),
            hf_id_from="record" if r.hf_id else ("epoch" if r.epoch and r.epoch.hf_id else None),
            ml_energy_id=r.ml_energy_id,
            epoch_name=r.epoch.name if r.epoch else None, license=r.license, note=r.note, source_id=r.sources[0]))
        for i, t in enumerate(r.teachers):
            out["model_teachers"].append(dict(model_id=mid, teacher_id=t, position=i))
        for alias in r.aka:
            out["model_aliases"].append(dict(model_id=mid, alias=alias))
        for i, (st, n) in enumerate(zip(r.stages, stage_occurrences(r.stages))):
            out["model_stages"].append(dict(
                model_id=mid, stage=st.stage, occurrence=n, position=i, compute_flop=_v(st.compute_flop), gpu_hours=_v(st.gpu_hours),
                gpu_id=st.gpu, gpu_count=st.gpu_count, tokens=_v(st.tokens), cost_usd=_v(st.cost_usd),
                source_id=st.source or r.sources[0], note=st.note))
        if r.epoch:
            ep = r.epoch
            tc = ep.training_compute_flop
            out["epoch_models"].append(dict(
                model_id=mid, epoch_name=ep.name, last_modified=ep.last_modified, published=ep.published,
                organization=ep.organization, accessibility=ep.accessibility, hf_developer_id=ep.hf_developer_id,
                hf_id=ep.hf_id,
                parameters=_v(ep.parameters), training_compute_flop=_v(tc), training_compute_low=tc.low if tc else None,
                training_compute_high=tc.high if tc else None, confidence=tc.confidence if tc else None,
                compute_kind=tc.kind if tc else None, estimation_method=ep.estimation_method,
                dataset_size=_v(ep.dataset_size), dataset_unit=ep.dataset_unit, epochs=_v(ep.epochs),
                training_hardware=ep.training_hardware, gpu_id=ep.gpu, hardware_quantity=_v(ep.hardware_quantity),
                training_time_hours=_v(ep.training_time_hours), chip_hours=_v(ep.chip_hours), mfu=_v(ep.mfu),
                power_draw_w=_v(ep.power_draw_w), numerical_format=ep.numerical_format,
                cost_usd_2023=_v(ep.cost_usd_2023), base_model=ep.base_model, base_model_id=ep.base_model_id,
                finetune_compute_flop=_v(ep.finetune_compute_flop),
                post_training_compute_flop=_v(ep.post_training_compute_flop), note=ep.note))

    for gid, e in E["gpus"].items():
        r = e.record
        ep = r.epoch
        # A curated datasheet figure wins; a GPU only Epoch describes uses Epoch's (figures_from says which).
        curated = r.peak_bf16_dense_tflops is not None and r.tdp_w is not None
        pick = lambda own, theirs: _v(own) if own is not None else (_v(theirs) if ep else None)  # noqa: E731
        out["gpus"].append(dict(
            gpu_id=gid, name=r.name, vendor=r.vendor, family=r.family,
            released=r.released or (ep.released if ep else None),
            memory_gb=pick(r.memory_gb, ep and ep.memory_gb),
            memory_bandwidth_tbps=pick(r.memory_bandwidth_tbps, ep and ep.memory_bandwidth_tbps),
            peak_bf16_dense_tflops=pick(r.peak_bf16_dense_tflops, ep and ep.peak_bf16_tflops),
            peak_fp8_dense_tflops=pick(r.peak_fp8_dense_tflops, ep and ep.peak_fp8_tflops),
            tdp_w=pick(r.tdp_w, ep and ep.tdp_w), figures_from="datasheet" if curated else "epoch",
            note=r.note, source_id=r.sources[0]))
        for alias in r.aka:
            out["gpu_aliases"].append(dict(gpu_id=gid, alias=alias))
        if ep:
            out["epoch_gpus"].append(dict(
                gpu_id=gid, epoch_name=ep.name, last_modified=ep.last_modified, released=ep.released,
                peak_bf16_tflops=_v(ep.peak_bf16_tflops), peak_fp8_tflops=_v(ep.peak_fp8_tflops), tdp_w=_v(ep.tdp_w),
                memory_gb=_v(ep.memory_gb), memory_bandwidth_tbps=_v(ep.memory_bandwidth_tbps),
                release_price_usd=_v(ep.release_price_usd)))

    for bid, e in E["benchmarks"].items():
        r = e.record
        out["benchmarks"].append(dict(benchmark_id=bid, name=r.name, domain=r.domain, items=r.items, metric=r.metric,
                                      scale_max=r.scale_max, higher_is_better=r.higher_is_better, url=r.url,
                                      note=r.note, source_id=r.sources[0]))
        for alias in r.aliases:
            out["benchmark_aliases"].append(dict(benchmark_id=bid, alias=alias))

    for mid, e in E["scores"].items():
        r = e.record
        for i, s in enumerate(r.scores):
            out["scores"].append(dict(
                model_id=mid, benchmark_id=s.benchmark, settings_hash=settings_hash(s), position=i, value=s.value, metric=s.metric,
                samples_k=s.samples_k, temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens,
                reasoning_effort=s.reasoning_effort, shots=s.shots, chain_of_thought=s.chain_of_thought,
                thinking=s.thinking, harness=s.harness, origin=s.origin, evaluated_on=s.date,
                source_id=s.source or r.sources[0], note=s.note))

    for rid, e in E["energy"].items():
        r = e.record
        h, q = r.hyperparameters, r.quality
        out["energy_runs"].append(dict(
            run_id=rid, study=rid.split("/")[0], pipeline=r.pipeline, teacher_id=r.teacher, student_id=r.student,
            workloads=_join(r.workloads), gpu_id=r.gpu, gpu_count=r.gpu_count, repeats=r.repeats,
            reported_total_kwh=_v(r.total_energy_kwh), reported_j_per_token=_v(r.j_per_token),
            inference_j_per_token=_v(r.inference_j_per_token),
            kd_temperature=h.kd_temperature if h else None, kd_alpha=h.kd_alpha if h else None,
            max_new_tokens=h.max_new_tokens if h else None, prompts=h.prompts if h else None,
            learning_rate=h.learning_rate if h else None, max_sequence_length=h.max_sequence_length if h else None,
            effective_batch_size=h.effective_batch_size if h else None, optimizer=h.optimizer if h else None,
            reported_q=_v(q.q_score) if q else None, **_measurement_columns(r.measurement),
            note=r.note, source_id=r.sources[0]))
        for i, (st, n) in enumerate(zip(r.stages, stage_occurrences(r.stages))):
            out["energy_stages"].append(dict(
                run_id=rid, stage=st.stage, occurrence=n, position=i, name=st.name, energy_kwh=_v(st.energy_kwh),
                gpu_energy_kwh=_v(st.gpu_energy_kwh), cpu_energy_kwh=_v(st.cpu_energy_kwh),
                ram_energy_kwh=_v(st.ram_energy_kwh), tokens=_v(st.tokens), duration_s=_v(st.duration_s),
                avg_power_w=_v(st.avg_power_w), peak_power_w=_v(st.peak_power_w)))
        if r.measurement:
            for package, version in r.measurement.software.items():
                out["energy_run_software"].append(dict(run_id=rid, package=package, version=version))
            for i, flag in enumerate(dict.fromkeys(r.measurement.flags)):  # a flag said twice is one flag (the key)
                out["energy_run_flags"].append(dict(run_id=rid, position=i, flag=flag))
        for s in (q.scores if q else []):
            out["energy_run_scores"].append(dict(run_id=rid, benchmark_id=s.benchmark, value=s.value))

    for mid, e in E["inference"].items():
        r = e.record
        out["inference_measurements"].append(dict(
            measurement_id=mid, model_id=r.model, model_name=r.model_name, hf_id=r.hf_id, gpu_id=r.gpu,
            precision=r.precision, measurement_boundary=r.measurement_boundary, workload=r.workload,
            serving=r.serving, as_of=r.as_of, note=r.note, source_id=r.sources[0]))
        for i, (c, (settings, n)) in enumerate(zip(r.configurations, configuration_keys(r.configurations))):
            out["inference_configurations"].append(dict(
                measurement_id=mid, configuration=settings, occurrence=n, position=i, gpu_count=c.gpu_count, batch_size=c.batch_size,
                avg_batch_size=_v(c.avg_batch_size), tensor_parallel=c.tensor_parallel,
                expert_parallel=c.expert_parallel, data_parallel=c.data_parallel,
                energy_per_token_j=_v(c.energy_per_token_j), energy_per_request_j=_v(c.energy_per_request_j),
                energy_per_request_wh=_v(c.energy_per_request_wh),
                throughput_tokens_per_s=_v(c.throughput_tokens_per_s), avg_power_w=_v(c.avg_power_w),
                avg_output_tokens=_v(c.avg_output_tokens), note=c.note))

    for sid, e in E["scenarios"].items():
        r = e.record
        m = r.mfu
        out["scenarios"].append(dict(
            scenario_id=sid, name=r.name, description=r.description, is_default=r.default,
            mfu=_v(m.default) if m else None, mfu_low=m.default.low if m else None, mfu_high=m.default.high if m else None,
            pue=_v(r.pue), pue_low=_lo(r.pue), pue_high=_hi(r.pue),
            grid_tco2e_per_mwh=_v(r.grid_tco2e_per_mwh), grid_low=_lo(r.grid_tco2e_per_mwh),
            grid_high=_hi(r.grid_tco2e_per_mwh), tokens_per_sample=_v(r.tokens_per_sample),
            tokens_per_sample_low=_lo(r.tokens_per_sample), tokens_per_sample_high=_hi(r.tokens_per_sample),
            distill_epochs=_v(r.distill_epochs), distill_epochs_low=_lo(r.distill_epochs),
            distill_epochs_high=_hi(r.distill_epochs), students_per_teacher=_v(r.students_per_teacher),
            gpu_usd_per_hour=_v(r.gpu_usd_per_hour), gpu_average_power_w=_v(r.gpu_average_power_w),
            distill_samples=_v(r.distill_samples), query_input_tokens=_v(r.query_input_tokens), query_output_tokens=_v(r.query_output_tokens),
            eval_tokens_per_item=_v(r.eval_tokens_per_item), eval_tokens_per_item_low=_lo(r.eval_tokens_per_item),
            eval_tokens_per_item_high=_hi(r.eval_tokens_per_item),
            source_id=r.sources[0]))
        for family, fq in (m.by_family.items() if m else []):
            out["scenario_mfu"].append(dict(scenario_id=sid, gpu_family=family, mfu=fq.value, mfu_low=fq.low, mfu_high=fq.high))
        for gpu, pq in r.peak_tflops_override.items():
            out["scenario_peak_overrides"].append(dict(scenario_id=sid, gpu_id=gpu, peak_tflops=pq.value))

    for pid, e in E["prices"].items():
        r = e.record
        out["price_series"].append(dict(price_id=pid, provider=r.provider, product=r.product, kind=r.kind,
                                        currency=r.currency, model_id=r.model, gpu_id=r.gpu,
                                        provider_class=r.provider_class, note=r.note, source_id=r.sources[0]))
        rank = {"assumed": 0, "estimated": 1, "measured": 2, "reported": 3}
        for i, p in enumerate(r.history):
            figures = [q for q in (p.input_usd_per_mtok, p.output_usd_per_mtok, p.usd_per_gpu_hour, p.usd_per_gpu_second)
                       if q is not None]
            out["price_points"].append(dict(
                price_id=pid, date=p.date, position=i, basis=p.basis,
                input_usd_per_mtok=_v(p.input_usd_per_mtok), input_low=_lo(p.input_usd_per_mtok),
                input_high=_hi(p.input_usd_per_mtok), output_usd_per_mtok=_v(p.output_usd_per_mtok),
                output_low=_lo(p.output_usd_per_mtok), output_high=_hi(p.output_usd_per_mtok),
                usd_per_gpu_hour=_v(p.usd_per_gpu_hour), usd_per_gpu_hour_low=_lo(p.usd_per_gpu_hour),
                usd_per_gpu_hour_high=_hi(p.usd_per_gpu_hour), usd_per_gpu_second=_v(p.usd_per_gpu_second),
                usd_per_gpu_second_low=_lo(p.usd_per_gpu_second), usd_per_gpu_second_high=_hi(p.usd_per_gpu_second),
                figure_kind=min((q.kind for q in figures), key=rank.__getitem__),
                source_id=p.source or r.sources[0], note=p.note))

    for wid, e in E["workloads"].items():
        r = e.record
        out["workloads"].append(dict(
            workload_id=wid, name=r.name, kind=r.kind, model_id=r.model, params_b=_v(r.params_b), tokens=_v(r.tokens),
            epochs=_v(r.epochs), teacher_params_b=_v(r.teacher_params_b), student_params_b=_v(r.student_params_b),
            samples=_v(r.samples), tokens_per_sample=_v(r.tokens_per_sample),
            training_compute_flop=_v(r.training_compute_flop), note=r.note, source_id=r.sources[0]))

    for cid, e in E["claims"].items():
        r = e.record
        for i, f in enumerate(r.figures):
            kind, subject = claim_subject(f)
            versus_kind, versus = (("model", f.versus_model) if f.versus_model else ("workload", f.versus_workload)
                                   if f.versus_workload else ("energy_run", f.versus_energy_run)
                                   if f.versus_energy_run else (None, None))
            out["claims"].append(dict(
                claim_table_id=cid, claim_key=claim_key(f), position=i, location=r.location, scenario_id=r.scenario,
                subject_kind=kind, subject_id=subject, metric=f.metric, gpu_id=f.gpu, versus_kind=versus_kind, versus_id=versus,
                benchmark_id=f.benchmark, queries_per_month=f.queries_per_month, qualifier=f.qualifier, value=f.value, low=f.low, high=f.high,
                significant_digits=significant_digits(e.doc.plain_text.get(("figures", i, "value"))),
                note=f.note, source_id=r.sources[0]))

    for kind, entries in E.items():
        for rid, e in entries.items():
            default_source = e.record.sources[0] if kind != "sources" else rid
            for path, q in quantities(e.record):
                path = stable_path(e.record, path)
                from_epoch = path[0] == "epoch"
                field_source = (EPOCH_HARDWARE_SOURCE if kind == "gpus" else EPOCH_SOURCE) if from_epoch else default_source
                as_of = q.as_of or (e.record.epoch.last_modified if from_epoch else None)
                out["facts"].append(dict(record_kind=kind, record_id=rid, field=key_path(path), value=q.value, low=q.low,
                                         high=q.high, kind=q.kind, source_id=q.source or field_source,
                                         confidence=q.confidence, as_of=as_of, note=q.note))
                for revision in q.revisions:
                    out["fact_revisions"].append(dict(
                        record_kind=kind, record_id=rid, field=key_path(path), value=revision.value,
                        low=revision.low, high=revision.high, confidence=revision.confidence, as_of=revision.as_of,
                        replaced_on=revision.replaced_on, source_id=revision.source or q.source or field_source,
                        note=revision.note))
    return out
