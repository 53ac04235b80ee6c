"""Small hand-made inputs for the data science tests."""

from typing import Any

import pytest
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% else %}from pandas import DataFrame{% endif %}


@pytest.fixture
def model_input_table() -> DataFrame:
    """Twenty listings whose price is an exact linear function of the features."""
    rows = range(20)
    area = [40.0 + 5.0 * i for i in rows]
    rooms = [1 + i % 4 for i in rows]
    age = [3 * i for i in rows]
    centre = [1 if i % 5 == 0 else 0 for i in rows]
    price = [
        3000.0 * a + 10000.0 * r - 500.0 * y + 50000.0 * c
        for a, r, y, c in zip(area, rooms, age, centre, strict=True)
    ]
    return DataFrame(
        {
            "area_m2": area,
            "rooms": rooms,
            "age_years": age,
            "district_centre": centre,
            "price_eur": price,
        }
    )


@pytest.fixture
def model_options() -> dict[str, Any]:
    """The ``model_options`` parameters, with a weak penalty."""
    return {
        "features": ["area_m2", "rooms", "age_years", "district_centre"],
        "target": "price_eur",
        "test_size": 0.25,
        "random_state": 1,
        "alpha": 0.001,
    }
