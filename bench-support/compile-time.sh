#!/usr/bin/env bash
# Compile time of `#[instrument]`: `cargo check` of a generated crate of N
# annotated `async fn`s and N annotated sync fns (arguments `u64`, `&str`,
# `String`), ours against `tracing`'s against no attribute at all.
#
#   bench-support/compile-time.sh
#
# Environment: N (functions of each kind, default 200), KINDS (`both`, or
# `async` or `sync` alone, default both), RUNS (checks of each variant,
# default 7), EDITION (of the generated crates, default 2021), DIR (where the
# crates are generated, default /tmp/instrument-compile-time), OFF (1: both
# attributes with the static off switch, `max_level_off`).
#
# The three crates (`generate.sh`) are identical but for the attribute and
# have the same dependencies, which are built once before timing. Each run touches a crate's
# `lib.rs` and times `cargo check -p <crate>`, with `CARGO_INCREMENTAL=0` so
# that every check expands and type-checks the whole crate. Runs alternate
# between the variants (the order rotates every round), so drift in machine
# load hits all three alike. Reports the median and the spread (min-max) of
# each, and the cost per annotated function: (median - median of `none`) /
# (number of annotated fns).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-200}
runs=${RUNS:-7}
kinds=${KINDS:-both}
# shellcheck source=bench-support/generate.sh
source "$root/bench-support/generate.sh"
fns=$(annotated_fns "$n" "$kinds")
edition=${EDITION:-2021}
dir=${DIR:-/tmp/instrument-compile-time}
variants=(none ours tracing)

generate_crates "$dir" "$n" "$kinds" "$edition" lib "${OFF:-0}"

export CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
cd "$dir"
echo "building dependencies and checking each variant once (not timed)..." >&2
cargo check --workspace --quiet

check_ms() { # variant -> milliseconds of one `cargo check`
    touch "$dir/$1/src/lib.rs"
    local start end
    start=$(date +%s%N)
    cargo check --quiet -p "gen-$1"
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

declare -A times
for ((round = 0; round < runs; round++)); do
    for ((k = 0; k < ${#variants[@]}; k++)); do
        variant=${variants[$(((k + round) % ${#variants[@]}))]}
        ms=$(check_ms "$variant")
        times[$variant]+="$ms "
        echo "round $((round + 1))/$runs: $variant ${ms} ms" >&2
    done
done

stats() { # "t1 t2 ..." -> "median min max"
    tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '
        { v[NR] = $1 }
        END {
            median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            print median, v[1], v[NR]
        }'
}

read -r none_median _ _ <<<"$(stats "${times[none]}")"
echo
echo "cargo check, $fns annotated fns (KINDS=$kinds, N=$n, OFF=${OFF:-0}), edition $edition, $runs runs each, CARGO_INCREMENTAL=0"
echo
echo "| variant | median (ms) | min-max (ms) | per annotated fn (ms) |"
echo "|---|---:|---:|---:|"
declare -A per_fn
for variant in "${variants[@]}"; do
    read -r median min max <<<"$(stats "${times[$variant]}")"
    per_fn[$variant]=$(awk -v m="$median" -v b="$none_median" -v f="$fns" 'BEGIN { printf "%.3f", (m - b) / f }')
    echo "| $variant | $median | $min-$max | ${per_fn[$variant]} |"
done
echo
awk -v o="${per_fn[ours]}" -v t="${per_fn[tracing]}" \
    'BEGIN { if (t > 0) printf "per annotated fn, ours / tracing: %.2f\n", o / t }'
echo "raw (ms): none: ${times[none]}| ours: ${times[ours]}| tracing: ${times[tracing]}"
