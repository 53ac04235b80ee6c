"""`python -m structlint.registry --write-table` / `--check`: the command the docs and the
error messages name; the registry itself is `structlint.rules.registry`."""

if __name__ == "__main__":
    import runpy

    runpy.run_module("structlint.rules.registry", run_name="__main__", alter_sys=True)
