"""SL205 unseeded-randomness: a node function that draws random numbers without a seed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.purity._common import root_name, target_names
from structlint.rules.rule import Example, FileRule
from structlint.sources.names import ATTRIBUTE, CALL, NAME

if TYPE_CHECKING:
    from structlint.sources.context import FileContext

RANDOM_DRAWS = frozenset(
    {
        "random",
        "randint",
        "randrange",
        "getrandbits",
        "randbytes",
        "choice",
        "choices",
        "shuffle",
        "sample",
        "uniform",
        "triangular",
        "binomialvariate",
        "betavariate",
        "expovariate",
        "gammavariate",
        "gauss",
        "lognormvariate",
        "normalvariate",
        "vonmisesvariate",
        "paretovariate",
        "weibullvariate",
    }
)
NUMPY_DRAWS = frozenset(
    {
        "rand",
        "randn",
        "randint",
        "random",
        "random_sample",
        "random_integers",
        "ranf",
        "sample",
        "choice",
        "bytes",
        "shuffle",
        "permutation",
        "beta",
        "binomial",
        "chisquare",
        "dirichlet",
        "exponential",
        "f",
        "gamma",
        "geometric",
        "gumbel",
        "hypergeometric",
        "laplace",
        "logistic",
        "lognormal",
        "logseries",
        "multinomial",
        "multivariate_normal",
        "negative_binomial",
        "noncentral_chisquare",
        "noncentral_f",
        "normal",
        "pareto",
        "poisson",
        "power",
        "rayleigh",
        "standard_cauchy",
        "standard_exponential",
        "standard_gamma",
        "standard_normal",
        "standard_t",
        "triangular",
        "uniform",
        "vonmises",
        "wald",
        "weibull",
        "zipf",
    }
)
# Generator constructors: unseeded when called without a seed (or with None).
GENERATORS = {
    "numpy.random.default_rng": "seed",
    "numpy.random.RandomState": "seed",
    "random.Random": "x",
}
# Whole-module reseeding: draws after `np.random.seed(...)` in the same node are SL202's.
SEEDERS = {"random.seed": "random", "numpy.random.seed": "numpy.random"}
SPLITTERS = frozenset(
    {
        "sklearn.model_selection.train_test_split",
        "sklearn.cross_validation.train_test_split",
        "sklearn.utils.shuffle",
        "sklearn.utils.resample",
    }
)
SEED_KEYWORDS = frozenset({"random_state", "seed", "random_seed", "rng", "generator"})
# Keywords of pandas / Spark / polars / dask `.sample()`; a call with any other keyword
# (`gmm.sample(n_samples=100)`) is some other library's method and is left alone.
SAMPLE_KEYWORDS = frozenset(
    {
        "n",
        "frac",
        "replace",
        "weights",
        "axis",
        "ignore_index",
        "withReplacement",
        "fraction",
        "with_replacement",
        "shuffle",
    }
    | SEED_KEYWORDS
)


_METHODS = frozenset({"sample", "randomSplit", "train_test_split"})
_GENERATOR_LAST_NAMES = frozenset(n.rpartition(".")[2] for n in GENERATORS)
# The last part of every callee `visit_Call` looks at (by qualified name, or as a method):
# any other call is dismissed before a qualified name is built.
_CALL_LAST_NAMES = frozenset(
    {n.rpartition(".")[2] for n in (*SEEDERS, *SPLITTERS)}
    | RANDOM_DRAWS
    | NUMPY_DRAWS
    | _GENERATOR_LAST_NAMES
    | {"uuid4", "train_test_split"}
    | _METHODS
)


# The seed keyword of each API, as their signatures spell it: pandas and dask
# `sample(n, frac, replace, weights, random_state, ...)`; Spark `sample(withReplacement,
# fraction, seed)` and `randomSplit(weights, seed)`; polars `sample(n, *, fraction,
# with_replacement, shuffle, seed)`; scikit-learn `random_state`.
_PANDAS_SAMPLE_KEYWORDS = frozenset({"frac", "replace", "weights", "axis", "ignore_index"})
_SEED_SAMPLE_KEYWORDS = frozenset({"withReplacement", "fraction", "with_replacement", "shuffle"})
_PANDAS = (("random_state", ""),)
_SEED = (("seed", ""),)
_EITHER = (("random_state", " (pandas)"), ("seed", " (Spark, polars)"))


def seed_keywords(node: cst.Call, method: str) -> tuple[tuple[str, str], ...]:
    """The keyword(s) that pass the seed to this call, each with the API it belongs to when
    the call's own arguments do not tell which library's method it is."""
    if method == "randomSplit":
        return _SEED
    if method != "sample":
        return _PANDAS  # train_test_split, sklearn.utils.shuffle / resample
    keywords = {a.keyword.value for a in node.args if a.keyword is not None}
    if "random_state" in keywords or keywords & _PANDAS_SAMPLE_KEYWORDS:
        return _PANDAS
    if "seed" in keywords or keywords & _SEED_SAMPLE_KEYWORDS or _spark_positional(node):
        return _SEED
    return _EITHER


def _spark_positional(node: cst.Call) -> bool:
    """`df.sample(False, 0.1)`: a literal `withReplacement` first is Spark's signature."""
    first = node.args[0] if node.args else None
    return (
        first is not None
        and first.keyword is None
        and type(first.value) is NAME
        and first.value.value in ("True", "False")
    )


