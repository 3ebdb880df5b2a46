#!/usr/bin/env python3
"""Markdown tables from the last criterion run of the `overhead` bench.

    python3 bench-support/criterion-table.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion.
For each `<what>/<subscriber>` group: the median time per iteration of
`plain`, `ours` and `tracing` (with criterion's 95% confidence interval of
the median), the overhead of each over `plain`, and the ratio of overheads
ours/tracing. Wall time on a shared machine is noisy: read the ratios next to
the instruction counts of bench-support/callgrind.sh.
"""

import json
import os
import sys
from pathlib import Path

WHATS = [
    "call_async",
    "call_async_nested",
    "call_sync",
    "call_async_err",
    "call_sync_err",
    "poll",
    "span",
    "instrument",
    "in_current_span",
    "instrumented_poll",
]
ENVS = ["none", "level_off", "level_off_mixed", "registry", "fmt", "otel"]


def default_dir() -> Path:
    target = os.environ.get("CARGO_TARGET_DIR")
    if target:
        return Path(target) / "criterion"
    return Path(__file__).resolve().parent.parent / "target" / "criterion"


def load(root: Path) -> dict:
    """{(what, env, impl): (median, low, high)} in nanoseconds."""
    results = {}
    for bench in root.glob("*/*/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        group = meta["group_id"].split("/")
        if len(group) != 2:
            continue
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        median = estimates["median"]
        interval = median["confidence_interval"]
        results[(group[0], group[1], meta["function_id"])] = (
            median["point_estimate"],
            interval["lower_bound"],
            interval["upper_bound"],
        )
    return results


def cell(value) -> str:
    median, low, high = value
    return f"{median:.2f} ({low:.2f}-{high:.2f})"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else default_dir()
    results = load(root)
    if not results:
        sys.exit(f"no criterion results under {root}: run `cargo bench --bench overhead` first")
    for what in WHATS:
        rows = [env for env in ENVS if (what, env, "plain") in results]
        if not rows:
            continue
        print(f"\n{what} (ns per iteration: median, 95% CI of the median)\n")
        print("| subscriber | plain | ours | tracing | ours - plain | tracing - plain | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for env in rows:
            plain, ours, theirs = (results.get((what, env, imp)) for imp in ("plain", "ours", "tracing"))
            if ours is None or theirs is None:
                continue
            ours_over = ours[0] - plain[0]
            theirs_over = theirs[0] - plain[0]
            ratio = f"{ours_over / theirs_over:.2f}" if theirs_over > 0.05 else "n/a"
            print(
                f"| {env} | {cell(plain)} | {cell(ours)} | {cell(theirs)} "
                f"| {ours_over:.2f} | {theirs_over:.2f} | {ratio} |"
            )


if __name__ == "__main__":
    main()
