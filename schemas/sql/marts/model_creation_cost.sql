-- view: What it took to make each model, through its lineage, per scenario: its own stage (marginal), the cost inherited from its base model (recursively), and a teacher share (each teacher's cumulative cost divided by the students that reuse it), with low-central-high ranges. An ancestor reached by two paths is counted once, and a published figure that already includes the base model's compute (stated, or detected because it is at least the base's cumulative cost) is not summed twice.
-- key: model_id, scenario_id
-- col model_id: Model.
-- col scenario_id: Scenario.
-- col model_type: vanilla, distilled, fine_tuned, teacher or proprietary.
-- col marginal_flop: The model's own stage, FLOP (central); for a figure that includes its base, the figure minus the base's cumulative cost.
-- col marginal_flop_low: Low end of the marginal figure.
-- col marginal_flop_high: High end.
-- col inherited_flop: Cumulative cost of the base model (and its bases), FLOP; 0 when the model's own figure already includes it.
-- col teacher_share_flop: Sum over teachers of the teacher's cumulative cost / students sharing it, FLOP.
-- col cumulative_flop: Everything it took: own stage + inherited + teacher share, FLOP (central).
-- col cumulative_flop_low: Low end (every input at its low end).
-- col cumulative_flop_high: High end.
-- col students_per_teacher: The divisor used for the teacher share (the scenario's, else the teacher's students in the catalogue).
-- col basis: Where the own stage comes from: distillation, published, published (includes base), 6ND.
-- col figure_kind: The weakest kind among the inputs: assumed < estimated < reported.
-- col confidence: The source's confidence in a published own figure, where stated.
-- col double_count: stated or detected when the own figure already includes the base model (not added again); NULL otherwise.
-- col complete: False when an ancestor's cost is unknown (the cumulative figure is then a lower bound).
create or replace view model_creation_cost as
with recursive
own as (select * from model_own_cost),
students as (select teacher_id, count(*) as n from model_teachers group by teacher_id),
base_own as (
    -- A published figure at least as large as the base model's own cost already includes it (R1 includes V3).
    select o.model_id, o.scenario_id,
        case when o.includes_base then 'stated'
             when o.basis = 'published' and b.own_flop is not null and o.own_flop >= b.own_flop then 'detected'
        end as double_count
    from own o
    join stg_models m on m.model_id = o.model_id
    left join own b on b.model_id = m.base_model_id and b.scenario_id = o.scenario_id
    where m.base_model_id is not null
),
edges as (
    -- child -> parent with the share of the parent's cost the child carries.
    select m.model_id as child, m.base_model_id as parent, 1.0 as share, s.scenario_id
    from stg_models m cross join scenarios s
    left join base_own bo on bo.model_id = m.model_id and bo.scenario_id = s.scenario_id
    where m.base_model_id is not null and bo.double_count is null
    union all
    select mt.model_id, mt.teacher_id, 1.0 / coalesce(s.students_per_teacher, st.n), s.scenario_id
    from model_teachers mt join students st on st.teacher_id = mt.teacher_id cross join scenarios s
),
ancestors(model_id, scenario_id, ancestor_id, share, depth) as (
    select m.model_id, s.scenario_id, m.model_id, 1.0, 0 from stg_models m cross join scenarios s
    union all
    select a.model_id, a.scenario_id, e.parent, a.share * e.share, a.depth + 1
    from ancestors a join edges e on e.child = a.ancestor_id and e.scenario_id = a.scenario_id
    where a.depth < 16
),
counted as (
    -- An ancestor reached by two paths (a teacher that is also a base's ancestor) is counted once, at its largest share.
    select model_id, scenario_id, ancestor_id, max(share) as share, min(depth) as depth
    from ancestors group by all
),
summed as (
    select c.model_id, c.scenario_id,
        sum(case when c.depth = 0 then o.own_flop end) as own_flop,
        sum(case when c.depth = 0 then o.own_flop_low end) as own_flop_low,
        sum(case when c.depth = 0 then o.own_flop_high end) as own_flop_high,
        sum(c.share * o.own_flop) as cumulative_flop,
        sum(c.share * o.own_flop_low) as cumulative_flop_low,
        sum(c.share * o.own_flop_high) as cumulative_flop_high,
        bool_and(o.own_flop is not null) as complete,
        min(case o.figure_kind when 'assumed' then 0 when 'estimated' then 1 else 2 end) as weakest_kind
    from counted c
    left join own o on o.model_id = c.ancestor_id and o.scenario_id = c.scenario_id
    group by c.model_id, c.scenario_id
),
teacher_share as (
    select mt.model_id, s.scenario_id,
        max(coalesce(s.students_per_teacher, st.n)) as students_per_teacher
    from model_teachers mt join students st on st.teacher_id = mt.teacher_id cross join scenarios s
    group by mt.model_id, s.scenario_id
)
select
    x.model_id,
    x.scenario_id,
    m.model_type,
    case when bo.double_count is not null then greatest(x.own_flop - b.cumulative_flop, 0) else x.own_flop end as marginal_flop,
    case when bo.double_count is not null then greatest(x.own_flop_low - b.cumulative_flop_high, 0) else x.own_flop_low end as marginal_flop_low,
    case when bo.double_count is not null then greatest(x.own_flop_high - b.cumulative_flop_low, 0) else x.own_flop_high end as marginal_flop_high,
    case when bo.double_count is null then coalesce(b.cumulative_flop, 0) else 0 end as inherited_flop,
    x.cumulative_flop - x.own_flop - case when bo.double_count is null then coalesce(b.cumulative_flop, 0) else 0 end as teacher_share_flop,
    x.cumulative_flop,
    x.cumulative_flop_low,
    x.cumulative_flop_high,
    ts.students_per_teacher,
    o.basis,
    case x.weakest_kind when 0 then 'assumed' when 1 then 'estimated' else 'reported' end as figure_kind,
    o.confidence,
    bo.double_count,
    x.complete
from summed x
join stg_models m on m.model_id = x.model_id
join own o on o.model_id = x.model_id and o.scenario_id = x.scenario_id
left join base_own bo on bo.model_id = x.model_id and bo.scenario_id = x.scenario_id
left join summed b on b.model_id = m.base_model_id and b.scenario_id = x.scenario_id
left join teacher_share ts on ts.model_id = x.model_id and ts.scenario_id = x.scenario_id
