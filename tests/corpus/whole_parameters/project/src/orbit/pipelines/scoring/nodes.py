import pandas as pd


def clean(launches: pd.DataFrame) -> pd.DataFrame:
    return launches.dropna()


def score(launches: pd.DataFrame, parameters: dict) -> pd.DataFrame:
    weights = parameters["weights"]
    total = sum(launches[col] * w for col, w in weights.items())
    return launches.assign(score=total, passed=total > parameters["threshold"])
