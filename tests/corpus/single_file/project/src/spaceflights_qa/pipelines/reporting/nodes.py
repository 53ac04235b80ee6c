"""Reporting nodes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import boto3
import joblib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl
from sqlalchemy import create_engine

REPORT_TEMPLATE = Path(__file__).parent / "templates" / "report.html"  # ok: SL101 (inside the package)
XML_NS = {"xsi": "http://www.w3.org/2001/XMLSchema-instance"}  # ok: SL102 (XML namespace)
IN_MEMORY_DB = "sqlite://"  # ok: SL102 (in-memory database)


def save_report(report: pd.DataFrame) -> None:
    report.to_csv("data/08_reporting/report.csv", index=False)  # expect: SL201, SL101


def save_figure(fig) -> None:
    fig.savefig(os.path.join("data", "08_reporting", "prices.png"))  # expect: SL201, SL101


def plot_to_file(table: pd.DataFrame) -> None:
    table.plot()
    plt.savefig(str(Path("data") / "08_reporting" / "ratings.png"))  # expect: SL201, SL101


def upload_report(report_path: str, bucket: str) -> None:
    boto3.client("s3").upload_file(report_path, bucket, "reports/latest.csv")  # expect: SL201, SL101


def write_table(report: pd.DataFrame, con) -> None:
    report.to_sql("reports", con, if_exists="replace")  # expect: SL201


def make_engine():
    return create_engine("postgresql+psycopg2://etl@db.internal:5432/reports")  # expect: SL201, SL102


def render_html(report: pd.DataFrame) -> str:
    template = REPORT_TEMPLATE.read_text()  # expect: SL201
    return template.format(table=report.to_html())  # ok: SL201 (to_html without a path)


def write_json(report: pd.DataFrame) -> None:
    json.dump(report.to_dict(), open("summary.json", "w"))  # expect: SL201


def read_polars(path: str) -> pl.DataFrame:
    return pl.read_csv(path)  # expect: SL201


def save_array(values: pd.DataFrame, out_path: str) -> None:
    np.save(out_path, values.to_numpy())  # expect: SL201


def dump_model(model, model_path: str) -> None:
    joblib.dump(model, model_path)  # expect: SL201


def copy_artifacts(src_dir: str, dst_dir: str) -> None:
    shutil.copytree(src_dir, dst_dir)  # expect: SL201


def prepare_dir(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)  # expect: SL201


def read_spark(spark, table_name: str):
    return spark.read.table(table_name)  # expect: SL201


def write_spark(df, table_name: str) -> None:
    df.write.mode("overwrite").saveAsTable(table_name)  # expect: SL201


def report_to_pandas(sdf) -> pd.DataFrame:
    return sdf.toPandas()  # ok: SL201 (Spark in-memory conversion)


def csv_summary(report: pd.DataFrame) -> str:
    return report.to_csv(index=False)  # ok: SL201 (returns a string)


def list_records(report: pd.DataFrame) -> list:
    return report["id"].to_list() + list(report.to_numpy().ravel())  # ok: SL201


def dated(report: pd.DataFrame) -> pd.DataFrame:
    return report.assign(when=pd.to_datetime(report["date"], format="%Y/%m/%d"))  # ok: SL201, SL101


def read_gcs_model(model_name: str):
    return joblib.load(f"gs://acme-models/{model_name}/model.joblib")  # expect: SL201, SL102


def write_via_url(report: pd.DataFrame) -> None:
    report.to_parquet("abfss://reports@acmelake.dfs.core.windows.net/weekly.parquet")  # expect: SL201, SL102


def store_uri(report: pd.DataFrame, bucket: str, key: str) -> str:
    uri = f"s3://{bucket}/{key}"  # ok: SL102 (built only from run-time values)
    return uri
