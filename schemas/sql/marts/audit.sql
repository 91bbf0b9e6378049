-- view: Every figure a source published (claims) beside the catalogue's recomputation under the source's own scenario, the ratio between them, and why they differ.
-- key: claim_table_id, claim_key
-- col claim_table_id: Claims file.
-- col claim_key: subject_kind:subject_id:metric, then gpu=, vs=, benchmark=, queries= where set: with claim_table_id, the key.
-- col position: Order within the file (not a key).
-- col location: Where in the source.
-- col source_id: The source.
-- col scenario_id: Assumptions the source used.
-- col subject_kind: model, workload, energy_run or energy_study (a whole measurement campaign).
-- col subject_id: What the figure is about.
-- col metric: What the figure measures.
-- col gpu_id: GPU for hours, energy and emissions.
-- col claimed: The figure as printed.
-- col recomputed: The catalogue's figure: the formula applied to the catalogue's records under the source's scenario.
-- col ratio: claimed / recomputed.
-- col total_params_variant: The formula with MoE and teacher parameters counted in total (the first paper's convention); for a compute or GPU-hour ratio, the ratio of the two sides so counted.
-- col active_params_variant: For a compute or GPU-hour ratio: the ratio with every teacher and MoE model counted by the parameters active per token (the catalogue's convention).
-- col recomputed_low: Low end of what the records support, where the recomputation is a range (a study's GPU-hours: fewest repeats).
-- col recomputed_high: High end (a study's GPU-hours: most repeats, every workload run separately).
-- col source_inputs_variant: The formula applied to the source's own inputs (its workload record, or its own upstream figure).
-- col published: The model card's own figure, where one exists.
-- col lineage_variant: For a compute or GPU-hour ratio: the same ratio with each side's cumulative cost through its lineage, under the catalogue's default scenario.
-- col qualifier: How the source words the figure (exactly, about, over, under, nearly, at_most, at_least); headline claims are checked accordingly.
-- col tolerance: Relative difference accepted as agreement: 1%, or half a unit of the last printed digit if larger.
-- col reason: Why the claimed figure and the recomputation agree or differ. Agreement is not always support: a figure reproduced from inputs that count a teacher by total parameters, with an MFU inferred from the same table, or against the source's own figure copied into the catalogue says so.
create or replace view audit as
with c as (
    select * from stg_audit_claims
),
circular_mfu as (
    -- Hours derived with an MFU the scenario inferred from the very table being audited prove nothing.
    select c.claim_table_id, c.position
    from c
    join gpus gp on gp.gpu_id = c.gpu_id
    join facts f on f.record_kind = 'scenarios' and f.record_id = c.scenario_id
        and f.field = 'mfu.by_family.' || gp.family and f.kind = 'estimated' and f.source_id = c.source_id
),
joined as (
    select
        c.claim_table_id, c.claim_key, c.position, c.location, c.source_id, c.scenario_id, c.subject_kind, c.subject_id,
        c.metric, c.gpu_id, c.value as claimed, c.low, c.high, c.tolerance,
        coalesce(cs.recomputed, ms.recomputed, ws.recomputed, rs.recomputed, ss.recomputed) as recomputed,
        ss.recomputed_low, ss.recomputed_high, ss.study_runs as study_runs, ss.study_kwh, ss.power_w,
        rs.implied_tokens, rs.study_tokens_min, rs.study_tokens_max, rs.study_runs as token_runs,
        cs.lineage_variant, cs.active_params_variant, coalesce(cs.rests_on_teacher_total, false) as rests_on_teacher_total,
        c.qualifier,
        claim_holds(c.qualifier, cs.recomputed, c.value, c.high, c.tolerance) as headline_holds,
        -- The same sentence read on the source's own convention (teachers and MoE models by total parameters).
        claim_holds(c.qualifier, cs.total_params_ratio, c.value, c.high, c.tolerance) as headline_holds_total,
        c.metric in ('compute_ratio', 'gpu_hours_ratio', 'energy_ratio', 'q_gain',
            'score', 'monthly_api_cost_usd', 'break_even_weeks', 'api_price_ratio') as is_headline,
        coalesce(ms.total_params_variant, cs.total_params_ratio) as total_params_variant,
        u.value as source_inputs_variant, u.inputs_text,
        ms.published, ms.published_revision, ms.method, ms.architecture,
        coalesce(ms.copied_from_source, false) as copied_from_source,
        coalesce(ws.teacher_total, false) as teacher_total,
        coalesce(ws.copied_input, false) as copied_input,
        cm.position is not null as circular
    from c
    left join stg_audit_models ms using (claim_table_id, position)
    left join stg_audit_workloads ws using (claim_table_id, position)
    left join stg_audit_runs rs using (claim_table_id, position)
    left join stg_audit_studies ss using (claim_table_id, position)
    left join stg_audit_comparisons cs using (claim_table_id, position)
    left join stg_audit_upstream u using (claim_table_id, position)
    left join circular_mfu cm using (claim_table_id, position)
)
select
    claim_table_id, claim_key, position, location, source_id, scenario_id, subject_kind, subject_id, metric, gpu_id,
    claimed,
    recomputed,
    claimed / nullif(recomputed, 0) as ratio,
    total_params_variant,
    active_params_variant,
    source_inputs_variant,
    published,
    lineage_variant,
    recomputed_low,
    recomputed_high,
    qualifier,
    tolerance,
    case
        when metric = 'j_per_token' and implied_tokens is not null then
            case when abs(claimed / recomputed - 1) <= tolerance
                 then 'follows from one constant, not a per-run token count: the printed J/token is this run''s kWh over '
                 else 'does not follow from one constant: the printed J/token is this run''s kWh over ' end
            || printf('%.2fM', implied_tokens / 1e6) || ' tokens, and the ' || token_runs || ' runs of its study imply '
            || printf('%.2fM', study_tokens_min / 1e6) || ' to ' || printf('%.2fM', study_tokens_max / 1e6)
            || ' tokens, teacher pass or none; the source prints no token counts'
        when subject_kind = 'energy_study' and recomputed is not null then
            'not checkable from the records alone: the study''s ' || study_runs || ' configurations (' || printf('%.4g', study_kwh)
            || ' kWh, one mean each) at ' || printf('%g', power_w) || ' W give ' || format('{:,.0f}', recomputed)
            || ' GPU-hours run once each; ' || format('{:,.0f}', recomputed_low) || ' at the fewest stated repeats, '
            || format('{:,.0f}', recomputed_high) || ' at the most, each on every workload the means average over;'
            || ' the printed total also counts sweeps whose energy is not published'
            || case when claimed between recomputed_low and recomputed_high then ', and lies inside that range'
                    else ', and lies outside that range' end
        when recomputed is null then 'not recomputable from the catalogue (an input is missing)'
        when is_headline and not headline_holds and headline_holds_total then
            'headline holds only under the source''s own accounting: its figures count MoE and teacher parameters in total (ratio '
            || printf('%.3g', total_params_variant) || '); by active parameters the catalogue gives ' || printf('%.3g', recomputed)
            || case when lineage_variant < 1 then '; counted through lineage (base model''s pre-training and a teacher share, default scenario) the ratio is '
                    || printf('%.2g', lineage_variant) else '' end
        when is_headline then
            case when headline_holds then 'headline holds' else 'headline does not hold' end
            || case when headline_holds and (rests_on_teacher_total or lineage_variant < 1)
                    then ' only under the source''s own accounting' else '' end
            || ': the catalogue gives ' || printf('%.3g', recomputed)
            || case when rests_on_teacher_total then ' from the source''s inputs, which count the teacher with total instead of active parameters'
                    || coalesce('; with the teacher counted by active parameters ' || printf('%.3g', active_params_variant), '') else '' end
            || case when lineage_variant < 1 then '; counted through lineage (base model''s pre-training and a teacher share, default scenario) the ratio is '
                    || printf('%.2g', lineage_variant) else '' end
        when copied_from_source and abs(claimed / recomputed - 1) <= tolerance
            then 'agrees only because the catalogue''s figure is the source''s own (not an independent check)'
        when copied_input and abs(claimed / recomputed - 1) <= tolerance
            then 'arithmetic reproduced from the source''s own compute figure, which the catalogue''s workload copies (not an independent check of it)'
        when (teacher_total or circular) and abs(claimed / recomputed - 1) <= tolerance
            then 'arithmetic reproduced'
                || case when teacher_total then ' from the source''s own inputs, which count the teacher with total instead of active parameters' else '' end
                || case when circular then case when teacher_total then '; and circular' else ', but circular' end
                        || ': the MFU was inferred from this same table' else '' end
        when abs(claimed / recomputed - 1) <= tolerance then 'reproduced'
        when low is not null and recomputed between low - 0.5 and high + 0.5 then 'reproduced (printed as a rounded range)'
        when low is null and metric = 'break_even_reuse' and abs(claimed - recomputed) < 0.5 then 'reproduced (printed rounded to a whole number)'
        when published is not null and abs(claimed / published - 1) <= tolerance
            then 'copied from the model''s published figure, not derived with the formula'
        when published_revision is not null
            then 'copied from the model''s published figure as first printed (' || printf('%g', published_revision)
                 || '), since revised to ' || coalesce(printf('%g', published), 'none') || '; not derived with the formula'
        when total_params_variant is not null and method = 'distilled' and abs(claimed / total_params_variant - 1) <= tolerance
            then 'teacher inference counted with total instead of active parameters'
        when total_params_variant is not null and architecture = 'moe' and abs(claimed / total_params_variant - 1) <= tolerance
            then 'MoE model counted with total instead of active parameters'
        when source_inputs_variant is not null and abs(claimed / source_inputs_variant - 1) <= tolerance
            then 'follows from the source''s own inputs' || coalesce(' (' || inputs_text || ')', '')
                 || ', which differ from the catalogue''s records'
        else 'does not follow from the formula and the records'
    end as reason
from joined
