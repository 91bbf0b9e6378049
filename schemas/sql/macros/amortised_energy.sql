-- macro: Energy per trained student when n students share one teacher artifact: (teacher / n) + everything else. Example: select * from amortised_energy(n := 10).
create or replace macro amortised_energy(n := 1) as table
select
    run_id,
    pipeline,
    student_id,
    n::double as students_sharing_teacher,
    teacher_kwh / n::double + (total_kwh - teacher_kwh) as kwh_per_student
from energy_pipeline_totals