def _is_none(expr: cst.BaseExpression) -> bool:
    return type(expr) is NAME and expr.value == "None"


def _is_false(expr: cst.BaseExpression) -> bool:
    return type(expr) is NAME and expr.value == "False"


class UnseededRandomness(FileRule):
    code = "SL205"
    name = "unseeded-randomness"
    summary = "A node function draws random numbers without a seed that comes in as an input."
    node_functions_only = True
    explanation = """
A pipeline run should be reproducible: the same inputs and parameters give the same outputs.
A node that samples, shuffles or splits with an unseeded random generator gives a different
model, a different split and different metrics on every run, and no one can reproduce a
result later.

What is reported inside a node function:

- draws from the `random` module: `random.random()`, `random.randint()`, `random.choice()`,
  `random.shuffle()`, `random.sample()`, ... and from numpy's legacy global generator:
  `np.random.rand()`, `np.random.normal()`, `np.random.choice()`, `np.random.permutation()`...;
- a generator created without a seed: `np.random.default_rng()`,
  `np.random.default_rng(None)`, `np.random.RandomState()`, `random.Random()`;
- `uuid.uuid4()`;
- `df.sample(...)` (pandas, Spark, polars), `train_test_split(...)`,
  `sklearn.utils.shuffle/resample(...)` and Spark's `df.randomSplit(...)` without
  `random_state=` / `seed=` (or with `random_state=None`). `train_test_split(...,
  shuffle=False)` draws nothing and is silent. A call that passes the seed positionally
  (two or more positional arguments to `.sample`/`.randomSplit`, three to Spark's
  `.sample(False, 0.1, 42)`) or `**kwargs` is given the benefit of the doubt.

The message names each API's own keyword: `seed=` for Spark's `randomSplit` and
`sample(withReplacement, fraction, seed)` and for polars' `sample(..., seed=)`;
`random_state=` for pandas' and dask's `sample`, `train_test_split`, `shuffle` and
`resample`. For a `.sample(...)` whose arguments do not tell the library apart
(`df.sample(n=100)`), it names both.

Not reported here: a seed that is a literal (`random_state=42`, `default_rng(42)`) is seeded
and reproducible, but it is a hardcoded hyperparameter: SL302 reports it, so one problem gives
one finding. Draws of `random` / `np.random` after the node seeds that module itself
(`np.random.seed(seed)`) are seeded; the global seeding is SL202's finding. Methods of a
generator object (`rng.normal()`, `rng.choice()`) are judged where the generator is created.
A draw that is only the argument of `time.sleep()` (`time.sleep(random.randint(5, 10))`,
jitter between API calls) changes how long the node waits, not what it returns, and is not
reported.

Helpers count: a function of the project's own package that a node calls (by name,
through an import or a module alias, or handed on as a callback such as `df.apply(_clean)`),
up to three calls deep, is checked as part of that node, and the finding, at the helper's
line, names the node: "in `_load` (called from node `train`)". Functions that no node
reaches, third-party code and methods on objects are not followed. In a helper, a seed that
arrives through the helper's own arguments counts as passed in, and draws from the global
generators count as seeded when a caller on the way (the node, or a helper between) seeds
them itself (`np.random.seed(0)`, then `_add_noise(df)`; the seeding is SL202's finding).

What to do instead: put the seed in `conf/base/parameters_<pipeline>.yml`, take it as an input
(`node(split, inputs=["table", "params:seed"], ...)`), and pass it on:
`np.random.default_rng(seed)`, `df.sample(frac=f, random_state=seed)` (pandas),
`sdf.randomSplit([0.8, 0.2], seed=seed)` (Spark),
`train_test_split(X, y, test_size=t, random_state=seed)`.
"""
    bad = (
        Example("""\
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


def split(table: pd.DataFrame, params: dict):
    return train_test_split(table, test_size=params["test_size"])  # expect: SL205


def add_noise(prices: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng()  # expect: SL205
    return prices.assign(noise=rng.normal(size=len(prices)))
"""),
        Example(
            """\
import numpy as np
from sklearn.model_selection import train_test_split


def split(table):
    return train_test_split(table, test_size=0.25)  # expect: SL205


def add_noise(prices):
    rng = np.random.default_rng()  # expect: SL205
    return prices.assign(noise=rng.normal(size=len(prices)))
""",
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node

from .nodes import add_noise, split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(add_noise, "prices", "noisy_prices"),
            node(split, "noisy_prices", ["train", "test"]),
        ]
    )
