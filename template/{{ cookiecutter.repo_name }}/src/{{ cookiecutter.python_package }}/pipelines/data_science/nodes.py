"""Nodes of the data science pipeline.

Every hyperparameter (the split, the seed, the model's penalty) arrives as an argument
from conf/base/parameters_data_science.yml: change them there, or for one run with
``kedro run --params model_options.alpha=0.5``.
{%- if cookiecutter.dataframe_library == "pyspark" %}

Spark prepares the model input table; these nodes read it as a pandas DataFrame (the
catalog's ``model_input_table@pandas``) and fit a scikit-learn model on one machine.
{%- endif %}
"""

import logging
from typing import Any
{% if cookiecutter.dataframe_library == "polars" %}
import polars as pl
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)


def split_data(
    data: pl.DataFrame, params: dict[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series, pl.Series]:
    """Split the model input table into training and test rows.

    Args:
        data: The model input table.
        params: The ``model_options`` parameters: ``features``, ``target``,
            ``test_size`` and ``random_state``.

    Returns:
        The features and the target of the training rows and of the test rows:
        ``x_train``, ``x_test``, ``y_train``, ``y_test``.
    """
    x_train, x_test, y_train, y_test = train_test_split(
        data.select(params["features"]),
        data.get_column(params["target"]),
        test_size=params["test_size"],
        random_state=params["random_state"],
    )
    return x_train, x_test, y_train, y_test


def train_model(x_train: pl.DataFrame, y_train: pl.Series, alpha: float) -> Ridge:
    """Fit a ridge regression of the target on the features.

    Args:
        x_train: Features of the training rows.
        y_train: Target of the training rows.
        alpha: Strength of the L2 penalty.

    Returns:
        The fitted model.
    """
    model = Ridge(alpha=alpha)
    model.fit(x_train.to_numpy(), y_train.to_numpy())
    return model


def evaluate_model(
    model: Ridge, x_test: pl.DataFrame, y_test: pl.Series
) -> dict[str, float]:
    """Measure the model on the test rows.

    Args:
        model: The fitted model.
        x_test: Features of the test rows.
        y_test: Target of the test rows.

    Returns:
        ``r2``, the coefficient of determination, and ``mae_eur``, the mean absolute
        error in euros.
    """
    predictions = model.predict(x_test.to_numpy())
    metrics = {
        "r2": float(r2_score(y_test.to_numpy(), predictions)),
        "mae_eur": float(mean_absolute_error(y_test.to_numpy(), predictions)),
    }
{%- else %}
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)


def split_data(
    data: pd.DataFrame, params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Split the model input table into training and test rows.

    Args:
        data: The model input table.
        params: The ``model_options`` parameters: ``features``, ``target``,
            ``test_size`` and ``random_state``.

    Returns:
        The features and the target of the training rows and of the test rows:
        ``x_train``, ``x_test``, ``y_train``, ``y_test``.
    """
    x_train, x_test, y_train, y_test = train_test_split(
        data[params["features"]],
        data[params["target"]],
        test_size=params["test_size"],
        random_state=params["random_state"],
    )
    return x_train, x_test, y_train, y_test


def train_model(x_train: pd.DataFrame, y_train: pd.Series, alpha: float) -> Ridge:
    """Fit a ridge regression of the target on the features.

    Args:
        x_train: Features of the training rows.
        y_train: Target of the training rows.
        alpha: Strength of the L2 penalty.

    Returns:
        The fitted model.
    """
    model = Ridge(alpha=alpha)
    model.fit(x_train, y_train)
    return model


def evaluate_model(
    model: Ridge, x_test: pd.DataFrame, y_test: pd.Series
) -> dict[str, float]:
    """Measure the model on the test rows.

    Args:
        model: The fitted model.
        x_test: Features of the test rows.
        y_test: Target of the test rows.

    Returns:
        ``r2``, the coefficient of determination, and ``mae_eur``, the mean absolute
        error in euros.
    """
    predictions = model.predict(x_test)
    metrics = {
        "r2": float(r2_score(y_test, predictions)),
        "mae_eur": float(mean_absolute_error(y_test, predictions)),
    }
{%- endif %}
    logger.info(
        "The model explains %.0f%% of the price variance (R^2 %.3f); "
        "its mean absolute error is %.0f EUR.",
        100 * metrics["r2"],
        metrics["r2"],
        metrics["mae_eur"],
    )
    return metrics
