"""Which dataset classes exist, found without importing anything.

The installed `kedro` and `kedro-datasets` (and `kedro-datasets-experimental`) are located with
`importlib.util.find_spec` (which does not import a top-level package) and their source is
read, not imported: a class is a dataset class when it subclasses `AbstractDataset` /
`AbstractVersionedDataset`, directly or through other classes of the package, whatever its name
(`matplotlib.MatplotlibWriter(MatplotlibDataset)` of kedro-datasets 8). A group package
(`kedro_datasets.pandas`) offers the dataset classes of its public modules and those its
`__init__.py` names. When `kedro-datasets` is not installed (pre-commit's isolated
environment), the list shipped in `known_datasets.txt` stands in for it; that list is generated
by `tools/gen_known_datasets.py`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from functools import cache
from pathlib import Path

# A class statement and its bases (`[^)]*` spans lines; dataset bases carry no parentheses:
# `AbstractVersionedDataset[pd.DataFrame, pd.DataFrame]`).
CLASS_DEF = re.compile(r"^class\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:", re.MULTILINE)
# Names an `__init__.py` exports that look like dataset classes even where no class statement
# shows it (an alias, a deprecation shim of kedro-datasets 1.x).
_NAME = re.compile(r"\b([A-Z]\w*Data[sS]et(?:V\d+)?)\b")
_CAPITALISED = re.compile(r"\b([A-Z]\w*)\b")
_ROOTS = frozenset(
    {"AbstractDataset", "AbstractVersionedDataset", "AbstractDataSet", "AbstractVersionedDataSet"}
)
SHIPPED = Path(__file__).with_name("known_datasets.txt")


def package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def base_names(bases: str) -> set[str]:
    """The last names of a class's bases: `AbstractDataset[Any, Any]` -> AbstractDataset,
    `io.AbstractDataset` -> AbstractDataset; keywords (`metaclass=...`) are left out."""
    out: set[str] = set()
    depth, part = 0, []
    for ch in bases + ",":
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            text = "".join(part).strip()
            part = []
            if text and "=" not in text:
                out.add(text.split("[", 1)[0].strip().rsplit(".", 1)[-1])
            continue
        if depth == 0 and ch != "]":
            part.append(ch)
    return out


def subclasses(
    bases: dict[str, set[str]], found: set[str], roots: frozenset[str] = frozenset()
) -> set[str]:
    """`found` grown by every class of `bases` (name -> its bases' names) that subclasses a
    root or a class found, through any number of steps (matched by name: a package reuses
    few); the SL408 and SL603 scans of kedro-datasets share it."""
    grew = True
    while grew:
        grew = False
        for name, of in bases.items():
            if name not in found and (of & roots or of & found):
                found.add(name)
                grew = True
    return found


def dataset_classes(texts: dict[str, str]) -> set[str]:
    """Names of the classes of these module texts that subclass a dataset base, directly or
    through other classes of the same texts (matched by name: a package reuses few)."""
    bases: dict[str, set[str]] = {}
    for text in texts.values():
        for m in CLASS_DEF.finditer(text):
            bases.setdefault(m[1], set()).update(base_names(m[2] or ""))
    return subclasses(bases, set(), _ROOTS)


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8", "replace")
    except OSError:
        return ""


def scan_kedro_datasets(top: Path, prefix: str) -> set[str]:
    """`<prefix>.<group>.<Class>` for every dataset class a group package exposes: those its
    public modules define and those its `__init__.py` names."""
    texts: dict[str, str] = {}
    groups: list[str] = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        here = Path(dirpath)
        for f in filenames:
            if f.endswith(".py"):
                texts[(here / f).relative_to(top).as_posix()] = _read(here / f)
        private = any(part.startswith("_") for part in here.relative_to(top).parts)
        if here != top and "__init__.py" in filenames and not private:
            groups.append(here.relative_to(top).as_posix())
    datasets = dataset_classes(texts)
    out: set[str] = set()
    for rel in groups:
        names: set[str] = set()
        init = texts.get(f"{rel}/__init__.py", "")
        names.update(n for n in _CAPITALISED.findall(init) if n in datasets)
        names.update(_NAME.findall(init))
        for path, text in texts.items():
            folder, _, module = path.rpartition("/")
            if folder == rel and not module.startswith("_"):
                names.update(m[1] for m in CLASS_DEF.finditer(text) if m[1] in datasets)
        group = rel.replace("/", ".")
        out.update(f"{prefix}.{group}.{n}" for n in names if not n.startswith(("_", "Abstract")))
    return out


def scan_kedro_io(top: Path) -> set[str]:
    out: set[str] = set()
    io = top / "io"
    try:
        text = (io / "__init__.py").read_text("utf-8", "replace")
    except OSError:
        return out
    out.update(f"kedro.io.{n}" for n in _NAME.findall(text) if not n.startswith(("Abstract", "_")))
    return out


def read_shipped() -> set[str]:
    try:
        text = SHIPPED.read_text("utf-8")
    except OSError:
        return set()
    return {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}


_SCANNED = ("kedro_datasets", "kedro_datasets_experimental", "kedro")


def installed_fingerprint() -> str:
    """Where the scanned packages are and when their folders last changed (an install or
    upgrade rewrites them): text that changes when the types found could."""
    parts = []
    for name in _SCANNED:
        where = package_dir(name)
        if where is not None:
            with contextlib.suppress(OSError):
                parts.append(f"{name}={where}@{where.stat().st_mtime_ns}")
    with contextlib.suppress(OSError):
        parts.append(f"shipped@{SHIPPED.stat().st_mtime_ns}")
    return ";".join(parts)


@cache
def installed_dataset_types() -> tuple[frozenset[str], bool]:
    """(fully qualified dataset classes, whether kedro-datasets itself was found)."""
    out: set[str] = set()
    kd = package_dir("kedro_datasets")
    if kd is not None:
        out |= scan_kedro_datasets(kd, "kedro_datasets")
    kx = package_dir("kedro_datasets_experimental")
    if kx is not None:
        out |= scan_kedro_datasets(kx, "kedro_datasets_experimental")
    k = package_dir("kedro")
    if k is not None:
        out |= scan_kedro_io(k)
    return frozenset(out), kd is not None


@cache
def known_dataset_types() -> frozenset[str]:
    found, has_datasets = installed_dataset_types()
    if has_datasets and any(t.startswith("kedro.io.") for t in found):
        return found
    return frozenset(found | read_shipped())


def candidates_for(type_name: str, known: frozenset[str]) -> list[str]:
    """The ways Kedro would spell each known class, as a user would write them."""
    del type_name
    out = []
    for full in known:
        if full.startswith("kedro_datasets."):
            out.append(full[len("kedro_datasets.") :])
        elif full.startswith("kedro.io."):
            out.append(full[len("kedro.io.") :])
        out.append(full)
    return out


def is_known(type_name: str, known: frozenset[str]) -> bool:
    """Kedro tries `kedro.io.<t>`, `kedro_datasets.<t>`, then `<t>`."""
    return any(p + type_name in known for p in ("kedro.io.", "kedro_datasets.", ""))


def kedro_datasets_groups(known: frozenset[str]) -> frozenset[str]:
    return frozenset(
        t.split(".")[1] for t in known if t.startswith("kedro_datasets.") and t.count(".") >= 2
    )


_SHIPPED_FROM = re.compile(r"kedro-datasets (\d+(?:\.\d+)*)")


def _version_tuple(text: str) -> tuple[int, int, int] | None:
    parts = re.findall(r"\d+", text)[:3]
    if not parts:
        return None
    nums = [int(p) for p in parts] + [0, 0]
    return (nums[0], nums[1], nums[2])


@cache
def judged_datasets_versions() -> tuple[tuple[tuple[int, int, int], ...], str]:
    """The kedro-datasets versions whose classes `known_dataset_types()` holds, and how to
    name them in a message: the installed one, else those the shipped list was made from."""
    if installed_dataset_types()[1]:
        try:
            import importlib.metadata as md  # reads the dist-info, imports nothing of it

            text = md.version("kedro-datasets")
        except Exception:  # a broken or unusual install: no version to compare
            return (), "the installed kedro-datasets"
        v = _version_tuple(text)
        return ((v,) if v else ()), f"kedro-datasets {text}, installed next to structlint"
    try:
        head = "\n".join(ln for ln in SHIPPED.read_text("utf-8").splitlines() if ln[:1] == "#")
    except OSError:
        head = ""
    texts = _SHIPPED_FROM.findall(head)
    versions = tuple(v for v in map(_version_tuple, texts) if v)
    label = " / ".join(texts) or "a recent version"
    return versions, f"kedro-datasets {label} (the list shipped with structlint)"
