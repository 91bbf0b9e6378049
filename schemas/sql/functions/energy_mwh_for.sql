-- function: Facility energy of `gpu_hours` at `power_w` per GPU and data-centre `pue`, in MWh: hours x power / 1e6 x PUE.
create or replace macro energy_mwh_for(gpu_hours, power_w, pue) as gpu_hours * power_w / 1e6 * pue
