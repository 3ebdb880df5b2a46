#!/usr/bin/env bash
# Instructions per iteration of the `pending` bench's cases, counted with
# callgrind as bench-support/callgrind.sh does for `overhead`: each case runs
# N and 2N iterations in its own process, and (count(2N) - count(N)) / N is
# one iteration, start-up and first-call work subtracted.
#
#   bench-support/callgrind-pending.sh [REGEX]
#
# Environment: ITERS (N, default 2000), JOBS (parallel valgrinds, default 2),
# CARGO_TARGET_DIR (as for cargo). Prints `case<TAB>instructions` lines, then
# the tree's cost per span over the floor and the layer's ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

filter=${1:-.}
iters=${ITERS:-2000}
jobs=${JOBS:-2}

command -v valgrind >/dev/null || {
    echo "valgrind is needed (apt-get install valgrind)" >&2
    exit 1
}

bin=$(cargo bench -p instrument-bench-pending --bench pending --no-run --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || {
    echo "could not build the pending bench" >&2
    exit 1
}

count() { # case iterations -> instructions executed by the whole process
    ICOUNT_CASE=$1 ICOUNT_ITERS=$2 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

one() { # case -> "case<TAB>instructions per iteration"
    local single double
    single=$(count "$1" "$iters")
    double=$(count "$1" $((2 * iters)))
    awk -v c="$1" -v a="$single" -v b="$double" -v n="$iters" \
        'BEGIN { printf "%s\t%.1f\n", c, (b - a) / n }'
}
export -f count one
export bin iters

out=$(ICOUNT_LIST=1 "$bin" | grep -E -- "$filter" | xargs -P "$jobs" -I{} bash -c 'one "$1"' _ {} | sort)
echo "$out"
echo
# The tree has 21 nodes: per node, over the plain floor.
echo "$out" | awk -F'\t' '
    { v[$1] = $2 }
    END {
        p = v["tree/plain"]; r = v["tree/registry"]; l = v["tree/pending"]; a = v["tree/await_tree"]
        if (p != "" && r != "" && l != "" && a != "") {
            printf "per node: registry %.1f, registry + pending %.1f, await-tree %.1f (over plain)\n", (r - p) / 21, (l - p) / 21, (a - p) / 21
            printf "the layer alone (pending - registry): %.1f per node; / await-tree: %.2f; (registry + pending) / registry: %.2f\n", (l - r) / 21, (l - r) / (a - p), (l - p) / (r - p)
        }
        if (v["lifecycle/registry"] != "" && v["lifecycle/pending"] != "")
            printf "one span: registry %.1f, registry + pending %.1f, ratio %.2f\n", v["lifecycle/registry"], v["lifecycle/pending"], v["lifecycle/pending"] / v["lifecycle/registry"]
    }'
