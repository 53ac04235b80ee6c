"""A Kedro project in the shape of kedro-starters' spaceflights-pyspark (Kedro 1.7,
kedro-datasets 9): pandas CSV/Excel raw data, `spark.SparkDatasetV2` intermediate tables
(CSV with load/save args, Parquet with transcoding `@spark` / `@pandas`), a Spark join node,
reporting nodes that aggregate in Spark and collect the small result to pandas, scikit-learn
on the pandas side, a `SparkHooks` that builds the session from `conf/base/spark.yml`, and a
`conf/databricks/` environment for a cluster. Written for these tests, in the starter's
style; `planted()` adds one violation of each deployment and Spark rule.
"""

from __future__ import annotations

from tests.helpers import layer_folders

PACKAGE = "orbital"

PYPROJECT = """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "orbital"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [
    "kedro~=1.7.0",
    "kedro-datasets[pandas-csvdataset, pandas-exceldataset, pandas-parquetdataset, \
plotly-plotlydataset, plotly-jsondataset, matplotlib-matplotlibdataset, spark-sparkdataset]>=9.1",
    "scikit-learn~=1.5",
    "seaborn~=0.13",
    "pyspark>=3.5,<4.1",
]

[project.optional-dependencies]
dev = ["pytest~=8.0", "ruff~=0.12"]

[tool.kedro]
package_name = "orbital"
project_name = "orbital"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

GITIGNORE = """\
conf/local/**
!conf/local/.gitkeep
conf/**/*credentials*
data/**
!data/**/
!.gitkeep
"""

README = """\
# orbital

Spaceflights on Spark. Run it locally with

    kedro run --runner=ThreadRunner

(Spark datasets hold the session, so ParallelRunner is not an option: Spark already runs
the work of each node in parallel.) On a cluster, `kedro run --env databricks`.
"""

CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

reviews:
  type: pandas.CSVDataset
  filepath: data/01_raw/reviews.csv

shuttles:
  type: pandas.ExcelDataset
  filepath: data/01_raw/shuttles.xlsx

_spark_csv: &spark_csv
  type: spark.SparkDatasetV2
  file_format: csv
  load_args:
    header: true
    inferSchema: true
  save_args:
    header: true
    mode: overwrite

companies_table:
  <<: *spark_csv
  filepath: data/02_intermediate/companies_table.csv

shuttles_table:
  <<: *spark_csv
  filepath: data/02_intermediate/shuttles_table.csv

reviews_table:
  <<: *spark_csv
  filepath: data/02_intermediate/reviews_table.csv

flight_table@spark:
  type: spark.SparkDatasetV2
  filepath: data/03_primary/flight_table.parquet
  file_format: parquet
  save_args:
    mode: overwrite

flight_table@pandas:
  type: pandas.ParquetDataset
  filepath: data/03_primary/flight_table.parquet

price_model:
  type: pickle.PickleDataset
  filepath: data/06_models/price_model.pickle
  versioned: true

capacity_chart:
  type: plotly.PlotlyDataset
  filepath: data/08_reporting/capacity_chart.json
  versioned: true
  plotly_args:
    type: bar
    fig:
      x: shuttle_type
      y: seats
      orientation: h
    layout:
      xaxis_title: Shuttles
      yaxis_title: Average seats

capacity_figure:
  type: plotly.JSONDataset
  filepath: data/08_reporting/capacity_figure.json
  versioned: true

rating_heatmap:
  type: matplotlib.MatplotlibDataset
  filepath: data/08_reporting/rating_heatmap.png
  versioned: true
"""

DATABRICKS_CATALOG = """\
companies_table:
  type: spark.SparkDatasetV2
  filepath: /Volumes/main/orbital/intermediate/companies_table.csv
  file_format: csv

flight_table@spark:
  type: spark.SparkDatasetV2
  filepath: s3a://orbital-lake/03_primary/flight_table.parquet
  file_format: parquet

flight_table@pandas:
  type: pandas.ParquetDataset
  filepath: s3://orbital-lake/03_primary/flight_table.parquet
"""

SPARK_YML = """\
spark.driver.maxResultSize: 2g
spark.sql.execution.arrow.pyspark.enabled: true
spark.scheduler.mode: FAIR
"""

