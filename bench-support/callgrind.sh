#!/usr/bin/env bash
# Instructions per iteration of every case of the `overhead` bench, counted
# with callgrind: each case runs N and 2N iterations in its own process, and
# (count(2N) - count(N)) / N is what one iteration costs, with start-up,
# subscriber set-up and first-call work (callsite registration, slab pages)
# subtracted away. Deterministic for a given binary, so ratios are stable on
# a noisy machine.
#
#   bench-support/callgrind.sh [REGEX]      # cases whose id matches REGEX
#
# Environment: ITERS (N, default 2000), JOBS (parallel valgrinds, default 2),
# OUT (raw `case<TAB>instructions` lines, default /tmp/instrument-callgrind.tsv),
# CARGO_TARGET_DIR (as for cargo), OFF (1: build with the static off switch of
# both, `max_level_off`), ICOUNT_GLOBAL (1: install each case's subscriber as
# the global default instead of a scoped one). Prints a Markdown table per
# group with the overhead over the plain code and the ratio ours/tracing.
set -euo pipefail
cd "$(dirname "$0")/.."

filter=${1:-.}
iters=${ITERS:-2000}
jobs=${JOBS:-2}
out=${OUT:-/tmp/instrument-callgrind.tsv}

command -v valgrind >/dev/null || {
    echo "valgrind is needed (apt-get install valgrind)" >&2
    exit 1
}

features=()
if [ "${OFF:-0}" = 1 ]; then
    features=(--features max_level_off,tracing/max_level_off)
fi
bin=$(cargo bench -p instrument-runtime --bench overhead "${features[@]}" --no-run --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || {
    echo "could not build the overhead bench" >&2
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

ICOUNT_LIST=1 "$bin" | grep -E -- "$filter" | xargs -P "$jobs" -I{} bash -c 'one "$1"' _ {} |
    sort >"$out"

# One table per `<what>`: a row per subscriber.
awk -F'\t' '
    {
        split($1, id, "/")
        key = id[1] "/" id[2]
        if (!(key in seen)) { seen[key] = 1; keys[++n] = key }
        v[key, id[3]] = $2
    }
    END {
        # Order: the groups as the bench lists them.
        split("call_async call_async_nested call_sync call_async_err call_sync_err poll span instrument in_current_span instrumented_poll", whats, " ")
        split("none level_off level_off_mixed registry fmt otel", envs, " ")
        for (w = 1; w in whats; w++) {
            header = 0
            for (e = 1; e in envs; e++) {
                key = whats[w] "/" envs[e]
                if (!(key in seen)) continue
                if (!header) {
                    printf "\n%s (instructions per iteration)\n\n", whats[w]
                    print "| subscriber | plain | ours | tracing | ours - plain | tracing - plain | ratio |"
                    print "|---|---:|---:|---:|---:|---:|---:|"
                    header = 1
                }
                p = v[key, "plain"]; o = v[key, "ours"]; t = v[key, "tracing"]
                ratio = (t - p) > 0.5 ? sprintf("%.2f", (o - p) / (t - p)) : "n/a"
                printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s |\n", envs[e], p, o, t, o - p, t - p, ratio
            }
        }
    }' "$out"
echo
echo "raw counts: $out"
