"""Every rule class, found by importing the modules of `structlint.rules`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from structlint.rule import FileRule, ProjectRule, Rule


@cache
def all_rules() -> tuple[type[Rule], ...]:
    import structlint.rules as package

    found: dict[str, type[Rule]] = {}
    infos = pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    for info in sorted(infos, key=lambda i: i.name):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj not in (Rule, FileRule, ProjectRule)
                and getattr(obj, "code", None)
                and obj.__module__ == module.__name__
            ):
                if obj.code in found and found[obj.code] is not obj:
                    raise RuntimeError(f"two rules claim {obj.code}: {found[obj.code]} and {obj}")
                found[obj.code] = obj
    return tuple(found[code] for code in sorted(found))


def rules_by_code() -> dict[str, type[Rule]]:
    return {r.code: r for r in all_rules()}
