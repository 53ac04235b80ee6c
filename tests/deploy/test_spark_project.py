"""The kedro-starters spaceflights-pyspark shape lints clean under --select ALL, and each
planted violation of the Spark and deployment rules fires where it is planted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.deploy.spark_projects import planted, spaceflights_pyspark
from tests.helpers import git_add_all, run, write_project


def test_spaceflights_pyspark_shape_has_no_findings(tmp_path: Path) -> None:
    write_project(tmp_path, spaceflights_pyspark())
    git_add_all(tmp_path)
    result = run(tmp_path, select=["ALL"])
    assert result.findings == [], [
        f"{f.path}:{f.line} {f.code} {f.message}" for f in result.findings
    ]
    assert not result.errors


def test_planted_violations_fire(tmp_path: Path) -> None:
    write_project(tmp_path, planted())
    git_add_all(tmp_path)
    result = run(tmp_path, select=["ALL"])
    quality = "src/orbital/pipelines/quality"
    by_place = Counter((f.path, f.code) for f in result.findings)
    assert by_place == {
        # ParallelRunner in the README, four Spark datasets the pipelines use
        ("conf/base/catalog.yml", "SL603"): 4,
        # a data/ path in the cluster environment
        ("conf/databricks/catalog.yml", "SL602"): 1,
        # the three nodes the starter leaves unnamed, now that kedro-airflow is declared
        ("src/orbital/pipelines/reporting/pipeline.py", "SL604"): 3,
        # `flight_counts` crosses from namespace `checks` to `alerts`
        (f"{quality}/pipeline.py", "SL601"): 1,
        # in `__default__` (which has namespaces) every node outside one is its own task:
        # the four train/test splits handed between data_science's nodes are lost as well
        ("src/orbital/pipelines/data_science/pipeline.py", "SL601"): 4,
        (f"{quality}/nodes.py", "SL207"): 1,
        (f"{quality}/nodes.py", "SL208"): 1,
        (f"{quality}/nodes.py", "SL201"): 2,
        (f"{quality}/nodes.py", "SL101"): 1,
        (f"{quality}/nodes.py", "SL102"): 1,
    }
    messages = {f.code: f.message for f in result.findings}
    crossing = [f.message for f in result.findings if f.path == f"{quality}/pipeline.py"]
    assert (
        "`flight_counts` is written by node `checks.count_flights` (namespace `checks`)"
        in (crossing[0])
    )
    assert "README.md" in messages["SL603"]
    assert "`data/03_primary/archive.parquet` in the Spark SQL" in messages["SL101"]
