-- function: GPU-hours to do `flop` of work on a GPU with `peak_tflops` dense peak at model FLOPs utilisation `mfu`: flop / (peak x 1e12 x mfu x 3600).
create or replace macro gpu_hours_for(flop, peak_tflops, mfu) as flop / (peak_tflops * 1e12 * mfu * 3600)
