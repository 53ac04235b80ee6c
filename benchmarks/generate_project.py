"""Write a large, realistic Kedro project for benchmarks: deterministic for a given seed.

    python benchmarks/generate_project.py OUT_DIR [--pipelines 260] [--nodes 31] [--seed 7]

Each pipeline gets a `nodes.py` of pandas / scikit-learn style node functions, a
`pipeline.py` that wires them, a parameters file and a test; `conf/base/catalog.yml` holds an
entry per dataset. A few planted violations keep every rule family busy.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

LAYERS = [
    "01_raw",
    "02_intermediate",
    "03_primary",
    "04_feature",
    "05_model_input",
    "06_models",
    "07_model_output",
    "08_reporting",
]

# (source, data inputs, takes `parameters`, outputs)
NODE_TEMPLATES = [
    (
        '''def {name}({a}: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    """Clean the {topic} table: drop empty rows, normalise names, cast types."""
    out = {a}.dropna(subset=parameters["required_columns"]).copy()
    out.columns = [c.strip().lower().replace(" ", "_") for c in out.columns]
    for column in parameters["numeric_columns"]:
        out[column] = pd.to_numeric(out[column], errors="coerce")
    out = out[out["{col}"] >= parameters["min_{col}"]]
    out["{col}_rank"] = out["{col}"].rank(method="dense")
    out["{col}_z"] = (out["{col}"] - out["{col}"].mean()) / out["{col}"].std(ddof=0)
    grouped = out.groupby("segment", observed=True)["{col}"].agg(["mean", "median", "count"])
    grouped = grouped.rename(columns=lambda c: f"{col}_{{c}}")
    out = out.merge(grouped, left_on="segment", right_index=True, how="left")
    logger.info("cleaned %d rows of {topic}", len(out))
    return out.reset_index(drop=True)
''',
        1,
        True,
        1,
    ),
    (
        '''def {name}({a}: pd.DataFrame, {b}: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    """Join {topic} with its reference data and derive ratio features."""
    joined = {a}.merge({b}, on=parameters["join_key"], how="left", validate="many_to_one")
    joined["ratio_{col}"] = joined["{col}"] / joined["{col}"].where(joined["{col}"] != 0).median()
    joined["is_large_{col}"] = joined["{col}"] > joined["{col}"].quantile(parameters["quantile"])
    window = parameters["window"]
    joined["{col}_rolling"] = joined["{col}"].rolling(window=window, min_periods=1).mean()
    features = [c for c in joined.columns if c.startswith(("ratio_", "is_large_"))]
    summary = {{
        "rows": len(joined),
        "features": len(features),
        "missing": int(joined[features].isna().sum().sum()),
    }}
    logger.debug("join summary for {topic}: %s", summary)
    return joined
''',
        2,
        True,
        1,
    ),
    (
        '''def {name}({a}: pd.DataFrame, parameters: dict[str, Any]) -> tuple[pd.DataFrame, pd.Series]:
    """Split {topic} into the model's features and target."""
    features = parameters["features"]
    target = parameters["target"]
    data = {a}.dropna(subset=[*features, target])
    x = data[features].astype(float)
    y = data[target].astype(float)
    if parameters["clip_outliers"]:
        low, high = x.quantile(0.01), x.quantile(0.99)
        x = x.clip(lower=low, upper=high, axis=1)
    return x, y
''',
        1,
        True,
        2,
    ),
    (
        '''def {name}(x: pd.DataFrame, y: pd.Series, parameters: dict[str, Any]) -> LinearRegression:
    """Fit a linear model of {topic} on the training split."""
    x_train, _, y_train, _ = train_test_split(
        x,
        y,
        test_size=parameters["test_size"],
        random_state=parameters["random_state"],
    )
    model = LinearRegression(fit_intercept=parameters["fit_intercept"])
    model.fit(x_train, y_train)
    coefficients = dict(zip(x.columns, model.coef_, strict=True))
    logger.info("fitted {topic} model with %d coefficients", len(coefficients))
    return model
