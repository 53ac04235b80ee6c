"""SL5xx: project layout and hygiene (the Kedro folders, tests, git)."""
