from house_prices.pipelines.price_model.pipeline import create_pipeline


def test_free_inputs_are_catalog_entries_and_parameters() -> None:
    assert create_pipeline().inputs() == {
        "exchange_rates",
        "houses",
        "params:currency",
        "params:model_options",
    }
