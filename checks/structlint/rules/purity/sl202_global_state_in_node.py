"""SL202 global-state-in-node: a node function that writes module or process state."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from structlint.rules.purity._common import (
    MUTATING_METHODS,
    render,
    root_name,
    target_names,
)
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import param_names
from structlint.sources.names import ATTRIBUTE, CHAIN, NAME

if TYPE_CHECKING:
    from structlint.sources.context import FileContext

# Calls that set a process-wide random seed.
SEEDERS = frozenset(
    {
        "random.seed",
        "random.setstate",
        "numpy.random.seed",
        "numpy.random.set_state",
        "torch.manual_seed",
        "torch.cuda.manual_seed",
        "torch.cuda.manual_seed_all",
        "torch.random.manual_seed",
        "tensorflow.random.set_seed",
        "tensorflow.set_random_seed",
        "tensorflow.compat.v1.set_random_seed",
        "keras.utils.set_random_seed",
        "tensorflow.keras.utils.set_random_seed",
        "pytorch_lightning.seed_everything",
        "lightning.seed_everything",
        "lightning.pytorch.seed_everything",
        "transformers.set_seed",
    }
)
# Other calls that change the process: working directory, environment, library options.
PROCESS_CALLS = {
    "os.chdir": "changes the working directory of the whole process",
    "os.putenv": "writes the process environment",
    "os.unsetenv": "writes the process environment",
    "pandas.set_option": "changes a pandas option for the whole process",
    "pandas.reset_option": "changes a pandas option for the whole process",
}
# Module-level objects of the standard library that hold process state.
PROCESS_OBJECTS = {
    "os.environ": "writes the process environment",
    "sys.path": "edits `sys.path`, the import path of the whole process",
    "sys.modules": "edits `sys.modules`",
}
# In-place methods on a module-level object (SL203's list, plus set.add/discard).
GLOBAL_MUTATORS = MUTATING_METHODS | {"add", "discard"}


# Exact type tests, as for `structlint.sources.names.NAME` and the others there.
_ClassDef = cst.ClassDef
_SEQUENCES = frozenset({cst.Tuple, cst.List})
_TARGETED = frozenset({cst.AnnAssign, cst.AugAssign, cst.Del})
# The last part of every callee `visit_Call` may report (SEEDERS, PROCESS_CALLS, `setattr`,
# the mutators): any other call is dismissed before a qualified name is built.
_CALL_LAST_NAMES = frozenset(
    {name.rpartition(".")[2] for name in (*SEEDERS, *PROCESS_CALLS)}
    | {"setattr", "delattr"}
    | GLOBAL_MUTATORS
)


@dataclass
class _Scope:
    node: cst.CSTNode
    local: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)


def _bindings(body: Sequence[cst.BaseStatement] | cst.BaseSuite, scope: _Scope) -> None:
    """Collect the names a function (or class) body binds, as Python decides locality:
    anywhere in the body, not inside nested functions or classes. Imports are left out on
    purpose: `import os` inside a node still names the process-wide module."""
    # A BaseSuite is a SimpleStatementSuite or an IndentedBlock.
    stmts: Iterable[cst.CSTNode] = body.body if isinstance(body, cst.BaseSuite) else body
    for stmt in stmts:
        tp = type(stmt)
        if tp is cst.SimpleStatementLine:
            for small in stmt.body:  # type: ignore[attr-defined]
                _small_bindings(small, scope)
        elif tp is cst.FunctionDef or tp is _ClassDef:
            scope.local.add(stmt.name.value)  # type: ignore[attr-defined]
        elif type(stmt) is cst.If:
            _bindings(stmt.body, scope)
            if stmt.orelse is not None:
                orelse = stmt.orelse
                _bindings([orelse] if isinstance(orelse, cst.If) else orelse.body, scope)
        elif type(stmt) is cst.For:
            scope.local.update(target_names(stmt.target))
            _bindings(stmt.body, scope)
            if stmt.orelse is not None:
                _bindings(stmt.orelse.body, scope)
        elif type(stmt) is cst.While:
            _bindings(stmt.body, scope)
            if stmt.orelse is not None:
                _bindings(stmt.orelse.body, scope)
        elif type(stmt) is cst.With:
            for item in stmt.items:
                if item.asname is not None:
                    scope.local.update(target_names(item.asname.name))
            _bindings(stmt.body, scope)
        elif type(stmt) is cst.Try or type(stmt) is cst.TryStar:
            _bindings(stmt.body, scope)
            for handler in stmt.handlers:
                if handler.name is not None:
                    scope.local.update(target_names(handler.name.name))
                _bindings(handler.body, scope)
            if stmt.orelse is not None:
                _bindings(stmt.orelse.body, scope)
            if stmt.finalbody is not None:
                _bindings(stmt.finalbody.body, scope)
        elif type(stmt) is cst.Match:
            for case in stmt.cases:
                _bindings(case.body, scope)
        elif isinstance(stmt, cst.BaseSmallStatement):
            _small_bindings(stmt, scope)


def _small_bindings(small: cst.CSTNode, scope: _Scope) -> None:
    tp = type(small)
    if tp is cst.Assign:
        for t in small.targets:  # type: ignore[attr-defined]
            scope.local.update(target_names(t.target))
    elif tp in _TARGETED:
        scope.local.update(target_names(small.target))  # type: ignore[attr-defined]
    elif type(small) is cst.Global:
        scope.declared_global.update(n.name.value for n in small.names)
    elif type(small) is cst.Nonlocal:
        scope.declared_nonlocal.update(n.name.value for n in small.names)


def module_names(module: cst.Module) -> tuple[set[str], set[str]]:
    """(variables, functions and classes) that the module's top level binds."""
    scope = _Scope(module)
    _bindings(module.body, scope)
    defs: set[str] = set()
    stack: list[cst.BaseStatement] = list(module.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, cst.FunctionDef | cst.ClassDef):
            defs.add(stmt.name.value)
        elif isinstance(stmt, cst.If | cst.Try):
            body = stmt.body
            if isinstance(body, cst.IndentedBlock):
                stack.extend(body.body)
    return scope.local - defs, defs


