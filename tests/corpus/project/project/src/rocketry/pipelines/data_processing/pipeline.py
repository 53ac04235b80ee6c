from functools import partial

from kedro.pipeline import Pipeline, node, pipeline

from .nodes import (
    clean_again,
    combine,
    create_model_input_table,
    dedupe,
    enrich,
    preprocess_companies,
    preprocess_reviews,
    preprocess_shuttles,
    scale,
    split_columns,
    summarise,
)


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline(
        [
            node(preprocess_companies, "companys", "preprocessed_companies"),  # expect: SL401
            node(preprocess_shuttles, ["shuttles", "params:test_size"], "preprocessed_shuttles@pandas"),  # expect: SL406, SL304
            node(preprocess_reviews, "reviews_csv", "preprocessed_reviews"),
            node(create_model_input_table, ["preprocessed_shuttles@spark", "preprocessed_companies"], "model_input_table"),  # expect: SL406
            node(combine, ["preprocessed_companies", "preprocessed_reviews", "warehouse_sales"], "combined"),
            node(enrich, {"df": "combined", "rates": "rates_api"}, "enriched"),
            node(split_columns, "enriched", ["ids", "names"]),  # expect: SL406
            node(dedupe, "enriched", "deduped"),
            node(partial(scale, factor=2.0), "deduped", "scaled"),
            node(partial(scale, factor=2.0), ["deduped", "params:scale_factor"], "scaled_twice"),  # expect: SL406
            node(summarise, inputs={"frame": "deduped"}, outputs="summary"),  # expect: SL406
            node(lambda left, right: left.merge(right, on="id"), ["scaled", "deduped"], "merged"),
            node(clean_again, "preprocessed_companies", "combined"),  # expect: SL407
        ]
    )
