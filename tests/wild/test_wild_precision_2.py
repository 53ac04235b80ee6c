"""Second round of real-project shapes (issue 11): false findings left after the first round
and projects where the graph checks were off while the run said nothing. Each test writes a
small project from the description of a case, the look-alike that must stay silent beside the
case that must still fire (or the note that must be said beside the project that needs none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from structlint.core.findings import CLOSING_NOTE
from structlint.project.datasets import installed_dataset_types
from structlint.project.kedro_version import declared_requirement
from tests.helpers import found, git_add_all, run, write_project


def _lines(result, code: str) -> list[tuple[str, int]]:
    return sorted((p, line) for p, line, c in found(result) if c == code)


def _closing(result) -> list[str]:
    # These projects are not in git: the note that SL502/SL505 checked nothing is not the point.
    return [
        n[len(CLOSING_NOTE) :]
        for n in result.notes
        if n.startswith(CLOSING_NOTE) and "could not check which files git tracks" not in n
    ]


# --------------------------------------------------------------------------- SL408


def test_exact_pin_wins_over_a_looser_line_on_the_same_distribution(tmp_path: Path) -> None:
    # The shape of a requirements.txt that names kedro-datasets for its extras, then pins it.
    (tmp_path / "requirements.txt").write_text(
        "kedro==1.0.0\nkedro-datasets[pandas-csvdataset, matplotlib-matplotlibwriter]>=3.0\n"
        "pandas==2.2.3\nkedro-datasets==8.1.0\n"
    )

    def read(rel: str) -> str | None:
        p = tmp_path / rel
        return p.read_text() if p.is_file() else None

    req = declared_requirement(read, "kedro-datasets", tmp_path)
    assert req is not None and req.spec == "==8.1.0"
    # Without an exact pin, the first line with a version clause still stands.
    (tmp_path / "requirements.txt").write_text("kedro-datasets\nkedro-datasets>=3.0,<9\n")
    req = declared_requirement(read, "kedro-datasets", tmp_path)
    assert req is not None and req.spec == ">=3.0,<9"


_PLOTS = (
    "plot:\n  type: matplotlib.MatplotlibWriter\n  filepath: data/08_reporting/plot.png\n"
    "companies:\n  type: pandas.CSVDatset\n  filepath: data/01_raw/companies.csv\n"
)


@pytest.mark.skipif(
    "kedro_datasets.matplotlib.MatplotlibWriter" in installed_dataset_types()[0]
    or not installed_dataset_types()[1],
    reason="needs a kedro-datasets without MatplotlibWriter (9.x) installed",
)
def test_sl408_pin_further_down_a_requirements_file(tmp_path: Path) -> None:
    pinned = tmp_path / "pinned"
    write_project(
        pinned,
        {
            "conf/base/catalog.yml": _PLOTS,
            "src/demo/__init__.py": "",
            "requirements.txt": (
                "kedro-datasets[pandas-csvdataset, matplotlib-matplotlibwriter]>=3.0\n"
                "kedro-datasets==8.1.0\n"
            ),
        },
    )
    result = run(pinned, select=["SL408"])
    # The renamed class is not guessed at (8.1.0 has it); the slip is still reported.
    assert _lines(result, "SL408") == [("conf/base/catalog.yml", 5)]
    closing = _closing(result)
    assert len(closing) == 1 and "matplotlib.MatplotlibWriter" in closing[0], closing
    assert "kedro-datasets==8.1.0" in closing[0] and "SL408" in closing[0]
    # Only the loose line: the installed version satisfies it, so it is the one to judge by.
    loose = tmp_path / "loose"
    write_project(
        loose,
        {
            "conf/base/catalog.yml": _PLOTS,
            "src/demo/__init__.py": "",
            "requirements.txt": "kedro-datasets[matplotlib-matplotlibwriter]>=3.0\n",
        },
    )
    result = run(loose, select=["SL408"])
    assert _lines(result, "SL408") == [("conf/base/catalog.yml", 2), ("conf/base/catalog.yml", 5)]
    assert _closing(result) == []


@pytest.mark.skipif(
    "kedro_datasets.matplotlib.MatplotlibWriter" in installed_dataset_types()[0]
    or not installed_dataset_types()[1],
    reason="needs a kedro-datasets without MatplotlibWriter (9.x) installed",
)
def test_sl408_open_range_under_kedro_019_is_not_judged_by_kedro_datasets_9(
    tmp_path: Path,
) -> None:
    deps = 'dependencies = ["kedro-datasets>=6.0.0", "kedro~=0.19.15"]\n'
    kedro1 = 'dependencies = ["kedro-datasets>=6.0.0", "kedro~=1.0"]\n'
    for name, extra, want in (
        ("kedro019", deps, [("conf/base/catalog.yml", 5)]),
        ("kedro1", kedro1, [("conf/base/catalog.yml", 2), ("conf/base/catalog.yml", 5)]),
    ):
        root = tmp_path / name
        pyproject = (
            '[project]\nname = "demo"\nversion = "0.1.0"\n' + extra + "\n[tool.kedro]\n"
            'package_name = "demo"\nproject_name = "demo"\nsource_dir = "src"\n'
        )
        write_project(
            root,
            {
                "pyproject.toml": pyproject,
                "conf/base/catalog.yml": _PLOTS,
                "src/demo/__init__.py": "",
            },
        )
        result = run(root, select=["SL408"])
        # Kedro 0.19 installs a kedro-datasets 7.x, which has MatplotlibWriter; Kedro 1.x may
        # install the 9.x that was read, which has not.
        assert _lines(result, "SL408") == want, name
        assert bool(_closing(result)) == (name == "kedro019"), name


# --------------------------------------------------------------------------- what was not checked

_NODES = "def clean(df):\n    return df.dropna()\n"
_PIPELINE = (
    "from kedro.pipeline import Pipeline, node\n\nfrom .nodes import clean\n\n\n"
    "def create_pipeline(**kwargs) -> Pipeline:\n"
    '    return Pipeline([node(clean, "raw", "clean")])\n'
)


def test_pipelines_not_modelled_without_package_name_are_said(tmp_path: Path) -> None:
    # No [tool.kedro] table and the registry in an odd place: nothing can be followed.
    odd = tmp_path / "odd"
    write_project(
        odd,
        {
            "pyproject.toml": '[project]\nname = "credit"\nversion = "0.1.0"\n',
            "src/credit/__init__.py": "",
            "src/credit/pipelines/__init__.py": "",
            "src/credit/pipelines/pipeline_registry.py": (
                "def register_pipelines():\n    return {}\n"
            ),
            "src/credit/pipelines/prep/__init__.py": "",
            "src/credit/pipelines/prep/nodes.py": _NODES,
            "src/credit/pipelines/prep/pipeline.py": _PIPELINE,
        },
    )
    closing = _closing(run(odd))
    assert len(closing) == 1, closing
    note = closing[0]
    assert "no pipeline was modelled" in note and "package_name" in note
    assert "src/credit/pipelines/" in note and "SL401" in note and "SL402" in note
    # A folder of plain Python without pipeline code is not a Kedro project yet: no note.
    plain = tmp_path / "plain"
    write_project(
        plain,
        {
            "pyproject.toml": '[project]\nname = "tool"\nversion = "0.1.0"\n',
            "src/tool/__init__.py": "",
            "src/tool/helpers.py": _NODES,
        },
    )
    assert _closing(run(plain)) == []


def _templated(catalog: str) -> dict[str, str]:
    return {
        "src/demo/__init__.py": "",
        "src/demo/settings.py": (
            "from kedro.config import TemplatedConfigLoader\n\n"
            "CONFIG_LOADER_CLASS = TemplatedConfigLoader\n"
        ),
        "src/demo/pipeline_registry.py": (
            "from kedro.pipeline import Pipeline\n\n\n"
            "def register_pipelines() -> dict[str, Pipeline]:\n"
            '    return {"__default__": Pipeline([])}\n'
        ),
        "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: x.csv\n",
        "conf/base/catalog_features.yml": catalog,
    }


def test_jinja_catalog_whose_entry_names_are_made_by_the_template_is_said(tmp_path: Path) -> None:
    made = tmp_path / "made"
    write_project(
        made,
        _templated(
            "{% set kinds = ['weighting', 'scaling'] %}\n{% for kind in kinds %}\n"
            "features.feat_{{ kind }}_metrics:\n  type: pandas.ParquetDataset\n"
            "  filepath: data/04_feature/feat_{{ kind }}.pq\n{% endfor %}\n"
        ),
    )
    closing = _closing(run(made))
    assert len(closing) == 1, closing
    assert "conf/base/catalog_features.yml is a Jinja2 template" in closing[0]
    assert "SL401" in closing[0] and "SL402" in closing[0]
    # A template whose entry names are all written out: every entry is read, nothing to say.
    named = tmp_path / "named"
    write_project(
        named,
        _templated(
            "{% set base = 'data/04_feature' %}\nfeatures.weighting:\n"
            "  type: pandas.ParquetDataset\n  filepath: {{ base }}/weighting.pq\n"
        ),
    )
    assert _closing(run(named)) == []


# --------------------------------------------------------------------------- SL405 / SL502


def test_base_credentials_with_settings_and_file_urls_hold_no_secret(tmp_path: Path) -> None:
    shared = (
        "# secrets come from the environment\n"
        "neo4j_credentials:\n"
        "  authentication.type: basic\n"
        "  authentication.basic.username: ${globals:neo4j.user}\n"
        "  authentication.basic.password: ${globals:neo4j.password}\n"
        "sqlite_credentials:\n"
        "  con: sqlite:///${globals:paths.raw}/ids.sqlite\n"
    )
    leaky = "warehouse:\n  auth_type: basic\n  con: postgresql://etl:${oc.env:PW}@db/sales\n"
    gitignore = "conf/local/**\n!conf/local/.gitkeep\n"
    for name, text, fires in (("shared", shared, False), ("leaky", leaky, True)):
        root = tmp_path / name
        write_project(
            root,
            {
                "conf/base/credentials.yml": text,
                "conf/base/catalog.yml": "{}\n",
                "conf/local/.gitkeep": "",
                ".gitignore": gitignore,
                "src/demo/__init__.py": "",
            },
        )
        git_add_all(root)
        result = run(root, select=["SL405", "SL502"])
        want = [("conf/base/credentials.yml", 1)] if fires else []
        assert _lines(result, "SL405") == want, name
        assert _lines(result, "SL502") == want, name


# --------------------------------------------------------------------------- SL204


def test_sl204_wall_clock_that_only_paces_requests(tmp_path: Path) -> None:
    nodes = """\
        import time

        import requests


        def fetch(url):
            start_time = time.time()
            response = requests.get(url)
            elapsed = time.time() - start_time
            time.sleep(max(elapsed, 0.1))
            return response.json()


        def stamp(rows):
            started = time.time()
            return {"rows": rows, "took": time.time() - started}
        """
    write_project(tmp_path, {"src/demo/pipelines/web/nodes.py": nodes})
    path = "src/demo/pipelines/web/nodes.py"
    # The paced request stays silent; the duration returned with the output is reported.
    assert _lines(run(tmp_path, select=["SL204"]), "SL204") == [(path, 15), (path, 16)]


# --------------------------------------------------------------------------- SL505


def test_sl505_prompt_templates_loaded_as_prompts_are_source(tmp_path: Path) -> None:
    catalog = (
        "tool_prompt:\n  type: kedro_datasets_experimental.langchain.PromptDataset\n"
        "  filepath: data/answer/prompts/tool.txt\n  template: PromptTemplate\n"
        "  dataset:\n    type: text.TextDataset\n"
        "notes:\n  type: text.TextDataset\n  filepath: data/answer/prompts/notes.txt\n"
    )
    write_project(
        tmp_path,
        {
            "conf/base/catalog.yml": catalog,
            # Another environment's prompt entry counts too (a provider's own prompt store).
            "conf/langfuse/catalog.yml": (
                "intent_prompt:\n"
                "  type: kedro_datasets_experimental.langfuse.LangfusePromptDataset\n"
                "  filepath: data/intent/prompts/intent.json\n"
            ),
            "conf/local/.gitkeep": "",
            ".gitignore": "conf/local/**\n!conf/local/.gitkeep\n",
            "data/answer/prompts/tool.txt": "You are a support assistant.\n",
            "data/intent/prompts/intent.json": "[]\n",
            "data/answer/prompts/notes.txt": "free text the pipeline reads as data\n",
            "src/demo/__init__.py": "",
        },
    )
    git_add_all(tmp_path)
    # The prompts stay silent; the text file read as plain text is data like any other.
    assert _lines(run(tmp_path, select=["SL505"]), "SL505") == [
        ("data/answer/prompts/notes.txt", 1)
    ]


# --------------------------------------------------------------------------- SL506


def test_sl506_wiring_helper_that_reads_the_project_settings(tmp_path: Path) -> None:
    pipeline = """\
        from kedro.pipeline import Pipeline, node

        from demo import settings

        from .nodes import done


        def sentinel_inputs(is_patch: bool) -> list[str]:
            outputs = ["release.edges", "release.nodes"] + [
                f"integration.{s['name']}.summary" for s in settings.SOURCES().get("integration")
            ]
            return outputs if is_patch else outputs + ["release.kg"]


        def source_names() -> list[str]:
            import pandas as pd

            return list(pd.read_csv("sources.csv")["name"])


        def create_pipeline(**kwargs) -> Pipeline:
            return Pipeline(
                [node(done, sentinel_inputs(False) + source_names(), "release.dummy")]
            )
        """
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/settings.py": "def SOURCES():\n    return {'integration': []}\n",
            "src/demo/pipelines/release/__init__.py": "",
            "src/demo/pipelines/release/nodes.py": "def done(*args):\n    return True\n",
            "src/demo/pipelines/release/pipeline.py": pipeline,
        },
    )
    # The helper that builds names from the settings is wiring; the one that reads a file is not.
    assert _lines(run(tmp_path, select=["SL506"]), "SL506") == [
        ("src/demo/pipelines/release/pipeline.py", 15)
    ]


# --------------------------------------------------------------------------- SL205


def test_sl205_jitter_between_requests_is_not_randomness_in_the_output(tmp_path: Path) -> None:
    nodes = """\
        import random
        import time


        def resolve(names):
            out = {}
            for name in names:
                time.sleep(random.randint(5, 10))
                out[name] = name.upper()
            return out


        def pick(names):
            time.sleep(1)
            return random.choice(names)
        """
    write_project(tmp_path, {"src/demo/pipelines/web/nodes.py": nodes})
    # The wait is random, the output is not; the drawn pick is.
    assert _lines(run(tmp_path, select=["SL205"]), "SL205") == [
        ("src/demo/pipelines/web/nodes.py", 15)
    ]


def test_sl204_time_written_only_into_a_record_of_the_run(tmp_path: Path) -> None:
    nodes = """\
        import json
        from datetime import datetime


        def end_session(db_engine, session_id, query):
            ended_at = datetime.utcnow()
            with db_engine.begin() as conn:
                conn.execute(query, {"ended_at": ended_at, "session_id": session_id})
            return session_id


        def set_status(status, f):
            json.dump({"status": status, "time": datetime.now().strftime("%H:%M")}, f)


        def tag(rows):
            return {"rows": rows, "loaded_at": datetime.now()}
        """
    write_project(tmp_path, {"src/demo/pipelines/web/nodes.py": nodes})
    # The run's own records stay silent; a time that goes into the output is reported.
    assert _lines(run(tmp_path, select=["SL204"]), "SL204") == [
        ("src/demo/pipelines/web/nodes.py", 17)
    ]
