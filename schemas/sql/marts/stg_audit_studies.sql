-- view: A measurement campaign's GPU-hours recomputed from its runs' energy, with the range the stated repeats allow. Internal: one part of the audit view, kept in a view of its own so that the exports compute the audit's parts side by side (pipeline/export.py); keyed like the claims (claim_table_id, position).
-- col claim_table_id: Claims file (with position, the claim).
-- col position: Order within the claims file.
-- col recomputed: GPU-hours: the study's measured kWh at the scenario's average draw, each configuration run once.
-- col recomputed_low: The same at the fewest stated repeats.
-- col recomputed_high: The same at the most stated repeats, each on every workload the means average over.
-- col study_runs: Configurations of the study.
-- col study_kwh: Their measured kWh, one mean each.
-- col power_w: Average draw the GPU-hours are derived at (W).
create or replace view stg_audit_studies as
with c as (
    select * from stg_audit_claims
)
-- A whole campaign's GPU-hours: its runs' measured kWh at the scenario's average draw (the energy paper's
-- Appendix D method). The records hold one mean per configuration; how many runs each mean stands for is
-- stated only as a range (repeats '2-3', on each of its workloads), so the low and high ends bracket it.
select c.claim_table_id, c.position,
    sum(t.kwh) / (g.power_w / 1000) as recomputed,
    sum(t.kwh * r.repeats_low) / (g.power_w / 1000) as recomputed_low,
    sum(t.kwh * r.repeats_high * r.workload_count) / (g.power_w / 1000) as recomputed_high,
    count(*) as study_runs, sum(t.kwh) as study_kwh, g.power_w
from c
join (select run_id, study, coalesce(reported_total_kwh, total_kwh) as kwh from energy_pipeline_totals) t on t.study = c.subject_id
join (select run_id,
             coalesce(try_cast(regexp_extract(repeats, '^\s*(\d+)', 1) as integer), 1) as repeats_low,
             coalesce(try_cast(regexp_extract(repeats, '(\d+)\s*$', 1) as integer), 1) as repeats_high,
             len(string_split(workloads, '; ')) as workload_count
      from energy_runs) r using (run_id)
-- Not stg_gpu_scenarios: a measured scenario sets no MFU, only the average draw.
join (select sn.scenario_id, gp.gpu_id, coalesce(sn.gpu_average_power_w, gp.tdp_w) as power_w
      from scenarios sn cross join gpus gp) g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
where c.subject_kind = 'energy_study' and c.metric = 'gpu_hours'
group by c.claim_table_id, c.position, g.power_w
