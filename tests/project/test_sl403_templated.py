"""SL403 on factory patterns: a literal prefix before a `{placeholder}` still decides."""

from __future__ import annotations

import pytest

from structlint.rules.project.sl403_non_portable_filepath import why_not_portable


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("/tmp/scratch/{name}.parquet", "absolute"),
        ("~/{name}.csv", "home-relative (`~`)"),
        ("tmp/{name}.csv", "outside `data/`"),
        ("data/01_raw/{name}.csv", None),
        ("data/{layer}/x.csv", None),
        ("{root}/x.csv", None),
        ("out{n}/x.csv", None),
        ("s3://bucket/{name}.csv", None),
    ],
)
def test_templated_paths(value: str, why: str | None) -> None:
    assert why_not_portable(value) == why