PARAMETERS = """\
model_options:
  test_size: 0.25
  random_state: 7
  features:
    - engines
    - passenger_capacity
    - crew
    - company_rating
    - review_scores_rating
"""

SETTINGS = '''\
"""Project settings."""

from kedro.config import OmegaConfigLoader

from orbital.hooks import SparkHooks

HOOKS = (SparkHooks(),)

CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    "config_patterns": {"spark": ["spark*", "spark*/**"]},
}
'''

HOOKS = '''\
"""The Spark session every Spark dataset and node of the run shares."""

from kedro.framework.hooks import hook_impl
from pyspark import SparkConf
from pyspark.sql import SparkSession


class SparkHooks:
    @hook_impl
    def after_context_created(self, context) -> None:
        """Build the session from conf/<env>/spark.yml before any dataset is loaded."""
        conf = SparkConf().setAll(context.config_loader["spark"].items())
        session = (
            SparkSession.builder.appName(context.project_path.name)
            .config(conf=conf)
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("WARN")
'''

REGISTRY = '''\
"""Project pipelines."""

from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
'''

PROCESSING_NODES = '''\
import pandas as pd
from pyspark.sql import DataFrame as SparkDataFrame
from pyspark.sql import functions as F


def _flag(values: pd.Series) -> pd.Series:
    return values == "t"


def _percent(values: pd.Series) -> pd.Series:
    return values.str.rstrip("%").astype(float) / 100


def _money(values: pd.Series) -> pd.Series:
    return values.str.replace("$", "", regex=False).str.replace(",", "", regex=False).astype(float)


def clean_companies(companies: pd.DataFrame) -> pd.DataFrame:
    """Ratings as fractions, IATA approval as a boolean."""
    return companies.assign(
        iata_approved=_flag(companies["iata_approved"]),
        company_rating=_percent(companies["company_rating"]),
    )


def clean_shuttles(shuttles: pd.DataFrame) -> pd.DataFrame:
    return shuttles.assign(
        d_check_complete=_flag(shuttles["d_check_complete"]),
        moon_clearance_complete=_flag(shuttles["moon_clearance_complete"]),
        price=_money(shuttles["price"]),
    )


def clean_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    unused = ["review_scores_comfort", "review_scores_crew", "reviews_per_month"]
    return reviews.drop(columns=unused, errors="ignore")


def join_flights(
    shuttles: SparkDataFrame, companies: SparkDataFrame, reviews: SparkDataFrame
) -> SparkDataFrame:
    """One row per rated shuttle, with its company: joined by Spark."""
    shuttles = shuttles.withColumnRenamed("id", "shuttle_id")
    companies = companies.withColumnRenamed("id", "company_id")
    rated = shuttles.join(reviews, "shuttle_id", how="left")
    flights = rated.join(companies, "company_id", how="left")
    return flights.dropna().withColumn("joined_at_stage", F.lit("primary"))
'''

PROCESSING_PIPELINE = """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean_companies, clean_reviews, clean_shuttles, join_flights


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                func=clean_companies,
                inputs="companies",
                outputs="companies_table",
                name="clean_companies_node",
            ),
            Node(
                func=clean_shuttles,
                inputs="shuttles",
                outputs="shuttles_table",
                name="clean_shuttles_node",
            ),
            Node(
                func=clean_reviews,
                inputs="reviews",
                outputs="reviews_table",
                name="clean_reviews_node",
            ),
            Node(
                func=join_flights,
                inputs=["shuttles_table", "companies_table", "reviews_table"],
                outputs="flight_table@spark",
                name="join_flights_node",
            ),
        ]
    )
"""

SCIENCE_NODES = """\
import logging

import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)


def split_flights(flights: pd.DataFrame, options: dict) -> tuple:
    features = flights[options["features"]]
    target = flights["price"]
    return train_test_split(
        features, target, test_size=options["test_size"], random_state=options["random_state"]
    )


def fit_price_model(features: pd.DataFrame, target: pd.Series) -> LinearRegression:
    model = LinearRegression()
    model.fit(features, target)
    return model


def score_price_model(
    model: LinearRegression, features: pd.DataFrame, target: pd.Series
) -> dict[str, float]:
    predicted = model.predict(features)
    r2 = r2_score(target, predicted)
    logger.info("R^2 on the held-out flights: %.3f", r2)
    return {"r2": r2, "mae": mean_absolute_error(target, predicted)}
"""

