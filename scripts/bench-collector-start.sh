#!/usr/bin/env bash
# Collector start (BENCHMARKS.md, "Collector start"): for each binary in BINS,
# alternating, RUNS times: seconds from exec of `tidemark collect` (embedded
# default, fresh empty folder) to its "listening" line, and to the answer of
# the first event (whose user agent is the first one classified).
#
#   BINS="/path/to/before/tidemark .build/debug/tidemark" RUNS=3 scripts/bench-collector-start.sh
# Stops only the collectors it started (by PID).
set -euo pipefail
cd "$(dirname "$0")/.."
BINS=${BINS:-.build/debug/tidemark}
RUNS=${RUNS:-3}
ua="Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
now() { date +%s.%N; }
for run in $(seq 1 "$RUNS"); do
  for bin in $BINS; do
    bin=$(realpath "$bin")
    dir=$(mktemp -d /tmp/tidemark-start.XXXXXX)
    start=$(now)
    (cd "$dir" && exec "$bin" collect --listen 127.0.0.1:0 > "$dir/out.log" 2>&1) &
    pid=$!
    until grep -q "listening on http://" "$dir/out.log" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "$bin exited: $(cat "$dir/out.log")" >&2; exit 1; }
      sleep 0.01
    done
    listening=$(now)
    port=$(grep -o "listening on http://127.0.0.1:[0-9]*" "$dir/out.log" | head -1 | sed 's/.*://')
    code=$(curl -s -o /dev/null -w "%{http_code}" -A "$ua" -H "Content-Type: application/json" \
      -d '{"site":"example.com","url":"https://example.com/"}' "http://127.0.0.1:$port/api/event")
    first=$(now)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
    printf "run %d  %-60s listening %6.2f s  first event (%s) %6.2f s\n" "$run" "$bin" \
      "$(echo "$listening - $start" | bc)" "$code" "$(echo "$first - $start" | bc)"
  done
done
