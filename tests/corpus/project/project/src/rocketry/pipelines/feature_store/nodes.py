from dataclasses import dataclass

import pandas as pd

from rocketry.pipelines.data_processing.nodes import preprocess_companies  # expect: SL504
from rocketry.utils import tidy

from ..common import rolling_mean
from ..reporting import nodes as reporting_nodes  # expect: SL504
from .helpers import lag


@dataclass
class FeatureSpec:
    window: int
    min_periods: int


class WindowScaler:  # expect: SL506
    def __init__(self, factor: float) -> None:
        self.factor = factor

    def __call__(self, df: pd.DataFrame) -> pd.DataFrame:
        return df * self.factor


def build_features(rates: dict, window: int, min_periods: int) -> pd.DataFrame:
    spec = FeatureSpec(window, min_periods)
    frame = tidy(pd.DataFrame(rates))
    return frame.assign(rolling=rolling_mean(frame["rate"], spec.window), lagged=lag(frame["rate"], 1))


def companies_features(companies: pd.DataFrame) -> pd.DataFrame:
    return reporting_nodes.summarise_inputs(preprocess_companies(companies))


def cycle_a(feat_b: pd.DataFrame) -> pd.DataFrame:
    return feat_b


def cycle_b(feat_a: pd.DataFrame) -> pd.DataFrame:
    from rocketry.pipelines.data_science.nodes import plot_residuals  # expect: SL504

    return feat_a if plot_residuals else feat_a


def load_sales(sales: pd.DataFrame, shared: pd.DataFrame, local: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([sales, shared, local])
