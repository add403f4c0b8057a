#!/usr/bin/env bash
# The datastore's cost: `oktaleaks audit` of REPOS generated repositories (history of about
# MB_EACH megabytes each) against `oktaleaks scan --git` run on each in turn, paired rounds,
# medians (benches/paired.py).
#
#   benches/audit.sh [REPOS] [MB_EACH]      (default 100 repositories of 10 MB; built once
#                                            under target/)
# Env: RUNS (default 3), THREADS (default: CPUs).
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-100}
mb=${2:-10}
runs=${RUNS:-3}
threads=${THREADS:-$(nproc)}
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks
root=$PWD/target/bench-audit-$repos-$mb
if [ ! -f "$root/.done" ]; then
    rm -rf "$root"
    mkdir -p "$root"
    for i in $(seq -w 1 "$repos"); do
        repo=$root/r$i
        # Five commits, each rewriting a fifth of a generated tree of MB_EACH / 2 (the
        # history holds about MB_EACH).
        python3 benches/gen_tree.py "$repo" $((mb / 2)) >/dev/null
        git -C "$repo" init -q
        git -C "$repo" add -A
        git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "r$i 0"
        for c in 1 2 3 4; do
            find "$repo" -path "$repo/.git" -prune -o -type f -print | awk -v c="$c" 'NR % 5 == c' \
                | while read -r f; do printf '// change %s\n' "$c" >> "$f"; done
            git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -am "r$i $c"
        done
    done
    touch "$root/.done"
fi
list=$root.list
find "$root" -mindepth 1 -maxdepth 1 -type d | sort > "$list"
echo "repositories: $repos under $root ($(du -sh "$root" | cut -f1) with work trees)"
each="while read -r r; do $bin scan --git -q -j $threads -f json -o $PWD/target/bench-each.json \"\$r\"; done < $list"
audit="rm -f $PWD/target/bench-audit.db; $bin audit -q -j $threads --repos-file $list --datastore $PWD/target/bench-audit.db"
python3 benches/paired.py "$runs" "scan --git on each in turn=$each" "audit into a datastore=$audit"
