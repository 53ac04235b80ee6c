"""Real-project shapes for SL101-SL103, SL204, SL205 and SL403 (issues 11 and 18): the
look-alikes that must stay silent sit beside the cases that must still fire.

Each snippet is the nodes module of a small project whose pipeline wires `process`; a line
that must carry a finding ends with `# expect: SLxxx`, every other line must stay silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run
from tests.linter.test_locations import check, messages, project

NODES = "src/demo/pipelines/demo/nodes.py"
HELPER = "src/demo/utils/helpers.py"

# ---------------------------------------------------------------------------------------------
# SL101: strings that have a path's shape but are no data path

SL101_CASES = {
    "xpath-queries-one-rule": """
        import pandas as pd

        NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}

        def process(companies, root):
            a = root.find(".//oai:record", NS)
            b = root.findall(".//oai:record", NS)
            c = list(root.iterfind("./oai:header/oai:identifier", NS))
            d = root.xpath("//oai:metadata/dc:title/text()", namespaces=NS)
            e = root.findtext("oai:header/oai:datestamp", namespaces=NS)
            return a, b, c, d, e, pd.read_csv("data/01_raw/records.csv")  # expect: SL101
    """,
    "url-route-defaults": """
        import pandas as pd
        import requests

        class NodeNormalizer:
            def __init__(self, url: str) -> None:
                self.url = url

            def get(self, path: str = "/1.5/get_normalized_nodes", **params):
                return requests.get(f"{self.url}{path}", params=params).json()

            def post(self, route: str = "/query/run"):
                return requests.post(self.url + route).json()

            def status(self, client, target: str = "/status/health"):
                return client.get(target)

        ENDPOINT = "/items/all"
        API_ROOT = "/api/v2"

        def process(companies, local: str = "/mnt/share/exports"):  # expect: SL101
            return pd.read_parquet("/mnt/data/file.parquet")  # expect: SL101
    """,
    "http-client-routes": """
        import httpx

        def process(companies, token):
            with httpx.Client(base_url="https://api.example.com") as client:
                me = client.get("/users/me")
                client.post("/imports/companies", json=companies)
            return me
    """,
    "registry-keys": """
        from pathlib import Path

        LOADERS = [{"type": "data/loader", "name": "io/csv"}, {"kind": "model/linear"}]

        def process(companies):
            raw = Path("data") / "01_raw"  # expect: SL101
            entry = {"type": "pandas.CSVDataset", "filepath": "data/01_raw/x.csv"}  # expect: SL101
            return raw, entry
    """,
    "tool-cache-folders": """
        import os

        import joblib
        import numba

        numba.config.CACHE_DIR = "/tmp/numba_cache"
        os.environ["MPLCONFIGDIR"] = "/tmp/matplotlib"
        os.environ.setdefault("HF_HOME", "/tmp/hf_home")
        memory = joblib.Memory(location=None, cachedir="/tmp/joblib_cache")
        CACHE_DIR = "/var/cache/demo"

        def process(companies, cache_dir: str = "/tmp/demo_cache"):
            return companies.to_csv("/tmp/demo/output.csv")  # expect: SL101
    """,
}


@pytest.mark.parametrize("source", SL101_CASES.values(), ids=SL101_CASES.keys())
def test_sl101_real_project_shapes(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL101", source)


def test_sl101_config_files_silent_in_helpers_with_their_own_message_in_nodes(
    tmp_path: Path,
) -> None:
    """`conf/...` and `.yml` files are configuration: helper code (hooks, logging set-up) may
    read them; a node that does gets a message about parameters, not about the catalog."""
    helper = """
        import logging.config
        import os

        import yaml

        def setup_logging():
            with open("conf/logging.yml") as f:
                logging.config.dictConfig(yaml.safe_load(f))

        CATALOG = os.path.join("conf", "base", "catalog.yml")
        SETTINGS = "config/model/settings.toml"
        EXPORT = os.path.join("data", "08_reporting", "summary.csv")  # expect: SL101
    """
    check(tmp_path / "helper", "SL101", helper, path=HELPER)
    nodes = """
        import mlflow
        import yaml

        def process(companies):
            mlflow.log_artifact("conf/base/parameters.yml")
            files = {"parameters.yml": "conf/base/parameters.yml"}
            return yaml.safe_load(open("conf/base/ingest.yml")), files  # expect: SL101
    """
    check(tmp_path / "node", "SL101", nodes)
    (message,) = messages(run(tmp_path / "node", select=["SL101"]), "SL101")
    assert "hardcoded config path" in message and "`params:...`" in message
    assert "catalog.yml" not in message


# ---------------------------------------------------------------------------------------------
# SL101 under comparisons, subscripts, raise and assert (issue 18)

SL101_TEXT_PLACES = {
    "call-under-comparison-fires": """
        import os
        from pathlib import Path

        import pandas as pd

        def process(companies, path, name):
            if pd.read_csv("data/01_raw/b.csv") is not None:  # expect: SL101
                pass
            if os.path.getsize("/mnt/share/sales.parquet") > 0:  # expect: SL101
                pass
            assert os.path.exists("data/01_raw/companies.csv")  # expect: SL101
            if Path("data/01_raw/extra.csv").exists() is False:  # expect: SL101
                pass
            if "data/01_raw/{}.csv".format(name) == path or Path(path) == Path("/mnt/x.csv"):
                pass
            lookup = companies[pd.read_csv("data/01_raw/ids.csv")["id"]]  # expect: SL101
            if path == "/mnt/x.csv" or path.endswith(".csv") or "data/01_raw" in path:
                lookup = companies["price/unit"]
            if not name:
                raise FileNotFoundError(f"data/01_raw/{name}.csv")
            assert name, "/mnt/share/x.csv"
            return lookup
    """,
    "call-inside-print-fires": """
        import logging

        import pandas as pd

        logger = logging.getLogger(__name__)

        def process(companies):
            print(pd.read_csv("data/01_raw/preview.csv").head())  # expect: SL101
            logger.info("wrote %s", str("data/08_reporting/x.csv"))
            return companies
    """,
}


@pytest.mark.parametrize("source", SL101_TEXT_PLACES.values(), ids=SL101_TEXT_PLACES.keys())
def test_sl101_text_places_exempt_only_the_string_itself(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL101", source)


# ---------------------------------------------------------------------------------------------
# SL102: URLs that are no data source

SL102_CASES = {
    "release-note-links": """
        import pandas as pd
        import requests

        def release_notes(version: str) -> str:
            link = f"https://github.com/org/repo/tree/{version}"
            compare = f"https://gitlab.com/org/repo/-/compare/{version}...main"
            docs = "https://demo.readthedocs.io/en/latest/usage.html#install"
            return "\\n".join([link, compare, docs])

        def process(companies):
            raw = pd.read_csv("https://raw.githubusercontent.com/o/r/main/x.csv")  # expect: SL102
            tags = requests.get("https://github.com/org/repo/tags")  # expect: SL102
            api = "https://api.github.com/repos/org/repo/releases"  # expect: SL102
            return raw, tags, api
    """,
    "rdf-and-owl-identifiers": """
        import requests

        IN_SUBSET = "http://www.geneontology.org/formats/oboInOwl#inSubset"
        LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
        BIOLOGICAL_PROCESS = "http://purl.obolibrary.org/obo/GO_0008150"
        PREDICATES = {"synonym": "http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"}

        def process(companies, metadata):
            metadata["conformsTo"].append("https://w3id.org/kgx/spec/v2")
            metadata["license"].append("https://spdx.org/licenses/MIT")
            ontology = requests.get("http://purl.obolibrary.org/obo/go.obo")  # expect: SL102
            items = requests.get("https://api.example.com/v1/items")  # expect: SL102
            return ontology, items
    """,
    "data-sources-still-fire": """
        import pandas as pd
        from sqlalchemy import create_engine

        def process(companies):
            a = pd.read_csv("https://example.com/data.csv")  # expect: SL102
            b = create_engine("postgresql://etl@db.internal/sales")  # expect: SL102
            if pd.read_json("https://example.com/rates.json") is not None:  # expect: SL102
                pass
            return a, b
    """,
}


@pytest.mark.parametrize("source", SL102_CASES.values(), ids=SL102_CASES.keys())
def test_sl102_real_project_shapes(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL102", source)


# ---------------------------------------------------------------------------------------------
# SL403: Windows separators, and the message of a path built from `${globals:...}`

CATALOG = "conf/base/catalog.yml"


def test_sl403_windows_separators_and_globals_message(tmp_path: Path) -> None:
    catalog = (
        "plot:\n  type: matplotlib.MatplotlibDataset\n  filepath: data\\08_reporting\\plot.png\n"
        "fine:\n  type: pandas.CSVDataset\n  filepath: data/08_reporting/fine.csv\n"
        "shared:\n  type: pandas.CSVDataset\n  filepath: ${globals:root}/x.csv\n"
        "local:\n  type: pandas.CSVDataset\n  filepath: ${globals:layer}/y.csv\n"
        "remote:\n  type: pandas.CSVDataset\n  filepath: s3://bucket/raw/z.csv\n"
    )
    project(
        tmp_path,
        {
            CATALOG: catalog,
            "conf/base/globals.yml": "root: /home/ana/data\nlayer: data/01_raw\n",
        },
    )
    result = run(tmp_path, select=["SL403"])
    assert {(f.path, f.line) for f in result.findings} == {(CATALOG, 3), (CATALOG, 9)}
    windows, absolute = messages(result, "SL403")
    assert "Windows separators" in windows
    assert "Write it with `/` (`data/08_reporting/plot.png`)" in windows
    assert absolute.startswith(
        "`filepath` of `shared` is absolute: `/home/ana/data/x.csv` (from "
        "`${globals:root}/x.csv`). Use a path under `data/`"
    )
    assert "``" not in absolute and absolute.count("`") % 2 == 0


# ---------------------------------------------------------------------------------------------
# SL204: the wall clock read for a logged duration, beside readings that reach the data

SL204_CASES = {
    "logged-durations-silent": """
        import logging
        import time
        from datetime import datetime

        logger = logging.getLogger(__name__)
        cron_log = open("cron.log", "a+")

        def process(companies):
            start = time.time()
            out = companies.dropna()
            logger.info("cleaned in %.2fs", time.time() - start)
            began = datetime.now()
            logger.info("started %s ago", datetime.now() - began)
            t0 = time.time()
            out = out.drop_duplicates()
            took = round(time.time() - t0, 2)
            cron_log.write("took {0} s".format(round(time.time() - t0)))
            print(f"deduplicated in {took}s")
            logger.debug("total {:.1f} min".format((time.time() - start) / 60))
            print(f"progress at {datetime.today()}: {len(out)} rows")
            logger.info("finished %s", datetime.now().isoformat())
            return out
    """,
    "clock-into-data-fires": """
        import time
        from datetime import datetime

        def process(companies, timeout):
            start = time.time()  # expect: SL204
            companies["loaded_at"] = time.time()  # expect: SL204
            while time.time() - start < timeout:  # expect: SL204
                break
            t1 = time.time()  # expect: SL204
            stamp = datetime.today().isoformat()  # expect: SL204
            return companies, time.time() - t1, stamp  # expect: SL204
    """,
}


@pytest.mark.parametrize("source", SL204_CASES.values(), ids=SL204_CASES.keys())
def test_sl204_durations_only_logged(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL204", source)


# ---------------------------------------------------------------------------------------------
# SL205: each API's own seed keyword in the message


def test_sl205_messages_use_each_apis_seed_keyword(tmp_path: Path) -> None:
    source = """
        from sklearn.model_selection import train_test_split

        def process(companies, sdf, pldf, seed):
            a, b = sdf.randomSplit([0.8, 0.2])  # expect: SL205
            c = sdf.sample(False, 0.1)  # expect: SL205
            d = sdf.sample(withReplacement=False, fraction=0.1)  # expect: SL205
            e = pldf.sample(fraction=0.1, with_replacement=True)  # expect: SL205
            f = companies.sample(frac=0.1)  # expect: SL205
            g = train_test_split(companies, test_size=0.2)  # expect: SL205
            h = companies.sample(n=100)  # expect: SL205
            i = sdf.randomSplit([0.8, 0.2], seed)
            j = sdf.sample(False, 0.1, seed)
            k = companies.sample(frac=0.1, random_state=seed)
            return a, b, c, d, e, f, g, h, i, j, k
    """
    check(tmp_path, "SL205", source)
    spark_split, spark_pos, spark_kw, polars, pandas, sklearn, either = messages(
        run(tmp_path, select=["SL205"]), "SL205"
    )
    for message in (spark_split, spark_pos, spark_kw, polars):
        assert "seed=seed)`" in message and "random_state" not in message, message
    assert "`randomSplit(..., seed=seed)`" in spark_split
    for message in (pandas, sklearn):
        assert "random_state=seed)`" in message and " seed=" not in message, message
    assert "`sample(..., random_state=seed)` (pandas)" in either
    assert "`sample(..., seed=seed)` (Spark, polars)" in either


# ---------------------------------------------------------------------------------------------
# SL103: tokenizer tokens, pydantic fields, placeholders, secret-manager references

SL103_CASES = {
    "tokenizers-fields-and-references": """
        import os

        from pydantic import BaseModel, Field

        class Settings(BaseModel):
            password: str = Field(..., description="The database password")
            api_key: str = Field(default="<api-key>", alias="apiKey")
            db_password: str = "s3cr3t-Pa55"  # expect: SL103

        def process(companies, tokenizer):
            tokenizer.pad_token = "[PAD]"
            tokenizer.add_special_tokens({"pad_token": "[PAD]", "mask_token": "[MASK]"})
            cls_token, eos_token = "[CLS]", "</s>"
            unk_token = "[UNK]"
            password = "<password>"
            key = os.environ["API_KEY"]
            secret = "projects/acme/secrets/db-password/versions/latest"
            client_secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"
            token = "Bearer"
            api_key = "https://vault.example.com/v1/secret/data/rates"
            github_token = "9f8e7d6c5b4a39281706"  # expect: SL103
            auth_token = "[ADMIN]x9f8e7d6c5b4a"  # expect: SL103
            db_secret = "postgresql://etl:hunter22@db.internal/sales"  # expect: SL103
            return key, password, secret, client_secret, token, api_key, unk_token
    """,
}


@pytest.mark.parametrize("source", SL103_CASES.values(), ids=SL103_CASES.keys())
def test_sl103_real_project_shapes(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL103", source)


def test_sl403_databricks_storage_and_empty_catalog_variables(tmp_path: Path) -> None:
    """DBFS and Unity Catalog volumes are the portable paths of a Databricks project; a
    catalog-local variable left empty is unknown, never the text `None`."""
    catalog = (
        "_uc_catalog:\n_uc_schema:\n_scratch:\n"
        "iris:\n  type: spark.SparkDataset\n  filepath: /dbfs/FileStore/iris/iris.csv\n"
        "bronze:\n  type: pandas.CSVDataset\n"
        "  filepath: /Volumes/${_uc_catalog}/${_uc_schema}/bronze/companies.csv\n"
        "scratch:\n  type: pandas.CSVDataset\n  filepath: /home/${_scratch}/x.csv\n"
        "laptop:\n  type: pandas.CSVDataset\n  filepath: /Users/ana/iris.csv\n"
    )
    project(tmp_path, {CATALOG: catalog})
    result = run(tmp_path, select=["SL403"])
    assert {(f.path, f.line) for f in result.findings} == {(CATALOG, 12), (CATALOG, 15)}
    for message in messages(result, "SL403"):
        assert "None" not in message and "``" not in message, message


# ---------------------------------------------------------------------------------------------
# Found by running structlint on real projects (the lead's wildeval list)

WILD_SL101 = {
    "path-under-a-url-constant": """
        import pandas as pd
        import requests

        BASE_URL = "https://storage.googleapis.com/acme-open-data/"

        def process(companies, day, base_url):
            a = requests.get(f"{BASE_URL}Validacion/v{day}.csv")
            b = pd.read_csv(base_url + "raw/" + day + ".csv")
            c = pd.read_csv(f"{companies}/raw/{day}.csv")  # expect: SL101
            return a, b, c
    """,
}
WILD_SL102 = {
    "ui-links-for-messages": """
        import logging

        import requests

        logger = logging.getLogger(__name__)

        def process(companies, project, run_id):
            console = f"https://console.cloud.google.com/bigquery?project={project}"
            ui = f"http://localhost:5000/#/experiments/1/runs/{run_id}"
            logger.info("results: %s, run: %s", console, ui)
            return requests.get(f"https://bigquery.googleapis.com/v2/{project}")  # expect: SL102

        def build_dashboard_link(version: str) -> str:
            tmpl = f"https://data.dev.acme.org/versions/{version}/evidence/"
            return tmpl

        class Normalizer:
            def __init__(self, domain: str = "https://nodenorm.acme.io"):  # expect: SL102
                self.url = domain

        def build_export_source(version: str) -> str:
            return f"https://data.dev.acme.org/versions/{version}/export"  # expect: SL102

        def unused(project):
            api = requests.get(f"https://bigquery.googleapis.com/v2/{project}")  # expect: SL102
            return api
    """,
}


@pytest.mark.parametrize("source", WILD_SL101.values(), ids=WILD_SL101.keys())
def test_sl101_wild(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL101", source)


@pytest.mark.parametrize("source", WILD_SL102.values(), ids=WILD_SL102.keys())
def test_sl102_wild(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL102", source)


def test_location_rules_skip_dataset_classes(tmp_path: Path) -> None:
    """A custom dataset is where the catalog's I/O is written; its defaults are its own. The
    same literal in a helper next to it still fires."""
    source = """
        from kedro.io import AbstractDataset

        class OpenAIModelDataset(AbstractDataset[dict, str]):
            def __init__(self, credentials: dict, filepath: str = "data/06_models/prompt.json"):
                self.base_url = credentials.get("base_url", "https://api.openai.com/v1")
                self.filepath = filepath

            def _load(self):
                return open("/tmp/openai/cache.json").read()

            def _save(self, data):
                raise NotImplementedError

            def _describe(self):
                return {}

        class Helper:
            URL = "https://api.openai.com/v1"  # expect: SL102
            PROMPTS = "data/06_models/prompt.json"  # expect: SL101
    """
    check(tmp_path / "a", "SL101", source, path="src/demo/datasets/openai_dataset.py")
    check(tmp_path / "b", "SL102", source, path="src/demo/datasets/openai_dataset.py")
