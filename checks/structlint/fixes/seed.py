"""SL205's fix for a draw without a seed: the seed becomes a parameter.

`train_test_split(X, y)` in node `split` becomes `train_test_split(X, y, random_state=seed)`,
`np.random.default_rng()` becomes `np.random.default_rng(seed)`; `split` takes a new last
parameter `seed` and every `node()` that wires it the input `params:seed`. The project's
`seed` parameter is used when it has one (all nodes share it); else `seed: 42` is added to the
pipeline's parameters file, as SL302's fix adds a knob."""

from __future__ import annotations

import re

import libcst as cst

from structlint.core.findings import Finding
from structlint.core.fixes_model import Fix
from structlint.fixes.context import FixContext
from structlint.fixes.hyperparameter import Knobs, move_to_parameters
from structlint.fixes.node_wiring import grow

# The seed a new `seed` parameter starts with: any fixed value makes the runs repeatable.
DEFAULT_SEED = 42
_NO_KEYWORD = re.compile(r"^`[\w.]+\(\.\.\.\)` in .* has no `(?P<keyword>\w+)`, ")
_GENERATOR = re.compile(r"^`[\w.]+\(\)` in .* creates a generator without a seed")


def build(finding: Finding, ctx: FixContext, knobs: Knobs) -> Fix | None:
    m = _NO_KEYWORD.match(finding.message)
    generator = _GENERATOR.match(finding.message) is not None
    if m is None and not generator:
        return None
    parsed = ctx.parsed(finding.path)
    if parsed is None:
        return None
    calls = parsed.at(finding.line, finding.column - 1, (cst.Call,))
    if not calls:
        return None
    # The innermost call that starts there is the reported one (`rng().x` starts there too).
    call = calls[-1]
    assert isinstance(call, cst.Call)
    if generator:
        if call.args:
            return None  # `default_rng(None)` and the like: left to the user
        return move_to_parameters(
            ctx,
            parsed,
            call,
            "seed",
            DEFAULT_SEED,
            knobs,
            lambda c, p: c.with_changes(args=[cst.Arg(cst.Name(p))]),
            "a seed",
            reuse=True,
        )
    assert m is not None
    keyword = m.group("keyword")
    return move_to_parameters(
        ctx,
        parsed,
        call,
        "seed",
        DEFAULT_SEED,
        knobs,
        lambda c, p: _with_keyword(c, keyword, p),
        f"a seed (`{keyword}=`)",
        reuse=True,
    )


def _with_keyword(call: cst.Call, keyword: str, param: str) -> cst.Call:
    """`call` with `keyword=param`: replacing `keyword=None`, else as its last argument."""
    args = list(call.args)
    for i, a in enumerate(args):
        if a.keyword is not None and a.keyword.value == keyword:
            args[i] = a.with_changes(value=cst.Name(param))
            return call.with_changes(args=args)
    new = cst.Arg(
        cst.Name(param),
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = grow(
        args,
        lambda comma: new.with_changes(comma=comma),
        call.whitespace_before_args,
        args[-1].whitespace_after_arg if args else None,
    )
    return call.with_changes(args=args)
