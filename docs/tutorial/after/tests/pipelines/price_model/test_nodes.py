"""Pure nodes are easy to test: data in, data out, no files, no network."""

import pandas as pd
import pytest

from house_prices.pipelines.price_model.nodes import (
    evaluate_model,
    prepare_model_input,
    split_data,
    train_model,
)


@pytest.fixture
def houses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": [50.0, 80.0, 120.0, 65.0, None, 95.0, 150.0, 70.0],
            "bedrooms": [1, 2, 3, 2, 2, 3, 4, 2],
            "bathrooms": [1, 1, 2, 1, 1, 2, 2, 1],
            "year_built": [1990, 2005, 2015, 1978, 2001, 2010, 2020, 1985],
            "price": [150e3, 240e3, 390e3, 180e3, 200e3, 300e3, 520e3, 205e3],
        }
    )


def test_prepare_model_input_leaves_its_input_alone(houses: pd.DataFrame) -> None:
    rates = pd.DataFrame({"currency": ["EUR", "GBP"], "rate": [0.5, 0.25]})
    before = houses.copy()
    out = prepare_model_input(houses, rates, "EUR")
    pd.testing.assert_frame_equal(houses, before)
    assert len(out) == 7
    assert out["price_eur"].iloc[0] == 75e3


def test_split_train_evaluate(houses: pd.DataFrame) -> None:
    data = prepare_model_input(houses, pd.DataFrame({"currency": ["EUR"], "rate": [1.0]}), "EUR")
    options = {"features": ["area", "bedrooms"], "test_size": 0.25, "random_state": 0}
    x_train, x_test, y_train, y_test = split_data(data, options)
    assert len(x_test) == 2
    metrics = evaluate_model(train_model(x_train, y_train), x_test, y_test)
    assert set(metrics) == {"mae"}
