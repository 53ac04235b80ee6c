"""Scoring, wired as a node through a module alias."""

from __future__ import annotations

import numpy as np
import pandas as pd


def score(model, features: pd.DataFrame, target: pd.Series) -> float:
    rng = np.random.default_rng()  # expect: SL205
    idx = rng.choice(len(features), size=min(100, len(features)), replace=False)
    return float(model.score(features.iloc[idx], target.iloc[idx]))


def score_all(model, features: pd.DataFrame, target: pd.Series) -> float:
    return float(model.score(features, target))
