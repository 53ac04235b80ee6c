import pandas as pd


def _is_true(x: pd.Series) -> pd.Series:
    return x == "t"


def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:
    return companies.assign(iata_approved=_is_true(companies["iata_approved"]))


def preprocess_shuttles(shuttles: pd.DataFrame) -> pd.DataFrame:
    return shuttles.assign(d_check_complete=_is_true(shuttles["d_check_complete"]))


def preprocess_reviews(reviews: pd.DataFrame, min_length: int = 3) -> pd.DataFrame:  # expect: SL303
    return reviews[reviews["text"].str.len() >= min_length]


def create_model_input_table(shuttles: pd.DataFrame, companies: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    table = shuttles.merge(reviews, left_on="id", right_on="shuttle_id")
    return table.merge(companies, left_on="company_id", right_on="id").dropna()


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True)


def enrich(df: pd.DataFrame, **options) -> pd.DataFrame:
    return df.assign(**{k: len(v) for k, v in options.items()})


def split_columns(df: pd.DataFrame):
    return df[["id"]], df[["name"]], df[["score"]]


def dedupe(df: pd.DataFrame, *, keep: str = "first") -> pd.DataFrame:  # expect: SL303
    return df.drop_duplicates(keep=keep)


def scale(df: pd.DataFrame, factor: float = 1.0) -> pd.DataFrame:
    return df.select_dtypes("number") * factor


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    return df.describe()


def clean_again(df: pd.DataFrame) -> pd.DataFrame:
    return df.dropna()
