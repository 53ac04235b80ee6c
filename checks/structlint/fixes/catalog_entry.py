"""A catalog entry for data a node read or wrote itself: its name, type, arguments and file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.parameters_entry import literal_value

# Reader (qualified name) -> (dataset type, fixed arguments of the entry).
READERS: dict[str, tuple[str, dict[str, Any]]] = {
    "pandas.read_csv": ("pandas.CSVDataset", {}),
    "pandas.read_parquet": ("pandas.ParquetDataset", {}),
    "pandas.read_excel": ("pandas.ExcelDataset", {}),
    "pandas.read_json": ("pandas.JSONDataset", {}),
    "pandas.read_feather": ("pandas.FeatherDataset", {}),
    "pandas.read_xml": ("pandas.XMLDataset", {}),
    "polars.read_csv": ("polars.CSVDataset", {}),
    "polars.read_parquet": ("polars.EagerPolarsDataset", {"file_format": "parquet"}),
    "polars.read_ipc": ("polars.EagerPolarsDataset", {"file_format": "ipc"}),
    "polars.read_json": ("polars.EagerPolarsDataset", {"file_format": "json"}),
    "polars.read_ndjson": ("polars.EagerPolarsDataset", {"file_format": "ndjson"}),
    "polars.read_avro": ("polars.EagerPolarsDataset", {"file_format": "avro"}),
    "polars.scan_parquet": ("polars.LazyPolarsDataset", {"file_format": "parquet"}),
    "polars.scan_csv": ("polars.LazyPolarsDataset", {"file_format": "csv"}),
    "joblib.load": ("pickle.PickleDataset", {"backend": "joblib"}),
}
# `pickle.load(open(p, "rb"))`, `json.load(open(p))`: the opened file's reader.
HANDLE_READERS: dict[str, tuple[str, dict[str, Any]]] = {
    "pickle.load": ("pickle.PickleDataset", {}),
    "json.load": ("json.JSONDataset", {}),
}
# `df.<method>(path, ...)` -> (dataset type, fixed arguments).
WRITER_METHODS: dict[str, tuple[str, dict[str, Any]]] = {
    "to_csv": ("pandas.CSVDataset", {}),
    "to_parquet": ("pandas.ParquetDataset", {}),
    "to_excel": ("pandas.ExcelDataset", {}),
    "to_json": ("pandas.JSONDataset", {}),
    "to_feather": ("pandas.FeatherDataset", {}),
    "write_csv": ("polars.CSVDataset", {}),
    "write_parquet": ("polars.EagerPolarsDataset", {"file_format": "parquet"}),
    "write_ipc": ("polars.EagerPolarsDataset", {"file_format": "ipc"}),
    "write_json": ("polars.EagerPolarsDataset", {"file_format": "json"}),
    "write_ndjson": ("polars.EagerPolarsDataset", {"file_format": "ndjson"}),
}
# `f(obj, path)` writers.
WRITER_FUNCTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "joblib.dump": ("pickle.PickleDataset", {"backend": "joblib"}),
}
HANDLE_WRITERS: dict[str, tuple[str, dict[str, Any]]] = {
    "pickle.dump": ("pickle.PickleDataset", {}),
    "json.dump": ("json.JSONDataset", {}),
}
# Keyword names of a reader's path argument.
PATH_KEYWORDS = frozenset(
    {"filepath_or_buffer", "path", "io", "source", "file", "path_or_buf", "filename", "fname"}
)
_LAYER = re.compile(r"^data/(?P<n>\d\d)_(?P<layer>[A-Za-z0-9_]+)/")


def imports_of(parsed: Parsed) -> dict[str, str]:
    """Local name -> qualified name, from the module's top-level imports."""
    out: dict[str, str] = {}
    for stmt in parsed.module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    full = cst.Module(body=[]).code_for_node(alias.name)
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        out[alias.asname.name.value] = full
                    else:
                        out[full.split(".")[0]] = full.split(".")[0]
            elif (
                isinstance(small, cst.ImportFrom)
                and small.module is not None
                and not small.relative
            ):
                mod = cst.Module(body=[]).code_for_node(small.module)
                if isinstance(small.names, cst.ImportStar):
                    continue
                for alias in small.names:
                    name = cst.Module(body=[]).code_for_node(alias.name)
                    local = (
                        alias.asname.name.value
                        if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                        else name
                    )
                    out[local] = f"{mod}.{name}"
    return out


