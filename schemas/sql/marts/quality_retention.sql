-- view: Quality retention Q = mean over benchmarks of student score / teacher score, recomputed where the catalogue holds the teacher's scores, beside the published Q.
-- key: run_id
-- col run_id: Run.
-- col teacher_id: The study's teacher.
-- col benchmarks_scored: Benchmarks with a student score.
-- col benchmarks_with_teacher_score: Benchmarks for which the teacher's score is in the catalogue.
-- col q_recomputed: Mean ratio over those benchmarks; NULL when none.
-- col q_reported: Q as published.
create or replace view quality_retention as
with study_teacher as (
    select study, any_value(teacher_id) as teacher_id from energy_runs where teacher_id is not null group by study
),
ratios as (
    select r.run_id, st.teacher_id, rs.benchmark_id, rs.value / avg(ts.value) as ratio
    from energy_runs r
    join study_teacher st on st.study = r.study
    join energy_run_scores rs on rs.run_id = r.run_id
    left join scores ts on ts.model_id = st.teacher_id and ts.benchmark_id = rs.benchmark_id
    group by r.run_id, st.teacher_id, rs.benchmark_id, rs.value
)
select
    x.run_id,
    any_value(x.teacher_id) as teacher_id,
    count(*) as benchmarks_scored,
    count(x.ratio) as benchmarks_with_teacher_score,
    avg(x.ratio) as q_recomputed,
    any_value(r.reported_q) as q_reported
from ratios x
join energy_runs r on r.run_id = x.run_id
group by x.run_id
