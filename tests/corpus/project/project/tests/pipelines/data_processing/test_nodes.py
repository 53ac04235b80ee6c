import pandas as pd

from rocketry.pipelines.data_processing.nodes import preprocess_companies
from rocketry.pipelines.reporting.nodes import summarise_inputs


def test_preprocess_companies():
    out = preprocess_companies(pd.DataFrame({"iata_approved": ["t", "f"]}))
    assert out["iata_approved"].tolist() == [True, False]
    assert len(summarise_inputs(out)) > 0
