import pandas as pd
from kedro.pipeline import Pipeline, node

from .nodes import WindowScaler, build_features, cycle_a, cycle_b, load_sales


def _rolling(df: pd.DataFrame, window: int) -> pd.DataFrame:  # expect: SL506
    return df.rolling(window).mean()


def create_pipeline(**kwargs) -> Pipeline:  # expect: SL503
    return Pipeline(
        [
            node(build_features, ["rates_api", "params:feature_store.window", "params:feature_store.min_periods"], "feature_table"),
            node(_rolling, ["feature_table", "params:feature_store.windw"], "rolled"),  # expect: SL304
            node(WindowScaler(2), "rolled", "scaled_features"),
            node(cycle_a, "feat_b", "feat_a"),  # expect: SL407
            node(cycle_b, "feat_a", "feat_b"),
            node(load_sales, ["warehouse_sales", "shared_reviews", "local_reviews"], "sales_features"),
        ]
    )
