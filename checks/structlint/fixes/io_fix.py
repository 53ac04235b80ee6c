from __future__ import annotations


def build(finding, ctx, knobs=None):
    return None


def build_for_path(finding, ctx):
    return None
