import pandas as pd


def lag(series: pd.Series, periods: int) -> pd.Series:
    return series.shift(periods)
