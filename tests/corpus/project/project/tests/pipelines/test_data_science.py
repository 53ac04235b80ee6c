from rocketry.pipelines.data_science.pipeline import create_pipeline


def test_pipeline_builds():
    assert create_pipeline().nodes
