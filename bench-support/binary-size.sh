#!/usr/bin/env bash
# Binary size of `#[instrument]`: a generated binary of N annotated `async fn`s
# and N annotated sync fns, each called (and polled) by `main`, built in debug
# and release, ours against `tracing`'s against no attribute at all. Sizes are
# deterministic for a compiler and target.
#
#   bench-support/binary-size.sh
#
# Environment: N (functions of each kind, default 100, so 200 in all), KINDS
# (`both`, `async` or `sync`), EDITION (default 2021), OFF (1: the static
# off switch, `max_level_off`, on both), DIR (default
# /tmp/instrument-binary-size).
#
# Reports the `.text` section and the whole file, and the growth over `none`
# per annotated function, for each profile.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-100}
kinds=${KINDS:-both}
# shellcheck source=bench-support/generate.sh
source "$root/bench-support/generate.sh"
fns=$(annotated_fns "$n" "$kinds")
dir=${DIR:-/tmp/instrument-binary-size}
generate_crates "$dir" "$n" "$kinds" "${EDITION:-2021}" bin "${OFF:-0}"

export CARGO_TARGET_DIR="$dir/target" CARGO_TERM_COLOR=never
cd "$dir"
text_size() { size -A "$1" | awk '$1 == ".text" { print $2 }'; }

echo "binary size, $fns annotated fns (KINDS=$kinds, N=$n, OFF=${OFF:-0}), edition ${EDITION:-2021}"
for profile in dev release; do
    cargo build --quiet --workspace --profile "$profile"
    out=$([ "$profile" = dev ] && echo debug || echo release)
    declare -A text file
    for variant in none ours tracing; do
        bin="$dir/target/$out/gen-$variant"
        "$bin" >/dev/null
        text[$variant]=$(text_size "$bin")
        file[$variant]=$(stat -c %s "$bin")
    done
    echo
    echo "$profile profile"
    echo
    echo "| variant | .text (bytes) | file (bytes) | .text per fn over none | file per fn over none |"
    echo "|---|---:|---:|---:|---:|"
    for variant in none ours tracing; do
        awk -v v="$variant" -v t="${text[$variant]}" -v f="${file[$variant]}" \
            -v t0="${text[none]}" -v f0="${file[none]}" -v n="$fns" \
            'BEGIN { printf "| %s | %d | %d | %.0f | %.0f |\n", v, t, f, (t - t0) / n, (f - f0) / n }'
    done
    awk -v o="${text[ours]}" -v t="${text[tracing]}" -v z="${text[none]}" \
        -v fo="${file[ours]}" -v ft="${file[tracing]}" -v fz="${file[none]}" \
        'BEGIN { printf "\ngrowth ours / tracing: .text %.2f, file %.2f\n", (o - z) / (t - z), (fo - fz) / (ft - fz) }'
done
