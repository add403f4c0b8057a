#!/usr/bin/env bash
# Times `oktaleaks scan` (full pipeline: context, decoding, JSON report) against ripgrep
# counting the bare token pattern, on the same generated tree, with the same thread count.
#
#   benches/scan_vs_rg.sh [SIZE_MB]        (default 512; the tree is kept for later runs)
#
# Env: TREE (where to build the tree), THREADS (default: number of CPUs), RUNS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-512}
tree=${TREE:-target/bench-tree-$size_mb}
threads=${THREADS:-$(nproc)}
runs=${RUNS:-5}
pattern='00[A-Za-z0-9_-]{40}'

command -v rg >/dev/null || { echo "needs ripgrep (cargo install ripgrep)" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/oktaleaks
[ -d "$tree" ] || python3 benches/gen_tree.py "$tree" "$size_mb"

# shellcheck source=benches/lib.sh
. benches/lib.sh

echo "tree: $tree ($(du -sh "$tree" | cut -f1), $(find "$tree" -type f | wc -l) files), threads: $threads, best of $runs"
echo "rg:        $(rg --version | head -1)"
rg_time=$(best_of "$runs" rg -j "$threads" -c "$pattern" "$tree")
ok_time=$(best_of "$runs" "$bin" scan -j "$threads" --quiet --format json "$tree")
literal_time=$(best_of "$runs" rg -j "$threads" -c 'QQQQ_never_matches_QQQQ' "$tree")
found=$("$bin" scan -j "$threads" --quiet --format json "$tree" | grep -c '"rule_id"' || true)
echo "rg -c pattern:        ${rg_time}s"
echo "rg -c literal (I/O):  ${literal_time}s"
echo "oktaleaks scan:       ${ok_time}s  ($found findings)"
echo "ratio oktaleaks/rg:   $(echo "scale=2; $ok_time / $rg_time" | bc -l)"
