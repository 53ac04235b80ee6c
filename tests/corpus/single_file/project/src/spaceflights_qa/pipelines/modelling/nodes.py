"""Model training and evaluation nodes."""

from __future__ import annotations

import configparser
import json
import logging
import os as operating_system
import time
import tomllib
from datetime import date, datetime
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import yaml
from dotenv import dotenv_values
from kedro.config import OmegaConfigLoader
from kedro.framework.project import find_pipelines
from kedro.framework.project import settings as kedro_settings
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import DataCatalog
from omegaconf import OmegaConf
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestRegressor as RFR
from sklearn.linear_model import ElasticNet, LinearRegression
from sklearn.model_selection import KFold, train_test_split

logger = logging.getLogger(__name__)


def split_data(table: pd.DataFrame, features: list[str]):
    return train_test_split(  # expect: SL205
        table[features],
        table["price"],
        test_size=0.2,  # expect: SL302
    )


def split_data_configured(table: pd.DataFrame, params: dict):
    return train_test_split(
        table[params["features"]],
        table["price"],
        test_size=params["test_size"],  # ok: SL302 (from an argument)
        random_state=params["random_state"],  # ok: SL205, SL302
    )


def split_fixed(table: pd.DataFrame, features: list[str]):
    return train_test_split(
        table[features],
        table["price"],
        test_size=0.25,  # expect: SL302
        random_state=42,  # expect: SL302
    )


def split_in_order(table: pd.DataFrame, features: list[str], test_size: float):
    return train_test_split(table[features], table["price"], test_size=test_size, shuffle=False)  # ok: SL205


def train_forest(X: pd.DataFrame, y: pd.Series) -> RFR:
    model = RFR(
        n_estimators=300,  # expect: SL302
        max_depth=8,  # expect: SL302
        max_features="sqrt",  # expect: SL302
        n_jobs=-1,  # ok: SL302 (not a tuning knob)
        verbose=0,  # ok: SL302
    )
    return model.fit(X, y)


def train_forest_configured(X: pd.DataFrame, y: pd.Series, model_options: dict) -> RFR:
    model = RFR(**model_options, n_jobs=-1, verbose=0)  # ok: SL302
    return model.fit(X, y)


def train_elastic(X: pd.DataFrame, y: pd.Series) -> ElasticNet:
    return ElasticNet(alpha=0.5, l1_ratio=0.3).fit(X, y)  # expect: SL302


def cluster(X: pd.DataFrame, params: dict):
    km = KMeans(n_clusters=params["n_clusters"], random_state=params["seed"], n_init="auto")  # ok: SL302
    return km.fit_predict(X)


def reduce_dims(X: pd.DataFrame):
    return PCA(n_components=5).fit_transform(X)  # expect: SL302


def cross_validate(X: pd.DataFrame, y: pd.Series, n_splits: int) -> list[float]:
    folds = KFold(n_splits=n_splits, shuffle=True, random_state=0)  # expect: SL302
    return [LinearRegression().fit(X.iloc[a], y.iloc[a]).score(X.iloc[b], y.iloc[b]) for a, b in folds.split(X)]


def rolling_price(table: pd.DataFrame) -> pd.Series:
    return table["price"].rolling(window=7).mean()  # expect: SL302


def preview(table: pd.DataFrame) -> pd.DataFrame:
    return table.head(n=5)  # ok: SL302 (n= of head)


def top_companies(table: pd.DataFrame) -> pd.DataFrame:
    return table.nlargest(n=10, columns="rating")  # expect: SL302


def plot_prices(table: pd.DataFrame):
    fig, ax = plt.subplots()
    ax.scatter(table["price"], table["rating"], alpha=0.4)  # ok: SL302 (plotting alpha)
    return fig


def clip_outliers(table: pd.DataFrame) -> pd.DataFrame:
    upper = table["price"].quantile(q=0.99)  # expect: SL302
    return table.assign(price=table["price"].clip(upper=upper))


