"""SL302 hardcoded-hyperparameter: a tuning knob written as a literal inside a node function."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, FileRule, Option

if TYPE_CHECKING:
    from structlint.sources.context import FileContext

DEFAULT_NAMES: tuple[str, ...] = (
    "test_size",
    "train_size",
    "random_state",
    "seed",
    "n_estimators",
    "max_depth",
    "min_samples_split",
    "min_samples_leaf",
    "max_features",
    "learning_rate",
    "lr",
    "alpha",
    "l1_ratio",
    "C",
    "gamma",
    "n_components",
    "n_clusters",
    "n_neighbors",
    "epochs",
    "batch_size",
    "max_iter",
    "tol",
    "num_leaves",
    "subsample",
    "colsample_bytree",
    "reg_alpha",
    "reg_lambda",
    "threshold",
    "n_splits",
    "frac",
    "n",
    "q",
    "window",
    "quantile",
    "dropout",
    "hidden_size",
    "num_layers",
    "weight_decay",
    "momentum",
)
# Built-in names whose string values are real choices (`max_features="sqrt"`,
# `gamma="scale"`, `n_components="mle"`). For the other built-in names a string is not a tuning
# value (`q="..."` is a search query); names a user adds accept strings too.
STRING_CHOICES = frozenset(
    {"max_features", "gamma", "n_components", "learning_rate", "threshold", "alpha", "tol"}
)
# `n=` of these methods is a display / string-processing count, not a tuning knob:
# `df.head(n=5)`, `s.str.split("_", n=1)`, `s.str.replace("a", "b", n=1)`.
# `np.diff(x, n=2)` (order), `pl.col("x").shift(n=1)` (a lag of one row), FFT lengths and
# `Counter.most_common(n=...)` are structural too.
N_NOT_TUNING = frozenset(
    {
        "head",
        "tail",
        "limit",
        "split",
        "rsplit",
        "splitn",
        "replace",
        "nth",
        "shorten",
        "most_common",
        "diff",
        "shift",
        "gather_every",
        "fft",
        "ifft",
        "rfft",
        "irfft",
    }
)
# Calls whose keywords are presentation, not modelling: `ax.plot(..., alpha=0.3)`.
PLOT_MODULES = ("matplotlib", "seaborn", "plotly", "altair", "bokeh", "plotnine")
PLOT_METHODS = frozenset(
    {
        "plot",
        "scatter",
        "bar",
        "barh",
        "hist",
        "hist2d",
        "hexbin",
        "fill",
        "fill_between",
        "fill_betweenx",
        "axhline",
        "axvline",
        "hlines",
        "vlines",
        "semilogx",
        "semilogy",
        "loglog",
        "axhspan",
        "axvspan",
        "imshow",
        "pcolormesh",
        "contour",
        "contourf",
        "errorbar",
        "boxplot",
        "violinplot",
        "pie",
        "stem",
        "step",
        "stackplot",
        "area",
        "line",
        "kde",
        "density",
        "text",
        "annotate",
        "legend",
        "grid",
        "heatmap",
        "lineplot",
        "scatterplot",
        "barplot",
        "histplot",
        "kdeplot",
        "regplot",
        "pairplot",
        "displot",
        "catplot",
        "relplot",
        "jointplot",
        "add_trace",
        "update_traces",
        "add_scatter",
        "add_bar",
        "add_hline",
        "add_vline",
        "mark_point",
        "mark_line",
        "mark_bar",
        "set_printoptions",
        "option_context",
        "set_option",
    }
)
# Constructors whose first positional argument is the seed: `np.random.default_rng(42)`.
SEEDED_CONSTRUCTORS = frozenset(
    {"numpy.random.default_rng", "numpy.random.RandomState", "random.Random"}
)


_SEEDED_LAST_NAMES = frozenset(n.rpartition(".")[2] for n in SEEDED_CONSTRUCTORS)
# Exact type tests: libcst's concrete node classes are final, and a failed `isinstance`
# against them goes through the abstract base classes' `__instancecheck__` (slow).
_NUMBERS = frozenset({cst.Integer, cst.Float, cst.Imaginary})
_SIGNS = frozenset({cst.Minus, cst.Plus})
_STRINGS = frozenset({cst.SimpleString, cst.ConcatenatedString})
_SEQUENCES = frozenset({cst.Tuple, cst.List})


def _number(expr: cst.BaseExpression) -> bool:
    tp = type(expr)
    if tp in _NUMBERS:
        return True
    if tp is cst.UnaryOperation:
        return type(expr.operator) in _SIGNS and _number(expr.expression)  # type: ignore[attr-defined]
    if tp is cst.BinaryOperation:  # 1e-3 spelled as 10 ** -3, 1 / 3
        return _number(expr.left) and _number(expr.right)  # type: ignore[attr-defined]
    return False


def _is_one(expr: cst.BaseExpression) -> bool:
    return (type(expr) is cst.Integer or type(expr) is cst.Float) and float(expr.value) == 1.0


def literal_kind(expr: cst.BaseExpression) -> str | None:
    """ "number", "bool", "string", or None when the value is not a plain literal."""
    if _number(expr):
        return "number"
    tp = type(expr)
    if tp is cst.Name and expr.value in ("True", "False"):  # type: ignore[attr-defined]
        return "bool"
    if tp in _STRINGS:
        return "string"
    if (
        tp in _SEQUENCES
        and expr.elements  # type: ignore[attr-defined]
        and all(_number(el.value) for el in expr.elements)  # type: ignore[attr-defined]
    ):
        return "number"
    return None


def _render(expr: cst.BaseExpression) -> str:
    text = " ".join(cst.Module(body=[]).code_for_node(expr).split())
    return text if len(text) <= 32 else text[:29] + "..."


class HardcodedHyperparameter(FileRule):
    code = "SL302"
    name = "hardcoded-hyperparameter"
    summary = "A node function passes a tuning knob as a literal instead of a parameter."
    node_functions_only = True
    options = (
        Option(
            "hyperparameter-names",
            "list[str]",
            list(DEFAULT_NAMES),
            "Keyword arguments that SL302 treats as tuning knobs; replaces the built-in list.",
        ),
        Option(
            "extend-hyperparameter-names",
            "list[str]",
            [],
            "Keyword arguments that SL302 treats as tuning knobs, on top of "
            "`hyperparameter-names`.",
        ),
    )
    explanation = """
