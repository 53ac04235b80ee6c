import logging

import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)


def split_data(data: pd.DataFrame, parameters: dict) -> tuple:
    X = data[parameters["features"]]
    y = data["price"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=parameters["test_size"], random_state=parameters["random_state"]
    )
    return X_train, X_test, y_train, y_test


def train_model(X_train: pd.DataFrame, y_train: pd.Series, n_jobs: int = -1) -> LinearRegression:  # expect: SL303
    return LinearRegression(n_jobs=n_jobs).fit(X_train, y_train)


def evaluate_model(regressor: LinearRegression, X_test: pd.DataFrame, y_test: pd.Series, digits: int = 3) -> dict:
    score = round(r2_score(y_test, regressor.predict(X_test)), digits)
    logger.info("Model has an R^2 of %s on test data.", score)
    return {"r2_score": score}


def plot_residuals(regressor: LinearRegression, X_test: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"predicted": regressor.predict(X_test)})
