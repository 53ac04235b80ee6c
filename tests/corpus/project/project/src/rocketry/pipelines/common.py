import pandas as pd


def rolling_mean(series: pd.Series, window: int) -> pd.Series:
    return series.rolling(window).mean()
