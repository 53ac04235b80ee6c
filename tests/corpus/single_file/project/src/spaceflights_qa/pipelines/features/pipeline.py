from functools import partial

from kedro.pipeline import Node, Pipeline, node

import spaceflights_qa.common.scoring as scoring_mod
from spaceflights_qa.common import transforms
from spaceflights_qa.common.transforms import add_audit_columns as audit

from .nodes import (
    add_flags,
    add_noise,
    add_row_ids,
    add_seeded_noise,
    add_unseeded_jitter,
    bin_prices,
    bin_ratings,
    build_rows,
    cache_features,
    collect_ids,
    collect_ids_copy,
    count_up,
    drop_tmp,
    local_cache_features,
    log_features,
    lower_columns,
    lower_columns_copy,
    merge_options,
    normalise,
    permute,
    pick_reviewer,
    pop_target,
    read_constants,
    sample_rows,
    sample_rows_seeded,
    seed_globally,
    set_threads,
    shuffle_rows,
    widen_display,
)


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(add_noise, "table", "noisy"),
            node(add_seeded_noise, ["table", "params:seed"], "noisy_seeded"),
            node(add_unseeded_jitter, "table", "jittered"),
            node(add_row_ids, "table", "with_ids"),
            node(shuffle_rows, "rows", "shuffled_rows"),
            node(pick_reviewer, "reviewers", "reviewer"),
            node(sample_rows, "table", "sampled"),
            node(sample_rows_seeded, ["table", "params:sampling"], "sampled_seeded"),
            node(permute, "table", "permuted"),
            node(cache_features, ["table", "params:key"], "cached"),
            node(log_features, "table", "logged"),
            node(local_cache_features, ["table", "params:key"], "local_cached"),
            node(seed_globally, "table", "seeded"),
            node(widen_display, "table", "wide"),
            node(set_threads, "table", "threaded"),
            node(read_constants, "table", "constants"),
            node(bin_ratings, ["table", "params:n_bins"], "binned"),
            node(bin_prices, ["table", "params:n_bins"], "price_binned"),
            node(add_flags, ["table", "params:flags"], "flagged"),
            node(merge_options, ["params:options", "params:overrides"], "options"),
            node(collect_ids, ["ids", "extra_ids"], "all_ids"),
            node(collect_ids_copy, ["ids", "extra_ids"], "all_ids_copy"),
            node(pop_target, "table", ["X", "y"]),
            node(normalise, ["table", "params:columns"], "normalised"),
            node(count_up, "table", "counted"),
            node(drop_tmp, "table", "dropped"),
            node(lower_columns, "table", "lowered"),
            node(lower_columns_copy, "table", "lowered_copy"),
            node(build_rows, "table", "rows_out"),
            node(audit, ["table", "params:run_id"], "audited"),
            Node(func=transforms.snapshot, inputs="audited", outputs="snapshot"),
            node(partial(transforms.export_summary, fmt="json"), "summary", "summary_out"),
            node(scoring_mod.score, ["model", "X", "y"], "score"),
            node(lambda table: table.sample(frac=0.5), "table", "half"),  # expect: SL205, SL302
            node(lambda table: table.to_csv("data/08_reporting/table.csv"), "table", None),  # expect: SL201, SL101
            node(lambda table: table.dropna(), "table", "complete"),  # ok: SL201, SL205
        ]
    )
