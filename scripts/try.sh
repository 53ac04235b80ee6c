#!/usr/bin/env bash
# Try kedro-structlint: generate a Kedro project from this checkout with copier, install it,
# run it, lint it, then plant a typical notebook habit and show structlint catching it and
# what `structlint check --fix` (safe) and `--diff --unsafe-fixes` do about it.
#   bash scripts/try.sh [DESTINATION]        (default: ./try-project, replaced if it exists)
# Needs only python3 (3.10 to 3.13), pip and git; copier and uv go into ./.venv-tools.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$(realpath -m "${1:-try-project}")"
export PIP_DISABLE_PIP_VERSION_CHECK=1 KEDRO_DISABLE_TELEMETRY=true DO_NOT_TRACK=1

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Installing copier and uv into $here/.venv-tools"
[ -x "$here/.venv-tools/bin/python" ] || python3 -m venv "$here/.venv-tools"
"$here/.venv-tools/bin/python" -m pip install --quiet "copier==9.19.1" "uv==0.13.9"
tools="$here/.venv-tools/bin"

pyver="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$pyver" in
  3.10|3.11|3.12|3.13) ;;
  *) echo "python3 is $pyver: the template's projects are tested on Python 3.10 to 3.13" >&2; exit 2 ;;
esac

step "Generating a project from this checkout into $dest"
rm -rf "$dest"
# The project targets the Python that runs this script.
extra=(--data "python_version=$pyver")
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  # Uncommitted changes: copier renders them, but the commit it would pin does not exist in
  # this checkout, so install the linter from the working tree instead.
  extra+=(--data "structlint_source=kedro-structlint @ file://$here")
fi
"$tools/copier" copy --defaults --vcs-ref HEAD "${extra[@]}" "$here" "$dest"
cd "$dest"
git init --quiet && git add . && git -c user.name=try -c user.email=try@example.invalid commit --quiet -m "Start from the kedro-structlint template"

step "Installing the project (uv venv + uv pip install -e . --group dev)"
"$tools/uv" venv --quiet --python "$(python3 -c 'import sys; print(sys.executable)')" .venv
"$tools/uv" pip install --quiet --python .venv/bin/python -e . --group dev

step "kedro run"
.venv/bin/kedro run

step "structlint check (a fresh project is clean)"
.venv/bin/structlint check --select ALL

package="$(sed -n 's/^package_name = "\(.*\)"$/\1/p' pyproject.toml)"
nodes="src/$package/pipelines/data_processing/nodes.py"
pipeline="src/$package/pipelines/data_processing/pipeline.py"
step "Planting a notebook habit in $nodes (wired as a node), then structlint check"
cat >> "$nodes" <<'PY'


def load_extra_rows(houses: pd.DataFrame) -> pd.DataFrame:
    """Notebook habit: read a file and write a file inside a node."""
    extra = pd.read_csv("data/01_raw/extra_houses.csv")
    houses["price_per_m2"] = houses["price"] / houses["area"]
    houses.to_csv("/tmp/houses_debug.csv")
    return pd.concat([houses, extra.sample(frac=0.5)])
PY
# The node that runs it: the last one of the pipeline, on the preprocessed listings.
python3 - "$pipeline" <<'PY'
import sys

path = sys.argv[1]
text = open(path).read()
text = text.replace("import create_model_input_table,", "import create_model_input_table, load_extra_rows,")
node = (
    "            Node(\n"
    "                func=load_extra_rows,\n"
    '                inputs=["preprocessed_houses"],\n'
    '                outputs="houses_with_extra_rows",\n'
    '                name="load_extra_rows_node",\n'
    "            ),\n"
)
at = text.rindex("        ]\n")
open(path, "w").write(text[:at] + node + text[at:])
PY
.venv/bin/structlint check --select ALL --output-format concise || true

step "structlint check --fix: the safe fixes are applied, the rest is reported"
.venv/bin/structlint check --select ALL --fix --show-fixes --output-format concise || true
git --no-pager diff --stat

step "structlint check --diff --unsafe-fixes: what the unsafe fixes would change (nothing is written)"
.venv/bin/structlint check --select ALL --diff --unsafe-fixes || true

git checkout --quiet -- . && git clean -fdq -- src conf
step "Done: the project is in $dest (restored to its clean state)."
