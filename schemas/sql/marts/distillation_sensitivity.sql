-- view: How the headline comparison "distilling is N times cheaper than training the base model" moves across the plausible range of its assumptions, for every distilled model with a base model, under the default scenario: tokens per sample and epochs (the scenario's low, central and high), the teacher counted by active or total parameters, the base model's cost left out (marginal, as the first paper counts) or counted (cumulative), and the teacher's cost shared by one student or by all its students in the catalogue.
-- key: model_id, tokens_case, teacher_params, accounting, students_per_teacher
-- col model_id: The distilled model.
-- col base_model_id: Its base (vanilla) model.
-- col tokens_case: low, central or high: the default scenario's tokens per sample and epochs at that end.
-- col tokens_per_sample: Tokens per distillation sample used (the published token count replaces it where there is one).
-- col epochs: Passes over the distillation data used.
-- col teacher_params: active or total.
-- col accounting: marginal (the distillation stage alone) or cumulative (base model + distillation + teacher share).
-- col students_per_teacher: all (the teacher's students in the catalogue share its cost) or one (this student carries all of it); only matters for cumulative.
-- col distilled_flop: What the distilled model is charged, FLOP.
-- col vanilla_flop: The base model's cumulative cost, FLOP.
-- col times_cheaper: vanilla_flop / distilled_flop: above 1, the distilled model was cheaper than its base; below 1, dearer.
create or replace view distillation_sensitivity as
with s as (select * from scenarios where is_default),
cases(tokens_case, pick) as (values ('low', 0), ('central', 1), ('high', 2)),
students as (select teacher_id, count(*) as n from model_teachers group by teacher_id),
teachers as (
    select mt.model_id, sum(t.n_active) as n_active, sum(t.n_total) as n_total,
        sum(coalesce(tc.cumulative_flop, tb.cumulative_flop) / st.n) as share_all,
        sum(coalesce(tc.cumulative_flop, tb.cumulative_flop)) as share_one
    from model_teachers mt
    join stg_models t on t.model_id = mt.teacher_id
    join students st on st.teacher_id = mt.teacher_id
    left join model_creation_cost tc on tc.model_id = mt.teacher_id and tc.scenario_id = (select scenario_id from s)
    -- A teacher whose own stage is unknown (DeepSeek-R1-0528) still carries its base model's cost: a lower bound,
    -- as in model_creation_cost, never a free teacher.
    left join model_creation_cost tb on tb.model_id = t.base_model_id and tb.scenario_id = (select scenario_id from s)
    group by mt.model_id
),
inputs as (
    -- A student fine-tuned from its base without pruning has its base's parameters when its own are not recorded.
    select m.model_id, m.base_model_id, c.tokens_case, coalesce(m.n_active, bm.n_active) as n_student, t.n_active, t.n_total, t.share_all,
        t.share_one, v.cumulative_flop as vanilla_flop,
        case c.pick when 0 then s.tokens_per_sample_low when 1 then s.tokens_per_sample else s.tokens_per_sample_high end as tps,
        coalesce(m.distill_epochs, case c.pick when 0 then s.distill_epochs_low when 1 then s.distill_epochs
                                              else s.distill_epochs_high end, 1) as epochs,
        coalesce(m.distill_tokens, m.distill_samples * case c.pick when 0 then s.tokens_per_sample_low
            when 1 then s.tokens_per_sample else s.tokens_per_sample_high end, m.d_pretrain_tokens) as d
    from stg_models m
    cross join s
    cross join cases c
    join teachers t on t.model_id = m.model_id
    join model_creation_cost v on v.model_id = m.base_model_id and v.scenario_id = s.scenario_id
    join stg_models bm on bm.model_id = m.base_model_id
    where m.method = 'distilled'
),
variants as (
    select i.*, p.teacher_params, a.accounting, k.students_per_teacher,
        2 * (case p.teacher_params when 'active' then i.n_active else i.n_total end) * i.d
            + 6 * i.n_student * i.d * i.epochs as own_flop
    from inputs i
    cross join (values ('active'), ('total')) p(teacher_params)
    cross join (values ('marginal'), ('cumulative')) a(accounting)
    cross join (values ('all'), ('one')) k(students_per_teacher)
    where i.d is not null and not (a.accounting = 'marginal' and k.students_per_teacher = 'one')
)
select model_id, base_model_id, tokens_case, tps as tokens_per_sample, epochs, teacher_params, accounting,
    case when accounting = 'cumulative' then students_per_teacher end as students_per_teacher,
    own_flop + case when accounting = 'cumulative'
        then vanilla_flop + case students_per_teacher when 'all' then coalesce(share_all, 0) else coalesce(share_one, 0) end
        else 0 end as distilled_flop,
    vanilla_flop,
    vanilla_flop / (own_flop + case when accounting = 'cumulative'
        then vanilla_flop + case students_per_teacher when 'all' then coalesce(share_all, 0) else coalesce(share_one, 0) end
        else 0 end) as times_cheaper
from variants
