def tidy_columns(columns: list[str]) -> list[str]:
    return [c.strip().lower() for c in columns]