class GlobalStateInNode(FileRule):
    code = "SL202"
    name = "global-state-in-node"
    summary = "A node function writes module-level or process-wide state."
    node_functions_only = True
    explanation = """
A node's result must depend on its inputs only. A node that writes state that outlives the
call (a module-level cache, a `global` counter, the process environment, the working
directory, the global random generator) makes the next node, the next run in the same
process, or the same node under a parallel runner behave differently, and none of it shows in
the pipeline graph.

What is reported inside a node function:

- assignment to a name the function declares `global` (or `nonlocal`, in a closure that
  outlives the call);
- mutation of a module-level object: `CACHE[k] = v`, `del CACHE[k]`, `STATE.count += 1`,
  `SEEN.append(x)` / `add` / `update` / `pop` / ... on a name the module binds at its top
  level (or an ALL-CAPS name imported from another module), attribute or item assignment on
  an imported module (`config.DEBUG = True`, `plt.rcParams["figure.dpi"] = 150`), and
  `setattr()` / `delattr()` on a module;
- `os.environ[...] = ...`, `os.environ.update/setdefault/pop(...)`, `os.putenv`, `os.chdir`,
  `sys.path` edits (`sys.path.append(...)`, `sys.path.insert(...)`, `sys.path = ...`),
  `pd.set_option`;
- seeding a process-wide random generator: `random.seed()`, `np.random.seed()`,
  `torch.manual_seed()`, `tf.random.set_seed()`, `seed_everything()`.

Reading module-level constants is fine, and so is a local variable (or parameter) that
happens to have a module-level name: Python's own rule decides, so a name assigned anywhere
in the function is local to it.

Helpers count: a function of the project's own package that a node calls (by name,
through an import or a module alias, or handed on as a callback such as `df.apply(_clean)`),
up to three calls deep, is checked as part of that node, and the finding, at the helper's
line, names the node: "`CACHE[k] = ...` in `_remember`
(called from node `train`)". Functions that no node
reaches, third-party code and methods on objects are not followed.

What to do instead: return what you computed and let the catalog carry it to the next node;
put settings in `conf/base/parameters_<pipeline>.yml` and take them as `params:` inputs;
set environment and library options once, in a hook or in `settings.py`; and draw random
numbers from a generator created from a seed parameter
(`rng = np.random.default_rng(seed)` with `seed` from `params:seed`).
"""
    bad = (
        Example("""\
import numpy as np
import pandas as pd

SEEN_IDS: set[str] = set()
RUNS = 0


def dedupe(orders: pd.DataFrame) -> pd.DataFrame:
    global RUNS
    RUNS += 1  # expect: SL202
    new = orders[~orders["id"].isin(SEEN_IDS)]
    SEEN_IDS.update(new["id"])  # expect: SL202
    return new


def jitter(prices: pd.DataFrame) -> pd.DataFrame:
    np.random.seed(7)  # expect: SL202
    return prices
"""),
    )
    good = (
        Example("""\
import numpy as np
import pandas as pd

ID_COLUMN = "id"


def dedupe(orders: pd.DataFrame, seen_ids: pd.Series) -> pd.DataFrame:
    return orders[~orders[ID_COLUMN].isin(seen_ids)]


def jitter(prices: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return prices.assign(noise=rng.normal(size=len(prices)))
"""),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.module_vars: set[str] = set()
        self.module_defs: set[str] = set()
        self.scopes: list[_Scope] = []

    def visit_Module(self, node: cst.Module) -> None:
        self.module_vars, self.module_defs = module_names(node)

    # ---- scopes -------------------------------------------------------------------------

    def _push(self, node: cst.FunctionDef | cst.Lambda | cst.ClassDef) -> None:
        fn = self.ctx.node_function
        if fn is None or (fn.node is not node and not self.scopes):
            return
        scope = _Scope(node)
        if isinstance(node, cst.FunctionDef | cst.Lambda):
            scope.local.update(param_names(node.params))
        if isinstance(node, cst.FunctionDef | cst.ClassDef):
            _bindings(node.body, scope)
        scope.local -= scope.declared_global | scope.declared_nonlocal
        self.scopes.append(scope)

    def _pop(self, node: cst.CSTNode) -> None:
        if self.scopes and self.scopes[-1].node is node:
            self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._push(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._pop(node)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._push(node)

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self._pop(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._push(node)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._pop(node)

    def _enter_comp(self, node: cst.BaseComp) -> None:
        if not self.scopes:
            return
        scope = _Scope(node)
        comp: cst.CompFor | None = node.for_in
        while comp is not None:
            scope.local.update(target_names(comp.target))
            comp = comp.inner_for_in
        self.scopes.append(scope)

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comp(node)

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self._pop(node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comp(node)

    def leave_SetComp(self, node: cst.SetComp) -> None:
        self._pop(node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comp(node)

    def leave_DictComp(self, node: cst.DictComp) -> None:
        self._pop(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comp(node)

    def leave_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._pop(node)

    def _resolve(self, name: str) -> str:
        """ "global" / "nonlocal" (declared), "local", "module" (bound at the module's top
        level or imported), or "" (a builtin or unknown)."""
        for scope in reversed(self.scopes):
            if type(scope.node) is _ClassDef and scope is not self.scopes[-1]:
                continue  # class bodies are not enclosing scopes for their methods
            if name in scope.declared_global:
                return "global"
            if name in scope.declared_nonlocal:
                return "nonlocal"
            if name in scope.local:
                return "local"
        if name in self.module_vars or name in self.module_defs:
            return "module"
        if name in self.ctx.imports.names:
            return "module"
        return ""

    def _is_imported(self, name: str) -> bool:
        return (
            name in self.ctx.imports.names
            and name not in self.module_vars
            and name not in self.module_defs
        )

    def _node(self) -> str:
        fn = self.ctx.node_function
        return fn.label if fn is not None else "node `?`"

    # ---- rebinding a global / nonlocal name ---------------------------------------------

    def _check_rebind(self, target: cst.BaseExpression) -> None:
        if type(target) in _SEQUENCES:
            for el in target.elements:  # type: ignore[attr-defined]
                self._check_rebind(el.value)
            return
        if type(target) is cst.StarredElement:
            self._check_rebind(target.value)
            return
        if type(target) is NAME:
            kind = self._resolve(target.value)
            if kind == "global":
                self.report(
                    target,
                    f"{self._node()} assigns the module-level name `{target.value}` "
                    "(declared `global`): the value outlives the call and leaks into later "
                    "runs. Return the value as a node output instead.",
                )
            elif kind == "nonlocal":
                self.report(
                    target,
                    f"{self._node()} rebinds `{target.value}` of an enclosing scope "
                    "(declared `nonlocal`): a closure that keeps state between calls. "
                    "Return the value as a node output instead.",
                )
            return
        self._check_mutation(target)

    def _check_mutation(self, target: cst.BaseExpression) -> None:
        """Item or attribute assignment (or deletion) whose root is module-level."""
        if type(target) not in CHAIN:
            return
        root = root_name(target)
        if root is None or self._resolve(root.value) not in ("module", "global"):
            return
        if self._is_imported(root.value):
            qual = self.ctx.qualified_name(target.value) or ""  # type: ignore[attr-defined]
            for obj, what in PROCESS_OBJECTS.items():
                if qual == obj or qual.startswith(obj + "."):
                    self.report(
                        target,
                        f"`{render(target)} = ...` in {self._node()} {what}. Set it "
                        "once outside the pipeline (a hook, `settings.py`, the shell), and "
                        "pass values a node needs as `params:` inputs.",
                    )
                    return
            self.report(
                target,
                f"{self._node()} writes `{render(target)}`, state of the imported "
                f"module `{root.value}` that every later node and run will see. Set options "
                "once outside the pipeline (a hook or `settings.py`), or pass values as inputs.",
            )
            return
        self.report(
            target,
            f"{self._node()} changes the module-level object `{root.value}` "
            f"(`{render(target)}`): the change outlives the call and leaks into later runs. "
            "Return the data as a node output (and take it as an input where it is needed).",
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.scopes:
            for t in node.targets:
                self._check_rebind(t.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes and node.value is not None:
            self._check_rebind(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self.scopes:
            self._check_rebind(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        if self.scopes:
            self._check_rebind(node.target)

    def visit_For(self, node: cst.For) -> None:
        if self.scopes:
            self._check_rebind(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if self.scopes:
            self._check_rebind(node.target)

    # ---- calls --------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if not self.scopes:
            return
        func = node.func
        if self.ctx.last_name(func) not in _CALL_LAST_NAMES:
            return
        head = root_name(func)
        if head is None or self._resolve(head.value) not in ("module", "global", ""):
            return
        qual = self.ctx.qualified_name(func) or ""
        imported = self._is_imported(head.value)
        if imported and qual in SEEDERS:
            self.report(
                node,
                f"`{qual}()` in {self._node()} seeds the process-wide random "
                "generator, which every other node and library shares. Create a local "
                "generator from a seed parameter instead: "
                "`rng = np.random.default_rng(seed)` with `seed` from `params:seed`.",
            )
            return
        if imported and qual in PROCESS_CALLS:
            self.report(
                node,
                f"`{qual}()` in {self._node()} {PROCESS_CALLS[qual]}. Do it once "
                "outside the pipeline (a hook, `settings.py`), not inside a node.",
            )
            return
        if type(func) is NAME and func.value in ("setattr", "delattr") and node.args:
            if func.value in self.ctx.imports.names or self._resolve(func.value) != "":
                return
            obj = root_name(node.args[0].value)
            if obj is not None and self._resolve(obj.value) in ("module", "global"):
                self.report(
                    node,
                    f"`{func.value}({render(node.args[0].value, 32)}, ...)` in "
                    f"{self._node()} changes module-level state that outlives the call. "
                    "Return the value as a node output instead.",
                )
            return
        if type(func) is not ATTRIBUTE or func.attr.value not in GLOBAL_MUTATORS:
            return
        method = func.attr.value
        receiver = func.value
        if imported:
            qual_recv = self.ctx.qualified_name(receiver) or ""
            if qual_recv in PROCESS_OBJECTS:
                self.report(
                    node,
                    f"`{render(receiver)}.{method}(...)` in {self._node()} "
                    f"{PROCESS_OBJECTS[qual_recv]}. Do it once outside the pipeline (a hook, "
                    "`settings.py`), and pass values a node needs as `params:` inputs.",
                )
                return
            # An ALL-CAPS name imported from another module is a module-level object too.
            if not (type(receiver) is NAME and _constant_like(receiver.value)):
                return
        elif head.value not in self.module_vars and self._resolve(head.value) != "global":
            return
        if method in ("add", "discard") and receiver is not head:
            return  # `STATE.frame.add(...)` may well be `DataFrame.add`
        self.report(
            node,
            f"`{render(receiver)}.{method}(...)` in {self._node()} changes the "
            f"module-level object `{head.value}`: the change outlives the call and leaks into "
            "later runs. Return the data as a node output instead.",
        )


def _constant_like(name: str) -> bool:
    return len(name) > 1 and name.isupper()
