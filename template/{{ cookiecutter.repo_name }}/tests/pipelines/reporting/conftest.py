"""Small hand-made inputs for the reporting tests."""

import pytest
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% else %}from pandas import DataFrame{% endif %}


@pytest.fixture
def houses() -> DataFrame:
    """Clean listings: three in the north, two in the centre, one in the east."""
    return DataFrame(
        {
            "house_id": [1, 2, 3, 4, 5, 6],
            "district": ["north", "north", "north", "centre", "centre", "east"],
            "area_m2": [50.0, 100.0, 80.0, 40.0, 60.0, 70.0],
            "price_eur": [150000, 300000, 200000, 200000, 330000, 140000],
        }
    )
