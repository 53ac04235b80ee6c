"""The catalog builds: every entry of conf/ becomes a dataset, as `kedro run` makes it.

Kedro creates a dataset only when a run first needs it, so a `type:` typo, a missing
dataset dependency or an argument the dataset does not take (`load_arg:` for
`load_args:`) otherwise shows up in the middle of a run. Nothing is loaded or saved
here, so no data is needed.
"""

from pathlib import Path

from kedro.config import AbstractConfigLoader, MissingConfigException
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import DataCatalog

PROJECT_PATH = Path(__file__).resolve().parents[1]


def project_config_loader() -> AbstractConfigLoader:
    """The config loader of the default run environment (conf/base + conf/local)."""
    bootstrap_project(PROJECT_PATH)
    with KedroSession.create(project_path=PROJECT_PATH) as session:
        return session.load_context().config_loader


def test_every_catalog_entry_builds_a_dataset() -> None:
    config_loader = project_config_loader()
    catalog_config = config_loader["catalog"]
    try:
        credentials = config_loader["credentials"]
    except MissingConfigException:  # no conf/local/credentials.yml (e.g. in CI)
        credentials = {}
    catalog = DataCatalog.from_config(catalog_config, credentials)

    # "_name" keys are YAML anchors to reuse, "{...}" keys are dataset factories:
    # neither is a dataset of its own.
    names = [n for n in catalog_config if not n.startswith("_") and "{" not in n]
    broken = {}
    for name in names:
        try:
            catalog.get(name)
        except Exception as error:  # report every broken entry, not just the first
            broken[name] = f"{type(error).__name__}: {error}"
    assert not broken, "\n\n".join(f"{n}: {e}" for n, e in broken.items())
