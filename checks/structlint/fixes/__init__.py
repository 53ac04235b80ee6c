"""Fixes that span files: the unsafe fixes of SL302, SL205, SL201 and SL101.

A file rule sees one module, and its findings are cached by that module's content alone, so
it cannot know the `node()` calls in `pipeline.py` or the files of `conf/` that its fix has to
edit. Those fixes are built here instead, after a run, from the findings and the project model
(`attach_fixes`): what the fix is (edits per file) stays separate from applying it, which the
fixer and the editor server each do their own way.
"""
