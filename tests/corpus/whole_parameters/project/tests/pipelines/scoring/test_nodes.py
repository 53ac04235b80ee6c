import pandas as pd

from orbit.pipelines.scoring.nodes import score


def test_score():
    out = score(pd.DataFrame({"engines": [1.0], "crew": [1.0]}), {"weights": {"engines": 1}, "threshold": 0})
    assert out["passed"].all()