Kedro keeps the knobs of a pipeline in `conf/base/parameters_<pipeline>.yml`, so an
experiment is a change of configuration (`kedro run --params model.max_depth=8`, a `conf/<env>`
override) rather than a change of code, and the values of every run can be tracked. A literal
`max_depth=5` inside a node is a parameter that no one can see, override or track.

What is reported: inside a node function, a keyword argument whose name is a tuning knob and
whose value is a literal: a number (`test_size=0.2`, `learning_rate=1e-3`, `alpha=-1`, a
tuple of numbers), a bool, or, for the knobs that take named choices
(`max_features="sqrt"`, `gamma="scale"`, `n_components="mle"`, `learning_rate`,
`threshold`, `alpha`, `tol`, and any name you add), a string. The first argument of
`np.random.default_rng(42)`, `np.random.RandomState(42)` and `random.Random(42)` counts as
`seed=`. The knobs are `hyperparameter-names` (replace the list) plus
`extend-hyperparameter-names` (add to it); the default list is `test_size`, `train_size`,
`random_state`, `seed`, `n_estimators`, `max_depth`, `min_samples_split`, `min_samples_leaf`,
`max_features`, `learning_rate`, `lr`, `alpha`, `l1_ratio`, `C`, `gamma`, `n_components`,
`n_clusters`, `n_neighbors`, `epochs`, `batch_size`, `max_iter`, `tol`, `num_leaves`,
`subsample`, `colsample_bytree`, `reg_alpha`, `reg_lambda`, `threshold`, `n_splits`, `frac`,
`n`, `q`, `window`, `quantile`, `dropout`, `hidden_size`, `num_layers`, `weight_decay`,
`momentum`.

Silent, to keep the rule precise:

- values that come from anywhere but a literal: `test_size=params["test_size"]`, a
  parameter, a variable, a constant (`None` too: it means "not set");
