# Shared by the timing scripts under benches/.

# best_of N CMD...: the best wall-clock seconds of N runs of CMD, output discarded.
best_of() {
    local runs=$1 best=999999 start end t
    shift
    for _ in $(seq "$runs"); do
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
    done
    printf '%.3f' "$best"
}