SCIENCE_PIPELINE = """\
from kedro.pipeline import Node, Pipeline

from .nodes import fit_price_model, score_price_model, split_flights


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                func=split_flights,
                inputs=["flight_table@pandas", "params:model_options"],
                outputs=["features_train", "features_test", "target_train", "target_test"],
                name="split_flights_node",
            ),
            Node(
                func=fit_price_model,
                inputs=["features_train", "target_train"],
                outputs="price_model",
                name="fit_price_model_node",
            ),
            Node(
                func=score_price_model,
                inputs=["price_model", "features_test", "target_test"],
                outputs="price_metrics",
                name="score_price_model_node",
            ),
        ]
    )
"""

REPORTING_NODES = '''\
import matplotlib.pyplot as plt
import pandas as pd
import plotly.graph_objects as go
import seaborn as sns
from pyspark.sql import DataFrame as SparkDataFrame
from pyspark.sql import functions as F


def average_seats(shuttles: SparkDataFrame) -> pd.DataFrame:
    """Average seats per shuttle type, aggregated by Spark: only the small result is collected."""
    by_type = (
        shuttles.groupBy("shuttle_type")
        .agg(F.avg("passenger_capacity").alias("seats"))
        .orderBy("shuttle_type")
    )
    return by_type.toPandas()


def seats_figure(shuttles: SparkDataFrame) -> go.Figure:
    rows = shuttles.groupBy("shuttle_type").agg(F.avg("passenger_capacity").alias("seats"))
    table = rows.toPandas()
    return go.Figure([go.Bar(x=table["shuttle_type"], y=table["seats"])])


def rating_heatmap(companies: pd.DataFrame) -> plt.Figure:
    counts = pd.crosstab(companies["company_location"], companies["iata_approved"])
    fig, ax = plt.subplots(figsize=(8, 6))
    sns.heatmap(counts, annot=True, fmt="d", cmap="Blues", ax=ax)
    ax.set_title("Companies by location and approval")
    return fig
'''

REPORTING_PIPELINE = '''\
from kedro.pipeline import Node, Pipeline

from .nodes import average_seats, rating_heatmap, seats_figure


def create_pipeline(**kwargs) -> Pipeline:
    """Two charts and a heatmap; the starter leaves these nodes unnamed."""
    return Pipeline(
        [
            Node(func=average_seats, inputs="shuttles_table", outputs="capacity_chart"),
            Node(func=seats_figure, inputs="shuttles_table", outputs="capacity_figure"),
            Node(func=rating_heatmap, inputs="companies", outputs="rating_heatmap"),
        ]
    )
'''

TEST_SCIENCE = """\
import pandas as pd

from orbital.pipelines.data_science.nodes import split_flights


def test_split_flights():
    flights = pd.DataFrame({"engines": [1, 2, 3, 4], "price": [1.0, 2.0, 3.0, 4.0]})
    options = {"features": ["engines"], "test_size": 0.25, "random_state": 1}
    train, test, _, _ = split_flights(flights, options)
    assert len(train) == 3 and len(test) == 1
"""

TEST_SIMPLE = """\
from orbital.pipelines.{name} import create_pipeline


def test_pipeline_builds():
    assert create_pipeline().nodes
"""