""",
                parameters="{}\n",
            ),
            fixed="""\
import numpy as np
from sklearn.model_selection import train_test_split


def split(table, seed):
    return train_test_split(table, test_size=0.25, random_state=seed)


def add_noise(prices, seed):
    rng = np.random.default_rng(seed)
    return prices.assign(noise=rng.normal(size=len(prices)))
""",
            fixed_files={
                PIPELINE: """\
from kedro.pipeline import Pipeline, node

from .nodes import add_noise, split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(add_noise, ["prices", "params:seed"], "noisy_prices"),
            node(split, ["noisy_prices", "params:seed"], ["train", "test"]),
        ]
    )
""",
                "conf/base/parameters.yml": "seed: 42\n",
            },
        ),
    )
    fix_doc = """
Unsafe. It changes the node's signature and its `node()` calls. For a call that has no seed
where the keyword is known (`random_state=` of scikit-learn and pandas, `seed=` of Spark and
polars) and for a generator made without one (`np.random.default_rng()`,
`np.random.RandomState()`, `random.Random()`). The call gets `random_state=seed` (or
`default_rng(seed)`), the function a new last parameter `seed`, and every `node()` that wires
it the input `params:seed`. The project's `seed` parameter is used when it has one, so that
all nodes share it; else `seed: 42` is added to the pipeline's parameters file (any fixed
value makes the runs repeatable; change it there). No fix for draws from the global
generators (`random.random()`, `np.random.rand()`: rewrite them to a generator), for
`uuid.uuid4()`, for a `sample()` that could be pandas' or Spark's, or where SL302's fix has
none either (a helper, defaults or `*args` in the signature, a `node()` not seen statically).
"""
    good = (
        Example("""\
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


def split(table: pd.DataFrame, params: dict):
    return train_test_split(
        table, test_size=params["test_size"], random_state=params["random_state"]
    )


