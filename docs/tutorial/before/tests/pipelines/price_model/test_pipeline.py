from house_prices.pipelines.price_model.pipeline import create_pipeline


def test_pipeline_has_every_cell():
    assert len(create_pipeline().nodes) == 4
