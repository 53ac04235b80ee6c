"""Fixtures of every test: one local Spark session for the whole test run.

Starting Spark (a Java process) takes seconds, so the session is created once and
shared (``scope="session"``). It runs in this process on two cores with few shuffle
partitions: the tests' frames are tiny. Java 17 must be installed (README.md, "Test").
"""

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A local Spark session, stopped when the tests end."""
    session = (
        SparkSession.builder.master("local[2]")
        .appName("{{ cookiecutter.python_package }}-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()
