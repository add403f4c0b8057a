#!/usr/bin/env bash
# Times `scan --verify` of TOKENS distinct findings (default 1000) against a local stand-in
# Okta org that answers after LATENCY_MS (default 50) per request, and compares it with the
# bound that the concurrency limit sets (and with a serial run).
#
#   benches/verify.sh [TOKENS] [LATENCY_MS]        Env: CONCURRENCY (default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
tokens=${1:-1000}
latency=${2:-50}
concurrency=${CONCURRENCY:-8}
cargo build --release --quiet
bin=$PWD/target/release/oktaleaks
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

python3 benches/okta_standin.py "$work/port" "$latency" &
server=$!
while [ ! -s "$work/port" ]; do sleep 0.05; done
port=$(cat "$work/port")

# Random tokens, a tenth of them live (3rd character a digit), one per line after a key.
python3 - "$work/tokens.env" "$tokens" <<'PY'
import random, string, sys
random.seed(7)
alphabet = string.ascii_letters + string.digits
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        third = random.choice(string.digits) if i % 10 == 0 else random.choice(string.ascii_letters)
        f.write("OKTA_API_TOKEN_%d=00%s%s\n" % (i, third, "".join(random.choice(alphabet) for _ in range(39))))
PY

run() {
    local start end
    start=$(date +%s.%N)
    "$bin" scan "$work/tokens.env" --quiet --format json --verify --okta-org "http://127.0.0.1:$port" \
        --verify-concurrency "$1" > "$work/report.json" || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
t=$(run "$concurrency")
live=$(python3 -c "import json; print(json.load(open('$work/report.json'))['stats']['verification']['live'])")
requests=$((tokens + live))  # users/me for each, roles for each live one
bound=$(echo "scale=3; $requests * $latency / 1000 / $concurrency + 0.001" | bc -l)
serial=$(echo "scale=3; $requests * $latency / 1000" | bc -l)
printf 'verify: %d tokens (%d live), %d ms per request, concurrency %d\n' "$tokens" "$live" "$latency" "$concurrency"
printf '  wall time %.2fs; concurrency bound %.2fs (ratio %.2f); serial would be %.2fs\n' \
    "$t" "$bound" "$(echo "$t / $bound" | bc -l)" "$serial"
