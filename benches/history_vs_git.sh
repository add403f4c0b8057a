#!/usr/bin/env bash
# Times a history scan against the plain pipeline that reads every object and greps it:
#
#   benches/history_vs_git.sh PATH_TO_REPO      (a clone or a bare mirror; full history)
#
# oktaleaks does more (every ref, blobs once, context, decoding, attribution, a JSON report);
# the pipeline only counts pattern hits over every object. Env: RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: benches/history_vs_git.sh PATH_TO_REPO}
runs=${RUNS:-3}
pattern='00[A-Za-z0-9_-]{40}'
command -v rg >/dev/null || { echo "needs ripgrep (cargo install ripgrep)" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks

echo "repo: $repo ($(git -C "$repo" rev-list --all | wc -l) commits, $(git -C "$repo" count-objects -vH | awk '/size-pack/ {print $2, $3}') packed)"
# Paired rounds, medians (benches/paired.py); the first command is the floor the ratio is to.
python3 benches/paired.py "$runs" \
    "git cat-file --batch-all-objects --batch | rg -c=git -C '$repo' cat-file --batch-all-objects --batch | rg -c '$pattern'" \
    "oktaleaks scan --git --format json=$bin scan --git --quiet --format json -o $PWD/target/bench-history.json '$repo'"
