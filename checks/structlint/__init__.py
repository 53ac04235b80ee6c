"""structlint: keep Kedro projects structured, statically."""

__version__ = "0.1.0"

DOCS_URL = "https://kedro-structlint.readthedocs.io/en/latest"


def rule_url(code: str) -> str:
    """The documentation page of a rule; the docs site builds one page per code at this path."""
    return f"{DOCS_URL}/rules/{code}/"
