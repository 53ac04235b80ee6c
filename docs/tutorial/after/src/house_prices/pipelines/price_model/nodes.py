"""Nodes of the price model: each one a pure function of its inputs.

Kedro's catalog loads every input and saves every output; the parameters come from
conf/base/parameters_price_model.yml and the API key from conf/local/credentials.yml.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import requests
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split


def parse_exchange_rates(response: requests.Response) -> pd.DataFrame:
    """The table of rates (`currency`, `rate`) in the rates API's answer."""
    return pd.DataFrame(response.json()["rates"])


def prepare_model_input(houses: pd.DataFrame, rates: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Complete rows only, with the price converted into `currency`."""
    rate = rates.loc[rates["currency"] == currency, "rate"].iloc[0]
    complete = houses.dropna()
    return complete.assign(price_eur=complete["price"] * rate)


def split_data(
    data: pd.DataFrame, options: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Train and test sets, as `model_options` in the parameters says."""
    x_train, x_test, y_train, y_test = train_test_split(
        data[options["features"]],
        data["price_eur"],
        test_size=options["test_size"],
        random_state=options["random_state"],
    )
    return x_train, x_test, y_train, y_test


def train_model(x_train: pd.DataFrame, y_train: pd.Series) -> LinearRegression:
    """A linear regression of the price on the features."""
    return LinearRegression().fit(x_train, y_train)


def evaluate_model(
    regressor: LinearRegression, x_test: pd.DataFrame, y_test: pd.Series
) -> dict[str, float]:
    """The mean absolute error on the test set, for the metrics dataset."""
    return {"mae": float(mean_absolute_error(y_test, regressor.predict(x_test)))}
