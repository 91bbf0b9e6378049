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
    select
        cl.*,
        abs(cl.value) > 0 and cl.significant_digits is not null as has_digits,
        greatest(0.01, case when cl.value > 0 and cl.significant_digits is not null
            then 0.5 * pow(10, floor(log10(cl.value)) - cl.significant_digits + 1) / cl.value end) as tolerance
    from claims cl
),
g as (select * from stg_gpu_scenarios),
circular_mfu as (
    -- Hours derived with an MFU the scenario inferred from the very table being audited prove nothing.
    select c.claim_table_id, c.position
    from c
    join gpus gp on gp.gpu_id = c.gpu_id
    join facts f on f.record_kind = 'scenarios' and f.record_id = c.scenario_id
        and f.field = 'mfu.by_family.' || gp.family and f.kind = 'estimated' and f.source_id = c.source_id
),
upstream_claims as (
    -- What upstream reads of the claim tables and workloads, looked up over the claims alone (see comparison_lookups).
    select c.claim_table_id, c.position,
        case when c.metric = 'gpu_hours' then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'training_compute_flop') end as flop_claimed,
        case when c.metric in ('energy_mwh', 'tco2e') then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'gpu_hours' and u.gpu_id = c.gpu_id) end as hours_claimed,
        case when c.metric = 'tco2e' then (select u.value from claims u
            where u.claim_table_id = c.claim_table_id and u.subject_id = c.subject_id and u.metric = 'energy_mwh' and u.gpu_id = c.gpu_id) end as mwh_claimed,
        case when c.metric = 'training_compute_flop' then (select wc.flop from workloads w join workload_compute wc using (workload_id)
            where w.model_id = c.subject_id and w.source_id = c.source_id and c.subject_kind = 'model') end as inputs_flop,
        -- The source's inputs in words, so a reader sees what the printed figure follows from (e.g. another model's tokens).
        case when c.metric = 'training_compute_flop' and c.subject_kind = 'model' then (
            select printf('6 × %gB parameters × %gT tokens', w.params_b, w.tokens / 1e12) from workloads w
            where w.model_id = c.subject_id and w.source_id = c.source_id and w.kind = 'pretraining' and coalesce(w.epochs, 1) = 1
            limit 1) end as inputs_text
    from c
),
upstream as (
    -- The source's own figure one step up the chain (compute -> hours -> energy -> emissions), from the same table.
    select c.claim_table_id, c.position,
        case c.metric
            when 'gpu_hours' then l.flop_claimed / (g.peak_tflops * 1e12 * g.mfu * 3600)
            when 'energy_mwh' then l.hours_claimed * g.power_w / 1e6 * g.pue
            when 'tco2e' then coalesce(l.mwh_claimed * g.grid_tco2e_per_mwh,
                                       l.hours_claimed * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh)
            when 'training_compute_flop' then l.inputs_flop
        end as value,
        l.inputs_text
    from c
    join upstream_claims l using (claim_table_id, position)
    left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
),
model_lookups as (
    -- What model_side looks up per claim, over the claims and their models alone (see comparison_lookups).
    select c.claim_table_id, c.position,
        -- A figure the model's makers published and later revised: copying the earlier value is still copying.
        (select min(r.value) from fact_revisions r
         where r.record_kind = 'models' and r.record_id = c.subject_id
           and r.field = case c.metric when 'training_compute_flop' then 'training_compute_flop'
                                       when 'gpu_hours' then 'training_gpu_hours'
                                       when 'tco2e' then 'training_emissions_tco2e' end
           and (c.metric <> 'gpu_hours' or m.training_gpu_id = c.gpu_id)
           and abs(r.value / c.value - 1) <= c.tolerance) as published_revision,
        -- The catalogue's own figure is the source's: agreement with it is not an independent check.
        (c.metric = 'training_compute_flop' and sm.compute_from = c.source_id)
        -- Dollars derived at a GPU-hour price the same source assumed only repeat its arithmetic.
        -- (Each price the dollars name, one row each, joined on its id: testing every id list against every price
        -- was a nested loop, 13 of the view's 14 s at 1,000x.)
        or (c.metric = 'training_cost_usd' and exists (
            select 1 from (select model_id, unnest(string_split(price_ids, ', ')) as price_id from training_dollars) named
            join price_points pp on pp.price_id = named.price_id
            where named.model_id = c.subject_id and pp.source_id = c.source_id)) as copied_from_source
    from c
    join models m on m.model_id = c.subject_id
    join stg_models sm on sm.model_id = c.subject_id
    where c.subject_kind = 'model'
),
model_side as (
    select c.claim_table_id, c.position,
        case c.metric
            when 'training_compute_flop' then mc.creation_flop
            when 'gpu_hours' then mh.gpu_hours
            when 'tco2e' then mh.tco2e
        end as recomputed,
        case c.metric
            when 'training_compute_flop' then mc.creation_total_params_flop
            when 'gpu_hours' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600)
            when 'tco2e' then mc.creation_total_params_flop / (g.peak_tflops * 1e12 * g.mfu * 3600) * g.power_w / 1e6 * g.pue * g.grid_tco2e_per_mwh
        end as total_params_variant,
        case c.metric
            when 'training_compute_flop' then m.training_compute_flop
            when 'gpu_hours' then case when m.training_gpu_id = c.gpu_id then m.training_gpu_hours end
            when 'tco2e' then m.training_emissions_tco2e
        end as published,
        l.published_revision,
        m.method, m.architecture,
        l.copied_from_source
    from c
    join models m on m.model_id = c.subject_id
    join stg_models sm on sm.model_id = c.subject_id
    join model_lookups l using (claim_table_id, position)
    left join model_creation_compute mc on mc.model_id = c.subject_id and mc.scenario_id = c.scenario_id
    left join model_gpu_hours mh on mh.model_id = c.subject_id and mh.scenario_id = c.scenario_id and mh.gpu_id = c.gpu_id
    left join g on g.scenario_id = c.scenario_id and g.gpu_id = c.gpu_id
    where c.subject_kind = 'model'
),
workload_side as (
    select c.claim_table_id, c.position,
        case c.metric
            when 'training_compute_flop' then wc.flop
            when 'teacher_inference_flop' then wc.teacher_inference_flop
            when 'student_training_flop' then wc.student_training_flop
            when 'gpu_hours' then wh.gpu_hours
            when 'energy_mwh' then wh.energy_mwh
            when 'tco2e' then wh.tco2e
        end as recomputed,
        -- A distillation workload whose teacher size is the catalogue teacher's total, not active, parameter count.
        w.kind = 'distillation' and c.metric <> 'student_training_flop' and exists (
            select 1 from model_teachers mt join stg_models t on t.model_id = mt.teacher_id
            where mt.model_id = w.model_id and t.n_active < t.n_total
              and abs(w.teacher_params_b * 1e9 / t.n_total - 1) < 0.05) as teacher_total,
        -- A workload that is only the source's own compute figure: hours derived from it repeat the source's arithmetic.
        w.kind = 'published_compute' and w.source_id = c.source_id and c.metric <> 'training_compute_flop' as copied_input
    from c
    join workloads w on w.workload_id = c.subject_id
    join workload_compute wc on wc.workload_id = c.subject_id
    left join workload_gpu_hours wh on wh.workload_id = c.subject_id and wh.scenario_id = c.scenario_id and wh.gpu_id = c.gpu_id
    where c.subject_kind = 'workload'
),
run_tokens as (
    -- Tokens each run's printed total and J/token imply (kWh x 3.6e6 / J per token).
    select run_id, study, coalesce(reported_total_kwh, total_kwh) as kwh,
        coalesce(reported_total_kwh, total_kwh) * 3.6e6 / j_per_token as implied_tokens
    from energy_pipeline_totals where j_per_token is not null
),
run_others as (
    -- Each run's study as its other runs give it: computed over the runs alone, before the join with the claims.
    select t.run_id,
        (select median(o.implied_tokens) from run_tokens o where o.study = t.study and o.run_id <> t.run_id) as others_median,
        (select min(o.implied_tokens) from run_tokens o where o.study = t.study) as study_tokens_min,
        (select max(o.implied_tokens) from run_tokens o where o.study = t.study) as study_tokens_max,
        (select count(*) from run_tokens o where o.study = t.study) as study_runs
    from run_tokens t
),
run_side as (
    select c.claim_table_id, c.position, b.n_star as recomputed, null::double as implied_tokens,
        null::double as study_tokens_min, null::double as study_tokens_max, null::bigint as study_runs
    from c join break_even_reuse b on b.run_id = c.subject_id
    where c.subject_kind = 'energy_run' and c.metric = 'break_even_reuse'
    union all
    -- J/token recomputed as the run's kWh over the token count the *other* runs of its study imply: when that
    -- predicts every run, the column is the energy column over one constant, not a per-run count of tokens.
    select c.claim_table_id, c.position,
        t.kwh * 3.6e6 / o.others_median,
        t.implied_tokens,
        o.study_tokens_min,
        o.study_tokens_max,
        o.study_runs
    from c join run_tokens t on t.run_id = c.subject_id join run_others o on o.run_id = t.run_id
    where c.subject_kind = 'energy_run' and c.metric = 'j_per_token'
),
study_side as (
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
),
subject_flop as (
    -- Creation FLOP of any claim subject: a workload's own inputs, or a model under the claim's scenario; and the
    -- same subject's cumulative cost through its lineage under the catalogue's default scenario.
    -- Each also counted both ways: teachers (and MoE models) by active and by total parameters.
    select 'workload' as kind, w.workload_id as id, s.scenario_id, wc.flop, mc.cumulative_flop,
        case when w.kind = 'distillation' then coalesce(
            (select 2 * sum(t.n_active) * wc.tokens from model_teachers mt join stg_models t on t.model_id = mt.teacher_id
             where mt.model_id = w.model_id) + wc.student_training_flop, wc.flop) else wc.flop end as active_flop,
        case when w.kind = 'distillation' then coalesce(
            (select 2 * sum(t.n_total) * wc.tokens from model_teachers mt join stg_models t on t.model_id = mt.teacher_id
             where mt.model_id = w.model_id) + wc.student_training_flop, wc.flop) else wc.flop end as total_flop
    from workloads w join workload_compute wc using (workload_id) cross join scenarios s
    left join model_creation_cost mc on mc.model_id = w.model_id and mc.scenario_id = (select scenario_id from scenarios where is_default)
    union all
    select 'model', c.model_id, c.scenario_id, c.creation_flop, mc.cumulative_flop, c.creation_flop, c.creation_total_params_flop
    from model_creation_compute c
    left join model_creation_cost mc on mc.model_id = c.model_id and mc.scenario_id = (select scenario_id from scenarios where is_default)
),
subject_hours as (
    select 'workload' as kind, workload_id as id, scenario_id, gpu_id, gpu_hours from workload_gpu_hours
    union all
    select 'model', model_id, scenario_id, gpu_id, gpu_hours from model_gpu_hours
),
comparison_lookups as (
    -- The lookups that depend on the claim alone, made over the claims before the joins below. DuckDB plans each
    -- correlated subquery against the plan it sits in: planned against those joins (and upstream's and model_side's
    -- against theirs) they were half the view's time (0.16 of 0.31 s on the real catalogue; 0.06 of 0.20 s now).
    select c.claim_table_id, c.position,
        case c.metric
            -- Another source's figure for the model: one its source measured before one it copied (origin).
            when 'score' then (select sc.value from scores sc where sc.model_id = c.subject_id and sc.benchmark_id = c.benchmark_id
                               and sc.source_id <> c.source_id order by sc.origin = 'measured' desc, sc.position limit 1)
            -- A model's price series from the claim's own source when there is one (its rates on the day it wrote),
            -- else the latest value of any series for the model.
            when 'monthly_api_cost_usd' then (select c.queries_per_month * (sn.query_input_tokens * p.input_usd_per_mtok
                                                  + sn.query_output_tokens * p.output_usd_per_mtok) / 1e6
                                              from prices p join scenarios sn on sn.scenario_id = c.scenario_id
                                              where p.model_id = c.subject_id
                                              order by p.source_id = c.source_id desc, p.as_of desc limit 1)
            -- One query of the scenario's shape on each model's API (each model's series chosen as above).
            when 'api_price_ratio' then (select (sn.query_input_tokens * p.input_usd_per_mtok + sn.query_output_tokens * p.output_usd_per_mtok)
                                         from prices p join scenarios sn on sn.scenario_id = c.scenario_id
                                         where p.model_id = c.subject_id order by p.source_id = c.source_id desc, p.as_of desc limit 1)
                                        / (select (sn.query_input_tokens * p.input_usd_per_mtok + sn.query_output_tokens * p.output_usd_per_mtok)
                                         from prices p join scenarios sn on sn.scenario_id = c.scenario_id
                                         where p.model_id = c.versus_id order by p.source_id = c.source_id desc, p.as_of desc limit 1)
            when 'training_cost_usd' then (select td.usd from training_dollars td where td.model_id = c.subject_id)
            when 'break_even_weeks' then (select b.break_even_queries / c.queries_per_month * 52.0 / 12
                                          from distillation_break_even b
                                          where b.scenario_id = c.scenario_id and b.candidate_model_id = c.subject_id
                                            and b.reference_model_id = c.versus_id
                                          order by b.reference_source_id = c.source_id desc,
                                                   b.candidate_source_id = c.source_id desc, b.break_even_queries limit 1)
        end as looked_up,
        -- Either side a distillation workload whose teacher is counted by total parameters (see workload_side).
        exists (select 1 from workloads w join model_teachers mt on mt.model_id = w.model_id
                join stg_models t on t.model_id = mt.teacher_id
                where w.kind = 'distillation' and w.workload_id in (c.subject_id, c.versus_id)
                  and t.n_active < t.n_total and abs(w.teacher_params_b * 1e9 / t.n_total - 1) < 0.05) as rests_on_teacher_total
    from c
    where c.metric in ('compute_ratio', 'gpu_hours_ratio', 'energy_ratio', 'q_gain', 'score', 'monthly_api_cost_usd',
                       'training_cost_usd', 'break_even_weeks', 'api_price_ratio')
),
comparison_side as (
    select c.claim_table_id, c.position,
        case c.metric
            when 'compute_ratio' then a.flop / b.flop
            when 'gpu_hours_ratio' then ah.gpu_hours / bh.gpu_hours
            when 'energy_ratio' then coalesce(ar.reported_total_kwh, ar.total_kwh) / coalesce(br.reported_total_kwh, br.total_kwh)
            when 'q_gain' then ar.q - br.q
            else l.looked_up
        end as recomputed,
        case when c.metric in ('compute_ratio', 'gpu_hours_ratio') then a.cumulative_flop / b.cumulative_flop end as lineage_variant,
        -- On one GPU, a GPU-hour ratio is the compute ratio: both variants come from FLOP.
        case when c.metric in ('compute_ratio', 'gpu_hours_ratio') then a.active_flop / b.active_flop end as active_params_variant,
        case when c.metric in ('compute_ratio', 'gpu_hours_ratio') then a.total_flop / b.total_flop end as total_params_ratio,
        l.rests_on_teacher_total
    from c
    join comparison_lookups l using (claim_table_id, position)
    left join subject_flop a on a.kind = c.subject_kind and a.id = c.subject_id and a.scenario_id = c.scenario_id
    left join subject_flop b on b.kind = c.versus_kind and b.id = c.versus_id and b.scenario_id = c.scenario_id
    left join subject_hours ah on ah.kind = c.subject_kind and ah.id = c.subject_id and ah.scenario_id = c.scenario_id and ah.gpu_id = c.gpu_id
    left join subject_hours bh on bh.kind = c.versus_kind and bh.id = c.versus_id and bh.scenario_id = c.scenario_id and bh.gpu_id = c.gpu_id
    left join energy_pipeline_totals ar on c.subject_kind = 'energy_run' and ar.run_id = c.subject_id
    left join energy_pipeline_totals br on c.versus_kind = 'energy_run' and br.run_id = c.versus_id
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
    left join model_side ms using (claim_table_id, position)
    left join workload_side ws using (claim_table_id, position)
    left join run_side rs using (claim_table_id, position)
    left join study_side ss using (claim_table_id, position)
    left join comparison_side cs using (claim_table_id, position)
    left join upstream u using (claim_table_id, position)
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