def spaceflights_pyspark() -> dict[str, str]:
    """The project's files, relative to its root."""
    pkg = f"src/{PACKAGE}"
    files = {
        "pyproject.toml": PYPROJECT,
        ".gitignore": GITIGNORE,
        "README.md": README,
        "conf/base/catalog.yml": CATALOG,
        "conf/base/parameters.yml": "",
        "conf/base/parameters_data_science.yml": PARAMETERS,
        "conf/base/spark.yml": SPARK_YML,
        "conf/databricks/catalog.yml": DATABRICKS_CATALOG,
        "conf/databricks/spark.yml": "spark.sql.shuffle.partitions: 64\n",
        "conf/local/.gitkeep": "",
        f"{pkg}/__init__.py": '__version__ = "0.1.0"\n',
        f"{pkg}/settings.py": SETTINGS,
        f"{pkg}/hooks.py": HOOKS,
        f"{pkg}/pipeline_registry.py": REGISTRY,
        f"{pkg}/pipelines/__init__.py": "",
        f"{pkg}/pipelines/data_processing/__init__.py": (
            'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n'
        ),
        f"{pkg}/pipelines/data_processing/nodes.py": PROCESSING_NODES,
        f"{pkg}/pipelines/data_processing/pipeline.py": PROCESSING_PIPELINE,
        f"{pkg}/pipelines/data_science/__init__.py": (
            'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n'
        ),
        f"{pkg}/pipelines/data_science/nodes.py": SCIENCE_NODES,
        f"{pkg}/pipelines/data_science/pipeline.py": SCIENCE_PIPELINE,
        f"{pkg}/pipelines/reporting/__init__.py": (
            'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n'
        ),
        f"{pkg}/pipelines/reporting/nodes.py": REPORTING_NODES,
        f"{pkg}/pipelines/reporting/pipeline.py": REPORTING_PIPELINE,
        "tests/__init__.py": "",
        "tests/pipelines/__init__.py": "",
        "tests/pipelines/data_science/__init__.py": "",
        "tests/pipelines/data_science/test_pipeline.py": TEST_SCIENCE,
    }
    for name in ("data_processing", "reporting"):
        files[f"tests/pipelines/{name}/__init__.py"] = ""
        files[f"tests/pipelines/{name}/test_pipeline.py"] = TEST_SIMPLE.format(name=name)
    files.update(layer_folders())
    return files


QUALITY_NODES = """\
import pandas as pd
from pyspark.sql import DataFrame as SparkDataFrame
from pyspark.sql import SparkSession


def count_flights(flights: SparkDataFrame) -> pd.DataFrame:
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    spark.sparkContext.setJobDescription("count flights")
    return flights.toPandas()


def flag_outliers(counts: pd.DataFrame) -> pd.DataFrame:
    spark = SparkSession.getActiveSession()
    history = spark.read.parquet("s3a://orbital-lake/history")
    archived = spark.sql("SELECT * FROM parquet.`data/03_primary/archive.parquet`")
    limit = history.count() + archived.count()
    return counts[counts["engines"] > limit]
"""

QUALITY_PIPELINE = """\
from kedro.pipeline import Node, Pipeline

from .nodes import count_flights, flag_outliers


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                count_flights,
                "flight_table@spark",
                "flight_counts",
                name="count_flights",
                namespace="checks",
            ),
            Node(
                flag_outliers,
                "flight_counts",
                "outliers",
                name="flag_outliers",
                namespace="alerts",
            ),
        ]
    )
"""


def planted() -> dict[str, str]:
    """The project with one planted violation of each new rule (see the tests)."""
    files = spaceflights_pyspark()
    pkg = f"src/{PACKAGE}"
    files["pyproject.toml"] = PYPROJECT.replace(
        'dev = ["pytest~=8.0", "ruff~=0.12"]',
        'dev = ["pytest~=8.0", "ruff~=0.12", "kedro-airflow>=0.10"]',
    )
    files["README.md"] = (
        README + "\nOn the build server:\n\n    kedro run --runner=ParallelRunner\n"
    )
    files["conf/databricks/catalog.yml"] = DATABRICKS_CATALOG + (
        "\nreviews_table:\n"
        "  type: spark.SparkDatasetV2\n"
        "  filepath: data/02_intermediate/reviews_table.csv\n"
        "  file_format: csv\n"
    )
    files[f"{pkg}/pipelines/quality/__init__.py"] = (
        'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n'
    )
    files[f"{pkg}/pipelines/quality/nodes.py"] = QUALITY_NODES
    files[f"{pkg}/pipelines/quality/pipeline.py"] = QUALITY_PIPELINE
    files["tests/pipelines/quality/__init__.py"] = ""
    files["tests/pipelines/quality/test_pipeline.py"] = TEST_SIMPLE.format(name="quality")
    return files