def shuffled(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    return table.sample(frac=1, random_state=seed)  # ok: SL302 (frac=1 idiom), SL205


def first_token(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(first=table["name"].str.split(" ", n=1).str[0])  # ok: SL302 (n= of split)


def concat_tables(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([left, right], axis=0, ignore_index=True)  # ok: SL302


def score_with_catalog(model, catalog: DataCatalog) -> float:  # ok: SL206 (annotation)
    test = catalog.load("model_input_table")  # expect: SL206
    return model.score(test.drop(columns="price"), test["price"])


def load_reference_model():
    with KedroSession.create() as session:  # expect: SL206
        context = session.load_context()
        return context.catalog.load("regressor")  # expect: SL206


def build_catalog(catalog_config: dict):
    catalog = DataCatalog.from_config(catalog_config)  # expect: SL206
    return catalog.load("companies")  # expect: SL206


def count_pipelines(table: pd.DataFrame) -> pd.DataFrame:
    names = sorted(find_pipelines())  # expect: SL206
    return table.assign(n_pipelines=len(names))


def conf_source(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(conf=kedro_settings.CONF_SOURCE)  # expect: SL206


def bootstrap(project_path: str) -> str:
    bootstrap_project(Path(project_path))  # expect: SL206
    return project_path


def save_predictions(predictions: pd.DataFrame, catalog: DataCatalog) -> None:
    catalog.save("predictions", predictions)  # expect: SL206


def load_model_config() -> dict:
    loader = OmegaConfigLoader(conf_source="conf")  # expect: SL301
    return loader["parameters"]


def load_thresholds(config_path: str) -> dict:
    return OmegaConf.to_container(OmegaConf.load(config_path))  # expect: SL301


def load_dotenv_settings() -> dict:
    return dict(dotenv_values(".env"))  # expect: SL301


def load_ini() -> dict:
    parser = configparser.ConfigParser()
    parser.read("conf/base/model.ini")  # expect: SL301
    return {s: dict(parser[s]) for s in parser.sections()}


def load_feature_list() -> list[str]:
    return json.load(open("conf/base/features.json"))  # expect: SL301, SL101


def load_toml_settings(settings_path: str) -> dict:
    return tomllib.loads(Path(settings_path).read_text())  # expect: SL301


def build_conf(overrides: dict):
    return OmegaConf.create({"model": {"depth": 3}})  # expect: SL301


def parse_payload(payload: str) -> dict:
    return json.loads(payload)  # ok: SL201, SL301 (parses an argument)


def parse_yaml_bytes(raw: bytes) -> dict:
    return yaml.safe_load(raw.decode("utf-8"))  # ok: SL301 (derived from an argument)


def timed_training(X: pd.DataFrame, y: pd.Series) -> LinearRegression:
    start = time.perf_counter()  # ok: SL204 (duration)
    model = LinearRegression().fit(X, y)
    logger.info("trained in %.2fs", time.perf_counter() - start)  # ok: SL204
    return model


def stamp_model(model) -> dict:
    return {"model": model, "trained_at": time.time()}  # expect: SL204


def today_partition(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(partition=date.today().isoformat())  # expect: SL204


def env_threshold(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["price"] > float(operating_system.getenv("PRICE_THRESHOLD", "100"))]  # expect: SL204


def debug_flag(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(debug=operating_system.environ.get("DEBUG", "0"))  # expect: SL204


def now_timestamp(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(ts=pd.Timestamp.now())  # expect: SL204


def utc_stamp(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(ts=datetime.utcnow())  # expect: SL204


def run_date_stamp(table: pd.DataFrame, run_date: str) -> pd.DataFrame:
    return table.assign(ts=pd.Timestamp(run_date), day=pd.to_datetime(table["date"]))  # ok: SL204


def typed_stamp(table: pd.DataFrame, when: datetime) -> pd.DataFrame:  # ok: SL204 (annotation)
    return table.assign(ts=when)
