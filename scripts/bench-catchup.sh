#!/usr/bin/env bash
# Collector latency while a region catches up (BENCHMARKS.md, "Collector while
# a region catches up"): `tidemark-bench catchup` against three SeaweedFS
# regions, for the collector built from BEFORE_REF (default: the last main
# commit whose shipper did file work on the event loops) and for this tree,
# in the same run. Single-event `wrk -t1 -c8 --latency` in steady state, then
# while region ap, killed during batched traffic for 250 sites, catches up on
# >= SEGMENTS queued segments.
#
#   scripts/bench-catchup.sh                          # 5,000 segments
#   SEGMENTS=8000 BEFORE_REF=main scripts/bench-catchup.sh
#
# The BEFORE_REF tree is extracted (git archive) under .build/bench-before/src;
# both trees build in .build/bench-before/build, so later runs rebuild only
# what changed.
# Stops only the processes it started (the bench stops its regions by PID).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BEFORE_REF=${BEFORE_REF:-c88f80c}
SEGMENTS=${SEGMENTS:-5000}
SITES=${SITES:-250}
STEADY=${STEADY:-10}

if ! dpkg -s wrk >/dev/null 2>&1; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
bash scripts/setup.sh >/dev/null
export TIDEMARK_VENV=${TIDEMARK_VENV:-$root/.tidemark-test/venv}
export PATH="$TIDEMARK_VENV/bin:$PATH"

before_src=$root/.build/bench-before/src
before_sha=$(git rev-parse "$BEFORE_REF")
if [ "$(cat "$before_src/.ref" 2>/dev/null)" != "$before_sha" ]; then
  rm -rf "$before_src" && mkdir -p "$before_src"
  git archive "$before_sha" | tar -x -C "$before_src"
  echo "$before_sha" > "$before_src/.ref"
fi
# Both trees build in one scratch path, so dependencies compile once; the
# BEFORE_REF binary is copied out before this tree's replaces it. SwiftPM
# would reuse the other tree's build plan there: drop it before each build.
scratch=$root/.build/bench-before/build
replan() { rm -f "$scratch/release.yaml" "$scratch/release/description.json"; }
replan
echo "== building the collector at $BEFORE_REF (${before_sha:0:9})"
swift build -c release --product tidemark --package-path "$before_src" --scratch-path "$scratch" 2>&1 \
  | grep -E "error|warning:" | grep -v distributed-tracing || true
cp "$scratch/release/tidemark" "$root/.build/bench-before/tidemark-before"
replan
echo "== building this tree ($(git rev-parse --short HEAD))"
swift build -c release --scratch-path "$scratch" 2>&1 | grep -E "error|warning:" | grep -v distributed-tracing || true

"$scratch/release/tidemark-bench" catchup --segments "$SEGMENTS" --sites "$SITES" --steady "$STEADY" \
  --binaries "before=$root/.build/bench-before/tidemark-before,after=$scratch/release/tidemark"
