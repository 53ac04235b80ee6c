import pandas as pd


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns=str.lower)
