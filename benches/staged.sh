#!/usr/bin/env bash
# Times the pre-commit check: `oktaleaks scan --staged` with one changed file staged, in a
# repository of FILES files (default 100000), process start to exit.
#
#   benches/staged.sh [FILES]        (the repository is built once under target/)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}
runs=${RUNS:-10}
repo=$PWD/target/bench-staged-$files
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks

if [ ! -d "$repo/.git" ]; then
    mkdir -p "$repo"
    python3 - "$repo" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"d{i // 1000:03d}", f"e{(i // 100) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i}.rs"), "w") as f:
        f.write(f"fn f{i}() -> u32 {{ {i} }}\n")
PY
    git -C "$repo" init -q
    git -C "$repo" add -A
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "100k files"
fi
echo "OKTA_API_TOKEN=00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl" > "$repo/d000/e0/f0.rs"
git -C "$repo" add d000/e0/f0.rs

best=999999
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    (cd "$repo" && "$bin" scan --staged --quiet >/dev/null) || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    (( ms < best )) && best=$ms
done
git -C "$repo" checkout -q -- d000/e0/f0.rs 2>/dev/null || git -C "$repo" reset -q --hard
echo "repo: $repo ($files files), one file staged"
echo "oktaleaks scan --staged: best of $runs: ${best} ms"