- keywords that are not knobs: `n_jobs`, `verbose`, `axis`, `inplace`, `ignore_index`, ...;
- `n=` of `head`, `tail`, `limit`, `nth`, `most_common`, `diff`, `shift`, the FFTs and of
  the string methods `split`, `rsplit`, `splitn`, `replace` (`df.head(n=5)`,
  `s.str.split("_", n=1)` are display, parsing and structure, not tuning;
  `df.sample(n=5)` and `df.nlargest(n=10, ...)` are reported); `frac=1` (the idiom for
  "all rows, shuffled"); strings for the numeric knobs (`q="..."` is a search query);
- plotting calls (`matplotlib`, `seaborn`, `plotly`, ... and methods such as `plot`,
  `scatter`, `hist`, `fill_between`), whose `alpha=` is transparency, and print options.

A literal seed (`random_state=42`) is reported here and not by SL205: it is seeded, but
hardcoded. Default values in the node's own signature are SL303's business.

A literal in a helper that a node calls is still a hyperparameter of that node, only better
hidden: `RandomForestRegressor(n_estimators=200)` in `_make_model()`, called from node
`train`, is reported at the helper's line, naming the node. Helpers are followed as for the
other purity rules: functions of the project's own package that a node calls or hands on as
a callback, up to three calls deep; functions that no node reaches stay silent.

What to do instead: add the value to `conf/base/parameters_<pipeline>.yml`
(`model_options: {max_depth: 5, random_state: 42}`), take it as an input
(`node(train, inputs=["X_train", "y_train", "params:model_options"], ...)`) and pass it on:
`RandomForestRegressor(**model_options)` or `max_depth=model_options["max_depth"]`.
"""
    bad = (
        Example("""\
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split


def split(table: pd.DataFrame, target: str):
    return train_test_split(
        table.drop(columns=target),
        table[target],
        test_size=0.2,  # expect: SL302
        random_state=42,  # expect: SL302
    )


def train(X: pd.DataFrame, y: pd.Series) -> RandomForestRegressor:
    model = RandomForestRegressor(n_estimators=300, max_depth=8, n_jobs=-1)  # expect: SL302
    return model.fit(X, y)
"""),
        Example("""\
import pandas as pd
from sklearn.ensemble import RandomForestRegressor


def train(X: pd.DataFrame, y: pd.Series) -> RandomForestRegressor:
    return _make_model().fit(X, y)


def _make_model() -> RandomForestRegressor:
    return RandomForestRegressor(n_estimators=300)  # expect: SL302
"""),
        Example(
            """\
from sklearn.model_selection import train_test_split


def split(table, target):
    return train_test_split(
        table.drop(columns=target),
        table[target],
        test_size=0.2,  # expect: SL302
    )
