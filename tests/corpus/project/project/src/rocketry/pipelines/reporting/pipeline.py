from kedro.pipeline import Pipeline, node, pipeline

from .nodes import (
    backfill_raw,
    export_pandas,
    export_spark,
    export_weekly,
    log_run,
    plot_capacity,
    plot_prices,
    publish,
    review_report,
    stamp_report,
    summarise_inputs,
)


def create_pipeline(**kwargs) -> Pipeline:  # expect: SL503
    base = pipeline(
        [
            node(plot_prices, "model_input_table", "price_plot"),
            node(plot_capacity, "model_input_table", "capacity_plot"),
            node(summarise_inputs, "model_input_table", "input_summary"),  # expect: SL404
            node(backfill_raw, "feature_table", "raw_backfill"),  # expect: SL404
            node(review_report, ["preprocessed_reviews", "params:threshold", "params:reporting.color"], "review_report"),  # expect: SL401, SL304
            node(export_weekly, "input_summary", "weekly_export"),
            node(export_pandas, "price_plot", "report_table@pandas"),
            node(export_spark, "capacity_plot", "report_table@spark"),  # expect: SL407
            node(publish, ["report_table@pandas", "review_partitions", "company_images", "external_lookup"], "published_report"),
            node(log_run, ["published_report", "legacy_memory"], "run_log"),
            node(stamp_report, ["review_report", "params:run_date", "params:data_root"], "stamped_report"),
        ]
    )
    return pipeline(base, parameters={"params:threshold": "params:reporting.threshold"})
