#!/usr/bin/env bash
# Side by side, as ratios: oktaleaks against ripgrep (and any other secret scanner found on
# PATH: noseyparker, kingfisher, gitleaks, trufflehog) on a generated tree; peak memory on that
# tree and on one ten times smaller; optionally a history scan and verification.
#
#   benches/compare.sh [SIZE_MB]             (default 512)
#
# Env: THREADS (default: CPUs), RUNS (default 5), HISTORY_REPO=path (also run
# benches/history_vs_git.sh), VERIFY=1 (also run benches/verify.sh), STAGED=1 (benches/staged.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-512}
small_mb=$((size_mb / 10))
threads=${THREADS:-$(nproc)}
runs=${RUNS:-5}
pattern='00[A-Za-z0-9_-]{40}'
command -v rg >/dev/null || { echo "needs ripgrep (cargo install ripgrep)" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks
tree=target/bench-tree-$size_mb
small=target/bench-tree-$small_mb
[ -d "$tree" ] || python3 benches/gen_tree.py "$tree" "$size_mb"
[ -d "$small" ] || python3 benches/gen_tree.py "$small" "$small_mb"

# shellcheck source=benches/lib.sh
. benches/lib.sh

peak_mib() {
    local out
    out=$(mktemp)
    /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$out" | awk '{printf "%.0f", $1 / 1024}'
    rm -f "$out"
}

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); threads: $threads; best of $runs"
echo "tree: $tree ($(du -sh "$tree" | cut -f1), $(find "$tree" -type f | wc -l) files)"
echo "ripgrep: $(rg --version | head -1)"
rg_time=$(best_of "$runs" rg -j "$threads" -c "$pattern" "$tree")
printf '%-44s %9s  %6s  %s\n' "command" "wall" "ratio" "peak RSS"
row() {  # name, seconds, peak MiB
    printf '%-44s %8ss  %6.2f  %s MiB\n' "$1" "$2" "$(echo "$2 / $rg_time" | bc -l)" "$3"
}
row "rg -c '$pattern'" "$rg_time" "$(peak_mib rg -j "$threads" -c "$pattern" "$tree")"
row "rg -c literal (I/O bound)" "$(best_of "$runs" rg -j "$threads" -c QQQQ_never_QQQQ "$tree")" \
    "$(peak_mib rg -j "$threads" -c QQQQ_never_QQQQ "$tree")"
row "oktaleaks scan --format json" "$(best_of "$runs" "$bin" scan -j "$threads" -q -f json "$tree")" \
    "$(peak_mib "$bin" scan -j "$threads" -q -f json "$tree")"
if command -v noseyparker >/dev/null; then
    np() { rm -rf "$PWD/target/np.db"; noseyparker scan --datastore "$PWD/target/np.db" -j "$threads" --progress never "$tree"; }
    row "noseyparker scan (all rules)" "$(best_of "$runs" np)" "$(peak_mib noseyparker scan --datastore "$PWD/target/np2.db" -j "$threads" --progress never "$tree")"
fi
if command -v kingfisher >/dev/null; then
    row "kingfisher scan" "$(best_of "$runs" kingfisher scan "$tree" --no-validate)" "$(peak_mib kingfisher scan "$tree" --no-validate)"
fi
if command -v gitleaks >/dev/null; then
    row "gitleaks dir" "$(best_of "$runs" gitleaks dir "$tree")" "$(peak_mib gitleaks dir "$tree")"
fi
if command -v trufflehog >/dev/null; then
    row "trufflehog filesystem --no-verification" "$(best_of "$runs" trufflehog filesystem --no-verification "$tree")" \
        "$(peak_mib trufflehog filesystem --no-verification "$tree")"
fi
echo "memory as the tree grows: $small_mb MB tree $(peak_mib "$bin" scan -j "$threads" -q -f json "$small") MiB, $size_mb MB tree $(peak_mib "$bin" scan -j "$threads" -q -f json "$tree") MiB"

if [ -n "${HISTORY_REPO:-}" ]; then benches/history_vs_git.sh "$HISTORY_REPO"; fi
if [ -n "${STAGED:-}" ]; then benches/staged.sh 100000; fi
if [ -n "${VERIFY:-}" ]; then benches/verify.sh 1000 50; fi