def qualified(expr: cst.BaseExpression, imports: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    head = imports.get(expr.value, expr.value)
    return ".".join([head, *reversed(parts)])


def data_path(expr: cst.BaseExpression) -> str | None:
    """The literal path of a data file under `data/` (what a catalog `filepath` may hold
    without SL403), else None."""
    if not isinstance(expr, cst.SimpleString):
        return None
    try:
        value = literal_value(expr)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(value, str):
        return None
    value = value.removeprefix("./")
    if not value.startswith("data/") or ".." in value.split("/") or value.endswith("/"):
        return None
    return value


@dataclass
class Entry:
    """A catalog entry to declare (or one that is declared already: `exists`)."""

    name: str
    type: str
    filepath: str
    args: dict[str, Any] = field(default_factory=dict)
    exists: bool = False

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "filepath": self.filepath, **self.args}
        m = _LAYER.match(self.filepath)
        if m:
            out["metadata"] = {"kedro-viz": {"layer": m.group("layer")}}
        return out


def keyword_args(call: cst.Call, skip: int) -> dict[str, Any] | None:
    """The literal keyword arguments of `call` (`sep=";"` -> {"sep": ";"}); None when
    there are more positional arguments than `skip`, a `**`, or a value that is not a
    literal."""
    out: dict[str, Any] = {}
    positional = 0
    for a in call.args:
        if a.star:
            return None
        if a.keyword is None:
            positional += 1
            if positional > skip:
                return None
            continue
        if a.keyword.value in PATH_KEYWORDS:
            continue
        try:
            out[a.keyword.value] = literal_value(a.value)
        except (ValueError, SyntaxError, TypeError):
            return None
    return out


def path_arg(call: cst.Call, position: int) -> cst.BaseExpression | None:
    positional = [a for a in call.args if a.keyword is None and not a.star]
    for a in call.args:
        if a.keyword is not None and a.keyword.value in PATH_KEYWORDS:
            return a.value
    return positional[position].value if len(positional) > position else None


def _identifier(text: str) -> str:
    name = re.sub(r"\W+", "_", text).strip("_").lower() or "data"
    return f"data_{name}" if name[0].isdigit() else name


def choose_entry(
    ctx: FixContext, filepath: str, type_: str, args: dict[str, Any], namespace: str | None
) -> Entry | None:
    """The entry for `filepath`: the one the catalog has for it already, else a new one
    named after the file (`data/01_raw/houses.csv` -> `houses`), or after its layer and the
    file (`raw_houses`) when that name is a dataset already."""
    conf = ctx.project.conf
    prefix = f"{namespace}." if namespace else ""
    for name, entry in conf.catalog.items():
        data = entry.config
        if isinstance(data, dict) and str(data.get("filepath", "")).removeprefix("./") == filepath:
            if data.get("type") != type_ or not name.startswith(prefix):
                return None
            return Entry(name, type_, filepath, args, exists=True)
    taken = set(conf.catalog) | _datasets(ctx)
    stem = _identifier(filepath.rsplit("/", 1)[-1].split(".", 1)[0])
    m = _LAYER.match(filepath)
    candidates = [stem]
    if m:
        candidates.append(f"{m.group('layer')}_{stem}")
    candidates += [f"{stem}_{n}" for n in range(2, 10)]
    for c in candidates:
        if prefix + c not in taken:
            return Entry(prefix + c, type_, filepath, args)
    return None


def _datasets(ctx: FixContext) -> set[str]:
    out: set[str] = set()
    for n, _ in ctx.project.pipelines.unique_nodes():
        out.update(d.name for d in n.inputs)
        out.update(d.name for d in n.outputs)
    return out
