import pandas as pd


def plot_prices(model_input_table: pd.DataFrame) -> dict:
    return {"data": [{"x": list(model_input_table["price"])}]}


def plot_capacity(model_input_table: pd.DataFrame):
    return model_input_table.plot.bar(x="shuttle_type", y="passenger_capacity").get_figure()


def summarise_inputs(model_input_table: pd.DataFrame) -> pd.DataFrame:
    return model_input_table.describe()


def backfill_raw(feature_table: pd.DataFrame) -> pd.DataFrame:
    return feature_table[feature_table["source"] == "raw"]


def review_report(reviews: pd.DataFrame, threshold: float, colour: str) -> pd.DataFrame:
    return reviews[reviews["score"] > threshold].assign(colour=colour)


def export_weekly(input_summary: pd.DataFrame) -> pd.DataFrame:
    return input_summary.reset_index()


def export_pandas(plot: dict) -> pd.DataFrame:
    return pd.DataFrame(plot["data"])


def export_spark(figure) -> pd.DataFrame:
    return pd.DataFrame({"figure": [repr(figure)]})


def publish(report: pd.DataFrame, partitions: dict, images: dict, lookup: dict) -> pd.DataFrame:
    return report.assign(partitions=len(partitions), images=len(images), lookup=len(lookup))


def log_run(published: pd.DataFrame, legacy: dict) -> dict:
    return {"rows": len(published), "legacy": len(legacy)}


def stamp_report(report: pd.DataFrame, run_date: str, data_root: str) -> pd.DataFrame:
    return report.assign(run_date=run_date, root=data_root)
