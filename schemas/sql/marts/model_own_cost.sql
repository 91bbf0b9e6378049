-- view: The compute of each model's own stage (marginal: what making it from its starting point took), per scenario, with a low-central-high range and the kind of figure. Distilled models: teacher inference 2*N_teacher*D plus student training 6*N_student*D*epochs (either side replaced by the stage the makers published, its GPU-hours at the scenario's peak and MFU range), D the published distillation tokens, else samples x the scenario's tokens per sample (a range), else, for logit distillation during pre-training, the pre-training tokens. Other models: the published compute (curated, else Epoch AI's, with its bounds), else 6*N*D.
-- key: model_id, scenario_id
-- col model_id: Model.
-- col scenario_id: Scenario (it supplies tokens per sample and epochs where a model does not publish them; a scenario that sets no tokens per sample takes the default scenario's).
-- col own_flop: Central figure, FLOP.
-- col own_flop_low: Low end: lower published bound, or the low end of the scenario's tokens-per-sample and epochs ranges.
-- col own_flop_high: High end.
-- col basis: distillation, published, published (includes base), 6ND.
-- col figure_kind: reported (published by the makers), estimated (derived by someone from other figures), or assumed (rests on a scenario assumption such as tokens per sample).
-- col confidence: The source's confidence in a published figure (Epoch AI's scale), where stated.
-- col includes_base: True when own_flop already counts the base model's compute (a cumulative published figure): it is then not inherited again.
-- col distill_tokens_basis: For distilled models: published tokens, samples x assumed tokens per sample, or pre-training tokens.
create or replace view model_own_cost as
with s as (
    -- A scenario that leaves tokens per sample unset takes the default scenario's (value and range), so no model
    -- drops out under it.
    select x.scenario_id,
        coalesce(x.tokens_per_sample, d.tokens_per_sample) as tps,
        case when x.tokens_per_sample is null then d.tokens_per_sample_low else x.tokens_per_sample_low end as tps_low,
        case when x.tokens_per_sample is null then d.tokens_per_sample_high else x.tokens_per_sample_high end as tps_high,
        coalesce(x.distill_epochs, 1) as ep, coalesce(x.distill_epochs_low, x.distill_epochs, 1) as ep_low,
        coalesce(x.distill_epochs_high, x.distill_epochs, 1) as ep_high
    from scenarios x left join scenarios d on d.is_default
),
teacher_params as (
    select mt.model_id, sum(t.n_active) as n_teacher
    from model_teachers mt join stg_models t on t.model_id = mt.teacher_id
    group by mt.model_id
),
distilled as (
    select m.model_id, s.scenario_id, m.n_active as n_student, tp.n_teacher,
        case when m.distill_tokens is not null then 'published tokens'
             when m.distill_samples is not null then 'samples x assumed tokens per sample'
             when m.d_pretrain_tokens is not null and pre_kd then 'pre-training tokens' end as tokens_basis,
        coalesce(m.distill_tokens, m.distill_samples * s.tps, case when pre_kd then m.d_pretrain_tokens end) as d_mid,
        coalesce(m.distill_tokens, m.distill_samples * s.tps_low, case when pre_kd then m.d_pretrain_tokens end) as d_low,
        coalesce(m.distill_tokens, m.distill_samples * s.tps_high, case when pre_kd then m.d_pretrain_tokens end) as d_high,
        coalesce(m.distill_epochs, s.ep) as ep, coalesce(m.distill_epochs, s.ep_low) as ep_low,
        coalesce(m.distill_epochs, s.ep_high) as ep_high,
        m.distill_tokens is null and m.distill_samples is not null as rests_on_assumption
    from (
        -- Pre-training tokens stand in for distillation tokens only when the teacher signal was used during
        -- pre-training: a post-training distillation with unpublished data (Qwen3's strong-to-weak students)
        -- falls through to the published or 6ND figure below instead of a teacher pass over the whole corpus.
        select *, distill_phase is distinct from 'post_training' as pre_kd from stg_models
    ) m
    cross join s
    join teacher_params tp on tp.model_id = m.model_id
    where m.method = 'distilled'
),
published_stages as (
    -- A distillation side the makers published (FLOP, or GPU-hours turned into FLOP at the scenario's peak and MFU
    -- range) replaces the 2ND / 6ND estimate of that side: Llama 3.2's 86k GPU-hours of logit generation.
    select st.model_id, g.scenario_id,
        case when st.stage = 'distillation_teacher' then 'teacher' else 'student' end as side,
        sum(coalesce(st.compute_flop, st.gpu_hours * g.peak_tflops * 1e12 * 3600 * g.mfu)) as flop,
        sum(coalesce(st.compute_flop, st.gpu_hours * g.peak_tflops * 1e12 * 3600 * g.mfu_low)) as flop_low,
        sum(coalesce(st.compute_flop, st.gpu_hours * g.peak_tflops * 1e12 * 3600 * g.mfu_high)) as flop_high,
        bool_and(st.compute_flop is not null) as reported
    from model_stages st
    join stg_models m on m.model_id = st.model_id and m.method = 'distilled'
    left join stg_gpu_scenarios g on g.gpu_id = st.gpu_id
    where st.stage = 'distillation_teacher' or st.stage = 'distillation_student'
       or (st.stage = 'pretraining' and m.distill_phase = 'pretraining')
    group by all
    having count(*) = count(coalesce(st.compute_flop, g.mfu))
),
distill_cost as (
    -- The teacher writes (or scores) the data once; the student trains on it every epoch.
    select d.model_id, d.scenario_id,
        case when t.flop is not null or s.flop is not null then d.tokens_basis || ' and published stages'
             else d.tokens_basis end as tokens_basis,
        coalesce(t.flop, 2 * n_teacher * d_mid) + coalesce(s.flop, 6 * n_student * d_mid * ep) as own_flop,
        coalesce(t.flop_low, 2 * n_teacher * d_low) + coalesce(s.flop_low, 6 * n_student * d_low * ep_low) as own_flop_low,
        coalesce(t.flop_high, 2 * n_teacher * d_high) + coalesce(s.flop_high, 6 * n_student * d_high * ep_high) as own_flop_high,
        case when rests_on_assumption and (t.flop is null or s.flop is null) then 'assumed' else 'estimated' end as figure_kind
    from distilled d
    left join published_stages t on t.model_id = d.model_id and t.scenario_id = d.scenario_id and t.side = 'teacher'
    left join published_stages s on s.model_id = d.model_id and s.scenario_id = d.scenario_id and s.side = 'student'
    where (d_mid is not null or (t.flop is not null and s.flop is not null))
      and n_student is not null and n_teacher is not null
),
other_cost as (
    select m.model_id, s.scenario_id,
        coalesce(m.published_compute_flop, 6 * m.n_active * m.d_pretrain_tokens) as own_flop,
        coalesce(m.published_compute_low, 6 * m.n_active * m.d_pretrain_tokens) as own_flop_low,
        coalesce(m.published_compute_high, 6 * m.n_active * m.d_pretrain_tokens) as own_flop_high,
        case when m.published_compute_flop is null then '6ND'
             when m.compute_includes_base then 'published (includes base)' else 'published' end as basis,
        case when m.published_compute_flop is null then 'estimated'
             else coalesce(m.published_compute_kind, 'reported') end as figure_kind,
        m.published_compute_confidence as confidence,
        m.published_compute_flop is not null and m.compute_includes_base as includes_base
    from stg_models m
    cross join s
    where m.model_id not in (select model_id from distill_cost)
)
select model_id, scenario_id, own_flop, own_flop_low, own_flop_high, 'distillation' as basis, figure_kind,
       null::varchar as confidence, false as includes_base, tokens_basis as distill_tokens_basis
from distill_cost
union all
select model_id, scenario_id, own_flop, own_flop_low, own_flop_high, basis, figure_kind, confidence, includes_base,
       null as distill_tokens_basis
from other_cost
where own_flop is not null
