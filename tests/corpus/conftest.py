# The corpus projects carry their own tests/: data for structlint, not tests to run.
collect_ignore_glob = ["*/project/*"]
