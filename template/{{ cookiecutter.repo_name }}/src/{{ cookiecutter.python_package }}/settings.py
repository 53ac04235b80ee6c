"""Project settings. There is no need to edit this file unless you want to change
values from the Kedro defaults. For the settings and their defaults, see
https://docs.kedro.org/en/stable/configure/configuration_basics/
"""

# Instantiated project hooks, e.g. from {{ cookiecutter.python_package }}.hooks import ProjectHooks
# HOOKS = (ProjectHooks(),)

# Directory that holds configuration.
# CONF_SOURCE = "conf"

# Configuration environments: conf/base holds the shared configuration, conf/local the
# machine's own (credentials, local paths). `kedro run --env <name>` picks another one.
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
}
