#!/usr/bin/env bash
# What rust-analyzer shows of instrumented code: the shapes of
# `bench-support/ide/shapes.rs`, as plain code, under `tracing`'s
# `#[instrument]` and under ours, probed over the language server with the
# tool of `../shared/tools/ide/` (rust-analyzer built from crates.io; proc
# macros expanded by the toolchain's own `rust-analyzer-proc-macro-srv`).
#
#   bench-support/ide.sh [OUT_DIR]      # default /tmp/instrument-ide
#
# Needs IDE_TOOLS (default: ../shared/tools/ide next to this repository),
# whose setup.sh builds rust-analyzer once (~6 min on 2 cores). Prints a
# Markdown table per variant: inactive-code diagnostics, other diagnostics,
# inlay type hints, hovers that show generated names, completion after
# `param.`, and analysis-stats' expressions of unknown and partly unknown
# type (`??ty` / `?ty`: counted over the crate and its path dependency
# instrument-runtime, so compare the variants with each other); the raw
# JSON of each probe is kept in OUT_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/instrument-ide}
tools=${IDE_TOOLS:-$root/../shared/tools/ide}
[ -x "$tools/setup.sh" ] || {
    echo "no IDE tools at $tools (set IDE_TOOLS)" >&2
    exit 1
}
eval "$("$tools/setup.sh" 2>/dev/null | grep -E '^(RA|RUST_SRC_PATH)=' | sed 's/^/export /')"

rm -rf "$out"
mkdir -p "$out"
for variant in plain tracing ours; do
    dir=$out/$variant
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "ide-$variant"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
instrument-runtime = { path = "$root/instrument-runtime" }
tracing = { version = "0.1.44", default-features = false, features = ["std", "attributes"] }
async-trait = "0.1.89"
futures-util = { version = "0.3.31", default-features = false, features = ["alloc"] }

[workspace]
TOML
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    python3 - "$variant" "$root/bench-support/ide/shapes.rs" "$dir/src/lib.rs" <<'PY'
import re, sys
variant, src, dst = sys.argv[1:]
text = open(src).read()
path = {"plain": None, "tracing": "tracing::instrument", "ours": "instrument_runtime::instrument"}[variant]
def attr(m):
    args = m.group(1) or ""
    return "" if path is None else f"#[{path}{args}]"
text = re.sub(r"/\*ATTR(\(.*?\))?\*/", attr, text)
text = text.replace("/*BLOCK*/", "#[instrument_runtime::instrument]" if variant == "ours" else "")
open(dst, "w").write(text)
PY
    (cd "$dir" && cargo build --offline -q 2>/dev/null) || (cd "$dir" && cargo build -q)
    python3 "$tools/probe.py" "$dir" src/lib.rs "$out/$variant.json" >/dev/null
    "$RA" analysis-stats "$dir" >"$out/$variant.stats" 2>&1 || true
done

python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
print("| variant | fns | inactive-code | other diagnostics | inlay type hints | hovers with generated names | completion works | exprs of unknown / partly unknown type |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for variant in ["plain", "tracing", "ours"]:
    data = json.load(open(f"{out}/{variant}.json"))
    fns = [f for f in data["functions"] if not f["name"].startswith(("fmt", "get"))] if "functions" in data else []
    stats = open(f"{out}/{variant}.stats").read()
    unknown = re.search(r"exprs: \d+, \?\?ty: (\d+) \([^)]*\), \?ty: (\d+)", stats)
    inactive = sum(f["inactive"] for f in fns)
    other = sum(len(f["diagnostics"]) - f["inactive"] for f in fns)
    hints = sum(f["inlay_type_hints"] for f in fns)
    generated = sum(1 for f in fns if f.get("hover_generated_names"))
    completion = sum(1 for f in fns if (f.get("completion") or {}).get("works"))
    with_param = sum(1 for f in fns if f.get("completion") is not None)
    print(f"| {variant} | {len(fns)} | {inactive} | {other} | {hints} | {generated} | {completion}/{with_param} | {unknown.group(1) + ' / ' + unknown.group(2) if unknown else '?'} |")
PY
echo
echo "raw: $out/{plain,tracing,ours}.json and .stats"
