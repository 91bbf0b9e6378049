-- view: Training compute of each model: as published, and recomputed as 6*N*D with active and with total parameters (they differ for MoE models).
-- key: model_id
-- col model_id: Model.
-- col architecture: dense, moe or unknown.
-- col published_flop: Training compute as published (see facts for the source), FLOP.
-- col recomputed_active_flop: 6 x active parameters x pre-training tokens, FLOP (the catalogue's convention).
-- col recomputed_total_flop: 6 x total parameters x pre-training tokens, FLOP.
-- col published_to_recomputed: published_flop / recomputed_active_flop.
-- col conventions_differ: True when the two parameter conventions give different answers (MoE models).
create or replace view model_training_compute as
select
    model_id,
    architecture,
    published_compute_flop as published_flop,
    6 * n_active * d_pretrain_tokens as recomputed_active_flop,
    6 * n_total * d_pretrain_tokens as recomputed_total_flop,
    published_compute_flop / nullif(6 * n_active * d_pretrain_tokens, 0) as published_to_recomputed,
    n_active <> n_total as conventions_differ
from stg_models
