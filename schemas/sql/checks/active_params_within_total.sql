-- check: No model has more active than total parameters.
select model_id, active_params_b, total_params_b from models where active_params_b > total_params_b
