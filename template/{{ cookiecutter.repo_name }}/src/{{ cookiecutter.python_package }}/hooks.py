"""Project hooks: the Spark session that the pipelines' Spark datasets use.

Kedro calls ``after_context_created`` once per run (and per ``kedro ipython`` or
``KedroSession``), before it loads any dataset. The session is built here, from the
environment's configuration, and not inside a node: a node then gets DataFrames from
the catalog and never needs to know where Spark runs.
"""

from kedro.framework.context import KedroContext
from kedro.framework.hooks import hook_impl
from pyspark import SparkConf
from pyspark.sql import SparkSession


def _spark_value(value: object) -> str:
    """A YAML value as Spark reads it: ``true``/``false`` for booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class SparkHooks:
    """Start (or reuse) the Spark session of this project."""

    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        """Build the session from conf/base/spark.yml and the run environment's on top.

        Args:
            context: The context Kedro has just created; its config loader reads
                ``conf/<env>/spark.yml``.
        """
        settings = context.config_loader["spark"]
        conf = SparkConf().setAll(
            (str(key), _spark_value(value)) for key, value in settings.items()
        )
        session = (
            SparkSession.builder.appName(context.project_path.name)
            .config(conf=conf)
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("WARN")
