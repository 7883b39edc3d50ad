#!/usr/bin/env bash
# Builds the Python wheel with maturin, installs it into .venv and runs pytest on it.
# Called by scripts/test.sh when present; idempotent; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$PWD/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
# maturin builds; pytest runs; pandas, polars, pyarrow are the optional extras under test;
# matplotlib lets the example draw its chart; dask runs the scale-out test on a LocalCluster.
"$py" -m pip install --quiet --disable-pip-version-check \
  maturin pytest pandas polars pyarrow matplotlib "dask[distributed,dataframe]"

rm -f target/wheels/kpi-*.whl
"$venv/bin/maturin" build --release -m kpi-py/Cargo.toml --out target/wheels 2>&1 | tail -n 3
wheel=$(ls -t target/wheels/kpi-*.whl | head -n 1)
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

# From kpi-py/, so `import kpi` is the installed wheel (the source tree has no _kpi binary).
cd kpi-py
"$py" -m pytest tests -q -p no:cacheprovider
