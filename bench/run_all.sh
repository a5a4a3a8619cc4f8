#!/usr/bin/env bash
# The whole benchmark in one command (issue 5): analysis at each size against bare spaCy, then the
# dashboard on scaled stores (1k, 10k, 100k by default) against the 1k store, then the load bench.
# Usage: bench/run_all.sh [ANALYSIS_SIZES...]     (default: 1000 10000; results print as they come)
# Environment: WORKDIR (default /tmp/presslens-bench), STORE_SIZES (default "1000 10000 100000").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
WORKDIR=${WORKDIR:-/tmp/presslens-bench}
SIZES=${*:-1000 10000}
STORE_SIZES=${STORE_SIZES:-1000 10000 100000}
mkdir -p "$WORKDIR"

echo "== analysis: $SIZES (nproc $(nproc))"
# shellcheck disable=SC2086
"$PY" bench/bench_analysis.py $SIZES --workdir "$WORKDIR"

first=${SIZES%% *}
echo "== dashboard: stores scaled from the analysed $first-article store to $STORE_SIZES"
stores=()
for n in $STORE_SIZES; do
    out="$WORKDIR/scaled-$n.duckdb"
    rm -f "$out"
    "$PY" bench/scale_store.py "$WORKDIR/store-$first.duckdb" "$n" -o "$out"
    stores+=("$out")
done
"$PY" bench/bench_dashboard.py "${stores[@]}" --repeat 2

echo "== load: 8 sessions on the ${stores[0]##*/} store"
"$PY" bench/bench_load.py "${stores[0]}" --sessions 8 --rounds 4

echo "== snapshot: what publishing the dashboard's copy costs a writer, on the ${stores[-1]##*/} store"
"$PY" bench/bench_snapshot.py "${stores[-1]}"
