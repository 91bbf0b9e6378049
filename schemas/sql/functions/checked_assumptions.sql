-- function: True when the assumptions a what-if macro was given are possible, else an error naming the first impossible one: MFU a fraction in (0, 1], PUE at least 1, grid intensity and tokens per sample not negative, and a scenario and GPU id that exist (NULL keeps the scenario's value or every GPU).
create or replace macro checked_assumptions(mfu, pue, grid, scenario, gpu) as
    case
        when mfu is not null and (mfu::double <= 0 or mfu::double > 1)
            then error('mfu must be a fraction between 0 and 1 (0.35 for 35%), got ' || mfu::varchar)
        when pue is not null and pue::double < 1
            then error('pue must be at least 1 (facility energy over IT energy), got ' || pue::varchar)
        when grid is not null and grid::double < 0
            then error('grid must be tCO2e per MWh, not negative, got ' || grid::varchar)
        when scenario is not null and not exists (select 1 from scenarios s where s.scenario_id = scenario)
            then error('unknown scenario ' || scenario || '; the scenarios table lists them')
        when gpu is not null and not exists (select 1 from gpus g where g.gpu_id = gpu)
            then error('unknown GPU id ' || gpu || '; the gpus table lists them')
        else true
    end