''',
        2,
        True,
        1,
    ),
    (
        '''def {name}(model: LinearRegression, x: pd.DataFrame, y: pd.Series) -> dict[str, float]:
    """Score the {topic} model: R2, MAE and max error."""
    predictions = model.predict(x)
    residuals = y - predictions
    metrics = {{
        "r2": float(r2_score(y, predictions)),
        "mae": float(mean_absolute_error(y, predictions)),
        "max_error": float(np.abs(residuals).max()),
    }}
    for key, value in sorted(metrics.items()):
        logger.info("{topic} %s = %.4f", key, value)
    return metrics
''',
        3,
        False,
        1,
    ),
    (
        '''def {name}({a}: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    """Aggregate {topic} by period for the report."""
    frame = {a}.assign(period=pd.to_datetime({a}["date"]).dt.to_period(parameters["period"]))
    table = frame.pivot_table(
        index="period",
        columns="segment",
        values="{col}",
        aggfunc=parameters["aggfunc"],
        observed=True,
    )
    table = table.sort_index().ffill()
    table.columns = [str(c) for c in table.columns]
    return table.reset_index().astype({{"period": str}})
''',
        1,
        True,
        1,
    ),
]

PLANTED = [
    (
        '''def {name}({a}: pd.DataFrame) -> pd.DataFrame:
    """A node that still does its own I/O (planted for the benchmark)."""
    extra = pd.read_csv("data/01_raw/extra_{topic}.csv")
    {a}["flag"] = {a}["{col}"] > 3
    sample = {a}.sample(frac=0.1)
    return pd.concat([{a}, extra, sample])
''',
        1,
        False,
        1,
    ),
]

HEADER = '''"""Nodes of the {pipe} pipeline."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)

'''

TOPICS = [
    "orders",
    "customers",
    "shipments",
    "invoices",
    "sensors",
    "visits",
    "claims",
    "loans",
    "trips",
    "reviews",
    "stores",
    "campaigns",
]
COLS = ["price", "amount", "weight", "score", "duration", "distance", "quantity", "rate"]


def generate(out: Path, pipelines: int, nodes: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    pkg = "bigproj"
    src = out / "src" / pkg
    (src / "pipelines").mkdir(parents=True, exist_ok=True)
    (out / "conf" / "base").mkdir(parents=True, exist_ok=True)
    (out / "conf" / "local").mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        (out / "data" / layer).mkdir(parents=True, exist_ok=True)
        (out / "data" / layer / ".gitkeep").write_text("")
    (out / "conf" / "local" / ".gitkeep").write_text("")
    (out / "tests" / "pipelines").mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(
        f'[project]\nname = "{pkg}"\nversion = "0.1.0"\n\n[tool.kedro]\npackage_name = "{pkg}"\n'
        f'project_name = "{pkg}"\nkedro_init_version = "1.7.0"\nsource_dir = "src"\n'
    )
    (out / ".gitignore").write_text("conf/local/**\n!conf/local/.gitkeep\n.structlint_cache/\n")
    (src / "__init__.py").write_text('"""bigproj."""\n')
    (src / "pipelines" / "__init__.py").write_text("")
    (src / "settings.py").write_text('"""Project settings."""\n')
    (src / "pipeline_registry.py").write_text(
        '"""Project pipelines."""\n\nfrom kedro.framework.project import find_pipelines\n'
        "from kedro.pipeline import Pipeline\n\n\n"
        "def register_pipelines() -> dict[str, Pipeline]:\n"
        "    pipelines = find_pipelines()\n"
        '    pipelines["__default__"] = sum(pipelines.values())\n'
        "    return pipelines\n"
    )
    catalog: list[str] = []
    params_lines = 0
    lines = 0
    for p in range(pipelines):
        pipe = f"p{p:03d}_{TOPICS[p % len(TOPICS)]}"
        folder = src / "pipelines" / pipe
        folder.mkdir(parents=True, exist_ok=True)
        # find_pipelines() reads create_pipeline from the package, as Kedro's starters do.
        (folder / "__init__.py").write_text(
            f'"""The {pipe} pipeline."""\n\nfrom .pipeline import create_pipeline\n\n'
            '__all__ = ["create_pipeline"]\n'
        )
        body = [HEADER.format(pipe=pipe)]
        wiring = []
        # Datasets produced so far, newest last: each node reads the newest ones it needs, so
        # the graph is connected and every signature matches its inputs and outputs.
        available = [f"{pipe}_raw", f"{pipe}_reference"]
        for raw in available:
            catalog.append(_entry(raw, "01_raw", pipe))
        for n in range(nodes):
            name = f"step_{n:02d}"
            planted = rng.random() < 0.03
            index = rng.randrange(len(PLANTED if planted else NODE_TEMPLATES))
            tmpl, data_inputs, takes_params, outputs = (PLANTED if planted else NODE_TEMPLATES)[
                index
            ]
            topic = rng.choice(TOPICS)
            col = rng.choice(COLS)
            body.append(tmpl.format(name=name, a="data", b="reference", topic=topic, col=col))
            body.append("\n")
            layer = LAYERS[min(1 + n * 6 // nodes, 7)]
            inputs = available[-data_inputs:] + ([f"params:{pipe}"] if takes_params else [])
            outs = [
                f"{pipe}_{name}_out{i}" if outputs > 1 else f"{pipe}_{name}_out"
                for i in range(outputs)
            ]
            for out_name in outs:
                catalog.append(_entry(out_name, layer, pipe))
            shown_outputs = (
                f'"{outs[0]}"' if outputs == 1 else "[" + ", ".join(f'"{o}"' for o in outs) + "]"
            )
            wiring.append(
                f"            node({name}, inputs=["
                + ", ".join(f'"{i}"' for i in inputs)
                + f'], outputs={shown_outputs}, name="{name}"),'
            )
            available.extend(outs)
        text = "\n".join(body).rstrip() + "\n"
        (folder / "nodes.py").write_text(text)
        pipeline_text = (
            f'"""Wiring of the {pipe} pipeline."""\n\nfrom kedro.pipeline import Pipeline, node, '
            f"pipeline\n\nfrom .nodes import (\n"
            + "".join(f"    step_{n:02d},\n" for n in range(nodes))
            + ")\n\n\ndef create_pipeline(**kwargs) -> Pipeline:\n    return pipeline(\n        [\n"
            + "\n".join(wiring)
            + "\n        ]\n    )\n"
        )
        (folder / "pipeline.py").write_text(pipeline_text)
        test_dir = out / "tests" / "pipelines" / pipe
        test_dir.mkdir(parents=True, exist_ok=True)
        test_text = (
            f'"""Tests of {pipe}."""\n\nfrom {pkg}.pipelines.{pipe}.pipeline import create_pipeline'
            "\n\n\ndef test_pipeline_builds():\n    assert create_pipeline().nodes\n"
        )
        (test_dir / f"test_{pipe}.py").write_text(test_text)
        params = (
            f"{pipe}:\n  required_columns: [id]\n  numeric_columns: [price]\n  min_price: 0\n"
            "  join_key: id\n  quantile: 0.9\n  window: 7\n  features: [price]\n"
            "  target: amount\n  clip_outliers: true\n  test_size: 0.2\n  random_state: 3\n"
            "  fit_intercept: true\n  period: M\n  aggfunc: sum\n"
        )
        (out / "conf" / "base" / f"parameters_{pipe}.yml").write_text(params)
        params_lines += params.count("\n")
        lines += text.count("\n") + pipeline_text.count("\n") + test_text.count("\n")
    (out / "conf" / "base" / "catalog.yml").write_text("\n".join(catalog))
    (out / "conf" / "base" / "parameters.yml").write_text("{}\n")
    return {"python_lines": lines, "catalog_entries": len(catalog), "pipelines": pipelines}


def _entry(name: str, layer: str, pipe: str) -> str:
    return (
        f"{name}:\n  type: pandas.ParquetDataset\n  filepath: data/{layer}/{pipe}/{name}.parquet\n"
        f"  metadata:\n    kedro-viz:\n      layer: {layer.split('_', 1)[1]}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pipelines", type=int, default=260)
    parser.add_argument("--nodes", type=int, default=31)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stats = generate(args.out, args.pipelines, args.nodes, args.seed)
    print(", ".join(f"{k}={v}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
