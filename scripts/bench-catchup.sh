#!/usr/bin/env bash
# Collector latency while a region catches up (BENCHMARKS.md, "Collector while
# a region catches up"): `tidemark-bench catchup` against three SeaweedFS
# regions, for the collector built from each of BEFORE_REFS (default: c88f80c,
# the last main commit whose shipper did file work on the event loops, and
# a350e4f, file work off the loops but at normal priority) and for this tree,
# in the same run. Single-event `wrk -t1 -c8 --latency` in steady state, then
# while region ap, killed during batched traffic for 250 sites, catches up on
# >= SEGMENTS queued segments.
#
#   scripts/bench-catchup.sh                          # 5,000 segments
#   SEGMENTS=8000 BEFORE_REFS=main scripts/bench-catchup.sh
#   BEFORE_REFS= scripts/bench-catchup.sh             # this tree only
#
# Each BEFORE_REFS tree is extracted (git archive) under .build/bench-before/src-REF;
# all trees build in .build/bench-before/build, so later runs rebuild only
# what changed.
# Stops only the processes it started (the bench stops its regions by PID).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BEFORE_REFS=${BEFORE_REFS-c88f80c a350e4f}
SEGMENTS=${SEGMENTS:-5000}
SITES=${SITES:-250}
STEADY=${STEADY:-10}

if ! dpkg -s wrk >/dev/null 2>&1; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
bash scripts/setup.sh >/dev/null
export TIDEMARK_VENV=${TIDEMARK_VENV:-$root/.tidemark-test/venv}
export PATH="$TIDEMARK_VENV/bin:$PATH"

# All trees build in one scratch path, so dependencies compile once; each
# binary is copied out before the next tree's replaces it. SwiftPM would
# reuse the other tree's build plan there: drop it before each build.
scratch=$root/.build/bench-before/build
replan() { rm -f "$scratch/release.yaml" "$scratch/release/description.json"; }
binaries=""
for ref in $BEFORE_REFS; do
  sha=$(git rev-parse "$ref")
  src=$root/.build/bench-before/src-${sha:0:9}
  if [ "$(cat "$src/.ref" 2>/dev/null)" != "$sha" ]; then
    rm -rf "$src" && mkdir -p "$src"
    git archive "$sha" | tar -x -C "$src"
    echo "$sha" > "$src/.ref"
  fi
  replan
  echo "== building the collector at $ref (${sha:0:9})"
  swift build -c release --product tidemark --package-path "$src" --scratch-path "$scratch" 2>&1 \
    | grep -E "error|warning:" | grep -v distributed-tracing || true
  cp "$scratch/release/tidemark" "$root/.build/bench-before/tidemark-${sha:0:9}"
  binaries+="${sha:0:9}=$root/.build/bench-before/tidemark-${sha:0:9},"
done
replan
echo "== building this tree ($(git rev-parse --short HEAD))"
swift build -c release --scratch-path "$scratch" 2>&1 | grep -E "error|warning:" | grep -v distributed-tracing || true

"$scratch/release/tidemark-bench" catchup --segments "$SEGMENTS" --sites "$SITES" --steady "$STEADY" \
  --binaries "${binaries}this=$scratch/release/tidemark"
