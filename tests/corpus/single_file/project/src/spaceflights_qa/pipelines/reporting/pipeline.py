from kedro.pipeline import Pipeline, node

from .nodes import render_html, save_report


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(render_html, "report", "report_html"),
            node(save_report, "report", None),
        ]
    )