""",
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(split, ["table", "params:target"], "split_data"),
        ]
    )
""",
                parameters="target: price\n",
            ),
            fixed="""\
from sklearn.model_selection import train_test_split


def split(table, target, test_size):
    return train_test_split(
        table.drop(columns=target),
        table[target],
        test_size=test_size,
    )
""",
            fixed_files={
                PIPELINE: """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(split, ["table", "params:target", "params:test_size"], "split_data"),
        ]
    )
""",
                "conf/base/parameters.yml": "target: price\n\ntest_size: 0.2\n",
            },
        ),
        Example(
            """\
from sklearn.ensemble import RandomForestRegressor


def train(features, target):
    model = RandomForestRegressor(n_estimators=100)  # expect: SL302
    return model.fit(features, target)
""",
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node, pipeline

from .nodes import train


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline(
        [
            node(
                train,
                inputs={"features": "X", "target": "y"},
                outputs="model",
            ),
        ]
    )
    return pipeline(base, namespace="small") + pipeline(base, namespace="large")
""",
                parameters="# one block per namespace\nsmall:\n  max_depth: 4\n",
            ),
            fixed="""\
from sklearn.ensemble import RandomForestRegressor


def train(features, target, n_estimators):
    model = RandomForestRegressor(n_estimators=n_estimators)
    return model.fit(features, target)
""",
            fixed_files={
                PIPELINE: """\
from kedro.pipeline import Pipeline, node, pipeline

from .nodes import train


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline(
        [
            node(
                train,
                inputs={
                    "features": "X",
                    "target": "y",
                    "n_estimators": "params:n_estimators",
                },
                outputs="model",
            ),
        ]
    )
    return pipeline(base, namespace="small") + pipeline(base, namespace="large")
""",
                "conf/base/parameters.yml": (
                    "# one block per namespace\nsmall:\n  max_depth: 4\n  n_estimators: 100\n"
                    "\nlarge:\n  n_estimators: 100\n"
                ),
            },
        ),
    )
    good = (
        Example("""\
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split


def split(table: pd.DataFrame, target: str, params: dict):
    return train_test_split(
        table.drop(columns=target),
        table[target],
        test_size=params["test_size"],
        random_state=params["random_state"],
    )


def train(X: pd.DataFrame, y: pd.Series, model_options: dict) -> RandomForestRegressor:
    model = RandomForestRegressor(**model_options, n_jobs=-1, verbose=0)
    return model.fit(X, y)


def preview(table: pd.DataFrame) -> pd.DataFrame:
    return table.head(n=5)
"""),
    )

    fix_doc = """
Unsafe. It changes the node's signature and its `node()` calls. The literal moves to the
pipeline's parameters file (`conf/base/parameters_<pipeline>.yml` when the project keeps one
per pipeline, else `conf/base/parameters.yml`; the file that holds the key's top level already
when there is one) under a key named after the keyword. When that key is taken, or another
function's knob of the same name is fixed in the same run, the key is grouped under the
function's name (`train.n_estimators`). The function gets a new last parameter, every
`node()` that wires it gets the input `params:<key>` (list, tuple, string or dict inputs), and
the keyword uses the parameter. A namespaced node reads `params:<namespace>.<key>`: the value
is written under each namespace the function runs in.

No fix when the literal is in a helper rather than the node itself, when the function has
defaults, `*args`, `**kwargs` or keyword-only parameters, when a `node()` that wires it is
not seen statically (a pipeline not followed to the end, a `partial`), or when the
parameters file cannot take the key as text (a flow mapping with content).
"""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.names = frozenset(ctx.settings.get("hyperparameter-names")) | frozenset(
            ctx.settings.get("extend-hyperparameter-names")
        )

    def _node(self) -> str:
        fn = self.ctx.node_function
        return fn.label if fn is not None else "node `?`"

    def _accepts(self, name: str, kind: str) -> bool:
        if kind != "string":
            return True
        return name in STRING_CHOICES or name not in DEFAULT_NAMES

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.node_function is None or not node.args:
            return
        func = node.func
        names = self.names
        # Nothing is reported without a knob's keyword or a seeded constructor: look for one
        # before building the qualified name.
        if "seed" not in names or self.ctx.last_name(func) not in _SEEDED_LAST_NAMES:
            for arg in node.args:
                keyword = arg.keyword
                if keyword is not None and keyword.value in names:
                    break
            else:
                return
        method = func.attr.value if type(func) is cst.Attribute else None
        if method in PLOT_METHODS:
            return
        qual = self.ctx.qualified_name(func) or ""
        if qual.split(".", 1)[0] in PLOT_MODULES:
            return
        if type(func) is cst.Name and func.value in PLOT_METHODS:
            return
        first = node.args[0]
        if (
            qual in SEEDED_CONSTRUCTORS
            and "seed" in names
            and first.keyword is None
            and not first.star
            and literal_kind(first.value) == "number"
        ):
            self._report(first.value, "seed", qual.rpartition(".")[2])
        for arg in node.args:
            if arg.keyword is None:
                continue
            name = arg.keyword.value
            if name not in names:
                continue
            kind = literal_kind(arg.value)
            if kind is None or not self._accepts(name, kind):
                continue
            if name == "n" and method in N_NOT_TUNING:
                continue
            if name == "frac" and _is_one(arg.value):
                continue
            self._report(arg.value, name, method or qual.rpartition(".")[2] or "call")

    def _report(self, value: cst.BaseExpression, name: str, callee: str) -> None:
        self.report(
            value,
            f"hardcoded `{name}={_render(value)}` in {self._node()} "
            f"(`{callee}(...)`): put it in conf/base/parameters_<pipeline>.yml and pass it in "
            f"as a `params:` input, then use `{name}=params[...]`.",
        )
