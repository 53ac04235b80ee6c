"""Project settings: how Kedro builds a session, its configuration and its catalog.

Kedro reads this module before it does anything else for a `kedro` command, a
`KedroSession` or `kedro ipython`. Every setting below is optional; the commented
ones show Kedro 1.7's default (or an example) and what the setting is for. See
https://docs.kedro.org/en/stable/configure/configuration_basics/
"""

import warnings

# Kedro 1.7's config loader calls omegaconf 2.4's deprecated register_new_resolver()
# four times per session. This module is imported before the loader is built, so the
# filter keeps every `kedro` command quiet; pytest filters the same warning in
# pyproject.toml. Remove both once Kedro switches to omegaconf's register_resolver().
warnings.filterwarnings(
    "ignore",
    message=r"register_new_resolver\(\) is deprecated",
    category=UserWarning,
)

# Hooks: objects whose @hook_impl methods Kedro calls around runs, nodes and datasets.
{%- if cookiecutter.include_example == "yes" and cookiecutter.dataframe_library == "pyspark" %}
# SparkHooks starts the Spark session (configured by conf/<env>/spark.yml) as soon as
# Kedro has built the context, before any dataset is loaded.
from {{ cookiecutter.python_package }}.hooks import SparkHooks  # noqa: E402

HOOKS = (SparkHooks(),)
{%- else %}
# from {{ cookiecutter.python_package }}.hooks import ProjectHooks
# HOOKS = (ProjectHooks(),)
{%- endif %}

# Plugins whose hooks are installed with them but that this project switches off,
# by distribution name.
# DISABLE_HOOKS_FOR_PLUGINS = ("kedro-viz",)

# The class of the session that every `kedro` command opens (subclass KedroSession to
# change how a run starts).
# from kedro.framework.session import KedroSession
# SESSION_CLASS = KedroSession

# Where `kedro run` records session data: the default store keeps nothing; kedro-viz's
# SQLiteStore keeps run history for its experiment tracking view.
# from kedro.framework.session.store import BaseSessionStore
# SESSION_STORE_CLASS = BaseSessionStore
# SESSION_STORE_ARGS = {"path": "./sessions"}

# The folder that holds the configuration environments (base, local, ...), relative
# to the project root; a .zip or .tar.gz archive of it also works.
# CONF_SOURCE = "conf"

# The class that reads conf/ (OmegaConfigLoader: YAML, ${...} interpolation, globals,
# custom resolvers).
# from kedro.config import OmegaConfigLoader
# CONFIG_LOADER_CLASS = OmegaConfigLoader

# Arguments of the config loader. base_env is shared by all; default_run_env is the
# environment that `kedro run` layers on top unless `--env <name>` picks another.
# merge_strategy "soft" merges nested keys across environments: a
# conf/<env>/parameters_<pipeline>.yml may hold just the keys it changes (e.g.
# model_options.alpha) and keeps the rest from conf/base. Without it ("destructive",
# Kedro's default) an environment's top-level key replaces the base one whole.
# Other arguments: config_patterns (which files are "catalog", "parameters", ...) and
# custom_resolvers ({"name": callable} for ${name:...} in YAML).
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    "merge_strategy": {"parameters": "soft"},
{%- if cookiecutter.include_example == "yes" and cookiecutter.dataframe_library == "pyspark" %}
    # conf/<env>/spark.yml: the Spark session's settings, read by hooks.py
    "config_patterns": {"spark": ["spark*", "spark*/**"]},
{%- endif %}
}

# The class of the project's KedroContext (subclass it to change how the context
# builds the catalog or reads parameters).
# from kedro.framework.context import KedroContext
# CONTEXT_CLASS = KedroContext

# The class of the Data Catalog that Kedro builds from conf/<env>/catalog*.yml.
# from kedro.io import DataCatalog
# DATA_CATALOG_CLASS = DataCatalog

# Whether the `validator:` keys of catalog entries are checked on load and save (the
# KEDRO_DATASET_VALIDATION environment variable, when set, wins).
# DATASET_VALIDATION = True

# Modules besides kedro.runner and this package from which Kedro's HTTP server accepts
# a runner given by dotted path.
# RUNNER_MODULE_ALLOWLIST = ("my_company.runners",)