def add_noise(prices: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return prices.assign(noise=rng.normal(size=len(prices)))
"""),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.current: cst.CSTNode | None = None
        self.seeded: set[str] = set()
        self.generators: set[str] = set()
        self.locals: set[str] = set()

    def _node(self) -> str:
        fn = self.ctx.node_function
        return fn.label if fn is not None else "node `?`"

    def _imported_name(self, expr: cst.BaseExpression) -> str | None:
        """The qualified name of `expr`, only when its head is imported in this module and not
        a parameter or local variable of the node (`random = params["random"]`)."""
        root = root_name(expr)
        if root is None or root.value not in self.ctx.imports.names:
            return None
        fn = self.ctx.node_function
        if root.value in self.locals or (fn is not None and root.value in fn.params):
            return None
        return self.ctx.qualified_name(expr)

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.ctx.node_function
        if fn is None:
            return
        func = node.func
        if self.ctx.last_name(func) not in _CALL_LAST_NAMES:
            return  # the state is synced by the next hook that reads it
        self._sync()
        qual = self._imported_name(func)
        if qual is not None:
            module, _, attr = qual.rpartition(".")
            if qual in SEEDERS:
                if node.args:
                    self.seeded.add(SEEDERS[qual])
                return
            if (module == "random" and attr in RANDOM_DRAWS) or (
                module == "numpy.random" and attr in NUMPY_DRAWS
            ):
                if module not in self.seeded and not self._only_waits():
                    self.report(
                        node,
                        f"`{qual}()` in {self._node()} draws from the unseeded global "
                        "generator, so every run differs. Take a seed as an input "
                        "(`params:seed`) and draw from `np.random.default_rng(seed)`.",
                    )
                return
            if qual in GENERATORS:
                if self._unseeded(node, GENERATORS[qual], positional=1):
                    self.report(
                        node,
                        f"`{qual}()` in {self._node()} creates a generator without a "
                        "seed, so every run differs. Pass a seed that arrives as an input: "
                        f"`{qual.rpartition('.')[2]}(seed)` with `seed` from `params:seed`.",
                    )
                return
            if qual == "uuid.uuid4":
                self.report(
                    node,
                    f"`uuid.uuid4()` in {self._node()} is random on every run. Derive "
                    "identifiers from the data (a hash of key columns, `uuid.uuid5`) instead.",
                )
                return
            if qual in SPLITTERS or qual.endswith(".train_test_split"):
                if self._shuffles(node) and self._unseeded(node, None, positional=None):
                    self._report_split(node, qual.rpartition(".")[2])
                return
            if type(func) is ATTRIBUTE and type(func.value) is NAME:
                return  # a function of some other imported module
        if type(func) is not ATTRIBUTE:
            return
        method = func.attr.value
        if method not in _METHODS:
            return
        receiver = root_name(func.value)
        if receiver is not None and (
            receiver.value in self.ctx.imports.names or receiver.value in self.generators
        ):
            return
        if method in ("sample", "randomSplit"):
            positional = sum(1 for a in node.args if a.keyword is None and not a.star)
            # The seed passed positionally: Spark's `randomSplit(w, 42)`, `sample(0.1, 42)`,
            # `sample(False, 0.1, 42)` (after a literal `withReplacement`, it comes third).
            if positional >= (3 if method == "sample" and _spark_positional(node) else 2):
                return
        if method == "train_test_split" and not self._shuffles(node):
            return
        if method == "sample" and any(
            a.keyword is not None and a.keyword.value not in SAMPLE_KEYWORDS for a in node.args
        ):
            return
        if self._unseeded(node, None, positional=None):
            self._report_split(node, method)

    def _sync(self) -> None:
        """Start afresh when the walk has entered another node function."""
        fn = self.ctx.node_function
        if fn is not None and self.current is not fn.node:
            self.current, self.seeded, self.generators = fn.node, set(), set()
            if fn.seeded_by_caller:  # a helper whose caller seeded the global generators
                self.seeded = {"random", "numpy.random"}
            self.locals = set()

    def _only_waits(self) -> bool:
        """The draw is the argument of `time.sleep(...)` (jitter between API calls): it
        changes how long the node waits, not what it returns."""
        stack = self.ctx.stack
        if len(stack) < 2 or type(stack[-1]) is not cst.Arg:
            return False
        call = stack[-2]
        return type(call) is CALL and self.ctx.qualified_name(call.func) in (  # type: ignore[union-attr]
            "time.sleep",
            "asyncio.sleep",
        )

    def _report_split(self, node: cst.Call, method: str) -> None:
        keywords = seed_keywords(node, method)
        fixes = " or ".join(f"`{method}(..., {k}=seed)`{api}" for k, api in keywords)
        self.report(
            node,
            f"`{method}(...)` in {self._node()} has no "
            f"{'/'.join(f'`{k}`' for k, _ in keywords)}, so every run gives a different "
            f"result. Pass a seed that arrives as an input: {fixes} with `seed` from "
            "`params:seed`.",
        )

    @staticmethod
    def _shuffles(node: cst.Call) -> bool:
        return not any(
            a.keyword is not None and a.keyword.value == "shuffle" and _is_false(a.value)
            for a in node.args
        )

    @staticmethod
    def _unseeded(node: cst.Call, keyword: str | None, positional: int | None) -> bool:
        """True when the call passes no seed (or passes None). `positional`: the 1-based
        position of the seed argument, if it may be given positionally."""
        for i, arg in enumerate(node.args, start=1):
            if arg.star == "**":
                return False
            if arg.star:
                return False
            if arg.keyword is None:
                if positional == i:
                    return _is_none(arg.value)
                continue
            name = arg.keyword.value
            if name == keyword or name in SEED_KEYWORDS:
                return _is_none(arg.value)
        return True

    def leave_Assign(self, node: cst.Assign) -> None:
        """Remember names bound to a generator or to an object built with a seed
        (`r = random.Random(seed)`, `gmm = GaussianMixture(random_state=s).fit(X)`): their
        `.sample()` is judged where they were created."""
        if self.ctx.node_function is None:
            return
        self._sync()
        seeded = self._seeded_object(node.value)
        for t in node.targets:
            names = target_names(t.target)
            self.locals.update(names)
            if seeded:
                self.generators.update(names)

    def _seeded_object(self, value: cst.BaseExpression) -> bool:
        while type(value) is CALL:
            if (
                self.ctx.last_name(value.func) in _GENERATOR_LAST_NAMES
                and self._imported_name(value.func) in GENERATORS
            ):
                return True
            for a in value.args:  # a loop, not `any()`: no generator per call
                keyword = a.keyword
                if keyword is not None and keyword.value in SEED_KEYWORDS and not _is_none(a.value):
                    return True
            func = value.func
            value = func.value if type(func) is ATTRIBUTE else func
        return False
