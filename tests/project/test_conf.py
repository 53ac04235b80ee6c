"""The static view of conf/: patterns, environments, anchors, interpolation, factories."""

from __future__ import annotations

from pathlib import Path

from structlint.project.conf import Conf, load_yaml, matches_patterns, read_settings


def _conf(tmp: Path, files: dict[str, str], settings: str | None = None) -> Conf:
    for rel, text in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")

    def read(rel: str) -> str | None:
        p = tmp / rel
        return p.read_text("utf-8") if p.is_file() else None

    return Conf(tmp, read, settings)


def test_patterns_like_omegaconfigloader() -> None:
    pats = ["catalog*", "catalog*/**", "**/catalog*"]
    assert matches_patterns("catalog.yml", pats)
    assert matches_patterns("catalog_extra.yml", pats)
    assert matches_patterns("catalogs/a.yml", pats)
    assert matches_patterns("catalog/deep/b.yml", pats)
    assert matches_patterns("sub/catalog.yml", pats)
    assert not matches_patterns("parameters.yml", pats)
    assert not matches_patterns("sub/my_catalog.yml", pats)


def test_settings_read_statically() -> None:
    s = read_settings(
        'CONF_SOURCE = "settings_conf"\n'
        'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "dev",\n'
        '  "config_patterns": {"spark": ["spark*"], "parameters": ["params*"]},\n'
        '  "merge_strategy": {"parameters": "soft"}}\n',
        "settings.py",
    )
    assert (s.conf_source, s.base_env, s.run_env) == ("settings_conf", "base", "dev")
    assert s.patterns["parameters"] == ["params*"]
    assert s.patterns["catalog"] == ["catalog*", "catalog*/**", "**/catalog*"]
    assert s.merge_strategy == {"parameters": "soft"}


def test_positions_anchors_and_merges() -> None:
    data, err = load_yaml(
        "_csv: &csv\n  type: pandas.CSVDataset\na:\n  <<: *csv\n  filepath: data/01_raw/a.csv\n",
        "conf/base/catalog.yml",
    )
    assert err is None
    assert data["a"]["type"] == "pandas.CSVDataset"
    assert data.locs["a"].line == 3 and data.locs["a"].column == 1
    assert data["a"].locs["filepath"].line == 5
    assert data["a"].locs["type"].line == 2  # where the merged key is written


def test_broken_yaml_position() -> None:
    _, err = load_yaml("a:\n  b: [1, 2\nc: 3\n", "conf/base/parameters.yml")
    assert err is not None and err.line >= 2


def test_base_and_local_merge_and_templates(tmp_path: Path) -> None:
    conf = _conf(
        tmp_path,
        {
            "conf/base/catalog.yml": (
                "_t:\n  type: MemoryDataset\na:\n  type: x.A\nb:\n  type: x.B\n"
            ),
            "conf/base/catalog/more.yml": "c:\n  type: x.C\n",
            "conf/local/catalog.yml": "a:\n  type: x.LocalA\n",
            "conf/prod/catalog.yml": "p:\n  type: x.P\n",
            "conf/base/parameters.yml": "alpha: 1\nnested:\n  deep:\n    k: 2\n",
            "conf/local/parameters.yml": "alpha: 5\n",
        },
    )
    assert set(conf.catalog) == {"a", "b", "c"}
    assert conf.catalog["a"].config["type"] == "x.LocalA"
    assert conf.catalog["a"].base_loc.path == "conf/base/catalog.yml"
    assert conf.parameters["alpha"] == 5
    assert conf.has_parameter("nested.deep.k")
    assert conf.has_parameter("nested.deep")
    assert not conf.has_parameter("nested.deep.x")
    assert conf.parameter_locs["alpha"][0].path == "conf/base/parameters.yml"


def test_custom_run_env_and_conf_source(tmp_path: Path) -> None:
    conf = _conf(
        tmp_path,
        {
            "settings_conf/base/catalog.yml": "a:\n  type: x.A\n",
            "settings_conf/dev/catalog.yml": "d:\n  type: x.D\n",
            "settings_conf/local/catalog.yml": "l:\n  type: x.L\n",
        },
        'CONF_SOURCE = "settings_conf"\nCONFIG_LOADER_ARGS = {"default_run_env": "dev"}\n',
    )
    assert set(conf.catalog) == {"a", "d"}


def test_interpolation(tmp_path: Path) -> None:
    conf = _conf(
        tmp_path,
        {
            "conf/base/globals.yml": "folders:\n  raw: data/01_raw\n",
            "conf/base/catalog.yml": (
                "a:\n  type: pandas.CSVDataset\n  filepath: ${globals:folders.raw}/a.csv\n"
                "b:\n  type: pandas.CSVDataset\n  filepath: ${oc.env:HOME}/b.csv\n"
            ),
            "conf/base/parameters.yml": (
                "size: ${runtime_params:size, 10}\n"
                "opaque: ${runtime_params:opaque}\n"
                "copy: ${size}\n"
            ),
        },
    )
    assert conf.resolved(conf.catalog["a"])["filepath"] == "data/01_raw/a.csv"
    assert not isinstance(conf.resolved(conf.catalog["b"])["filepath"], str)
    assert conf.has_parameter("size")
    assert conf.has_parameter("opaque.anything.below")
    assert "size" in conf.interpolated_parameter_heads


def test_factory_pattern_precedence(tmp_path: Path) -> None:
    conf = _conf(
        tmp_path,
        {
            "conf/base/catalog.yml": (
                '"{default}":\n  type: MemoryDataset\n'
                '"{namespace}.{name}":\n  type: pandas.ParquetDataset\n'
                "  filepath: data/02_intermediate/{namespace}/{name}.pq\n"
                '"{name}_csv":\n  type: pandas.CSVDataset\n'
                "  filepath: data/01_raw/{name}.csv\n"
            ),
        },
    )
    assert [p.name for p in conf.patterns] == ["{name}_csv", "{namespace}.{name}", "{default}"]
    hit, groups = conf.match_pattern("shuttles_csv")
    assert hit.name == "{name}_csv" and groups == {"name": "shuttles"}
    assert conf.dataset_config("ns.model")[0]["filepath"] == "data/02_intermediate/ns/model.pq"
    assert conf.match_pattern("plain")[0].name == "{default}"
    assert conf.defines("x@spark")
