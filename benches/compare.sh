#!/usr/bin/env bash
# Side by side, as ratios: oktaleaks against ripgrep (and any other secret scanner found on
# PATH: noseyparker, kingfisher, gitleaks, trufflehog) on a tree of real code; peak memory
# on part of that tree and on all of it; optionally a history scan and verification.
#
#   benches/compare.sh                       real code: this machine's Python standard library
#                                            and /usr/include, 40 tokens planted
#                                            (benches/real_tree.py)
#   benches/compare.sh generated [SIZE_MB]   a generated tree instead (benches/gen_tree.py;
#                                            default 512 MB)
#
# Timing is paired (benches/paired.py): each command runs once per round, in turn; medians of
# RUNS rounds, with user and system time beside wall time.
# Env: THREADS (default: CPUs), RUNS (default 5), HISTORY_REPO=path (also run
# benches/history_vs_git.sh), VERIFY=1 (also run benches/verify.sh), STAGED=1 (benches/staged.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-real}
threads=${THREADS:-$(nproc)}
runs=${RUNS:-5}
pattern='00[A-Za-z0-9_-]{40}'
command -v rg >/dev/null || { echo "needs ripgrep (cargo install ripgrep)" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks
report=$PWD/target/bench-report.json
case $kind in
    real)
        tree=target/bench-real
        [ -d "$tree" ] || python3 benches/real_tree.py "$tree" 40
        # Memory as the file count grows: one part of the tree, then all of it.
        part=$tree/include
        ;;
    generated)
        size_mb=${2:-512}
        tree=target/bench-tree-$size_mb
        part=target/bench-tree-$((size_mb / 10))
        [ -d "$tree" ] || python3 benches/gen_tree.py "$tree" "$size_mb"
        [ -d "$part" ] || python3 benches/gen_tree.py "$part" $((size_mb / 10))
        ;;
    *) echo "usage: benches/compare.sh [real | generated [SIZE_MB]]" >&2; exit 2 ;;
esac
[ -d "$part" ] || part=$tree

files() { find "$1/" -type f | wc -l; }
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); threads: $threads; median of $runs paired rounds"
echo "tree: $tree ($kind; $(du -sh "$tree/" | cut -f1), $(files "$tree") files)"
echo "ripgrep: $(rg --version | head -1)"
ok="$bin scan --no-ignore -j $threads -q -f json -o $report"
commands=(
    "rg -c '$pattern'=rg -j $threads -c --no-ignore --hidden '$pattern' $tree"
    "rg -c a literal that never matches (I/O bound)=rg -j $threads -c --no-ignore --hidden QQQQ_never_QQQQ $tree"
    "oktaleaks scan --no-ignore --format json=$ok $tree"
)
if command -v noseyparker >/dev/null; then
    commands+=("noseyparker scan (all rules)=rm -rf target/np.db; noseyparker scan --datastore target/np.db -j $threads --progress never $tree")
fi
if command -v kingfisher >/dev/null; then
    commands+=("kingfisher scan=kingfisher scan $tree --no-validate")
fi
if command -v gitleaks >/dev/null; then
    commands+=("gitleaks dir=gitleaks dir $tree")
fi
if command -v trufflehog >/dev/null; then
    commands+=("trufflehog filesystem --no-verification=trufflehog filesystem --no-verification $tree")
fi
python3 benches/paired.py "$runs" "${commands[@]}"

$ok "$tree" || true
found=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["stats"]["findings"])' "$report")
if [ -f "$tree.planted" ]; then
    echo "findings: $found; planted: $(wc -l < "$tree.planted")"
else
    echo "findings: $found"
fi
peak_mib() {
    local out
    out=$(mktemp)
    /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$out" | awk '{printf "%.0f", $1 / 1024}'
    rm -f "$out"
}
echo "peak RSS as the file count grows: $(files "$part") files $(peak_mib $ok "$part") MiB, $(files "$tree") files $(peak_mib $ok "$tree") MiB"

if [ -n "${HISTORY_REPO:-}" ]; then benches/history_vs_git.sh "$HISTORY_REPO"; fi
if [ -n "${STAGED:-}" ]; then benches/staged.sh 100000; fi
if [ -n "${VERIFY:-}" ]; then benches/verify.sh 1000 50; fi
