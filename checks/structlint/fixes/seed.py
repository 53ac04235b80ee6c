from __future__ import annotations


def build(finding, ctx, knobs=None):
    return None
