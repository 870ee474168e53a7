#!/usr/bin/env bash
# User-agent benchmark (BENCHMARKS.md, "Ingest with many distinct user agents"):
# `tidemark ingest --format clf` of a 1,000,000-line Combined log whose user
# agents are the >= 20,000 distinct real agents of uap-core's and
# crawler-user-agents' corpora (every one at least once, the rest drawn with
# Zipf-like weights, seeded), against the same lines with only the 50 most
# frequent agents (classification cost ~0). Runs each binary given, each log
# twice, alternating, in fresh empty folders (embedded default: three file
# regions). Prints wall and user CPU seconds and peak RSS.
#
#   BINS="/path/to/main/tidemark .build/release/tidemark" scripts/bench-ua-ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
LINES=${LINES:-1000000}
BINS=${BINS:-$root/.build/release/tidemark}
bash scripts/setup.sh >/dev/null
work=$(mktemp -d /tmp/tidemark-ua-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$root/.tidemark-test/venv/bin/python" - "$work" "$LINES" <<'PY'
import json, pathlib, random, sys, yaml, crawleruseragents
work, lines = pathlib.Path(sys.argv[1]), int(sys.argv[2])
uap = pathlib.Path("/usr/share/uap-core")
agents = []
for f in sorted(uap.glob("tests/*.yaml")) + sorted(uap.glob("test_resources/*.yaml")):
    for case in (yaml.safe_load(f.read_text("utf-8")) or {}).get("test_cases", []):
        agents.append(case["user_agent_string"])
data = json.loads((pathlib.Path(crawleruseragents.__file__).parent / "crawler-user-agents.json").read_text("utf-8"))
agents += [i for e in data for i in e.get("instances", [])]
# One log line cannot carry a quote or a newline inside the quoted field.
agents = sorted({a for a in agents if a and '"' not in a and "\n" not in a and "\\" not in a})
rng = random.Random(11)
rng.shuffle(agents)
weights = [1.0 / (i + 1) for i in range(len(agents))]
picks = list(range(len(agents))) + rng.choices(range(len(agents)), weights, k=lines - len(agents))
rng.shuffle(picks)
ips = [f"{net}.{h}" for net in ("192.0.2", "198.51.100", "203.0.113") for h in range(1, 255)]
def write(name, agent_of):
    with open(work / name, "w", encoding="utf-8") as out:
        for n, p in enumerate(picks):
            s = n * 86400 // lines
            out.write(f'{ips[p % len(ips)]} - - [10/Mar/2026:{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} +0000] '
                      f'"GET /page/{p % 500} HTTP/1.1" 200 {1000 + p % 900} "https://www.example.org/" "{agent_of(p)}"\n')
write("many.log", lambda p: agents[p])
write("few.log", lambda p: agents[p % 50])
print(f"{lines} lines; {len(agents)} distinct agents (many.log), 50 (few.log)")
PY

run() { # binary log
  local dir
  dir=$(mktemp -d "$work/run.XXXXXX")
  (cd "$dir" && /usr/bin/time -f "%e %U %M" -o "$dir/time" "$1" ingest --format clf --site example.com "$work/$2" >"$dir/out" 2>&1) \
    || { cat "$dir/out"; exit 1; }
  read -r secs user kb <"$dir/time"
  printf '%-60s %-9s %7.2f s wall %7.2f s user  %6d MB RSS  %s\n' "$1" "$2" "$secs" "$user" $((kb / 1024)) "$(tail -1 "$dir/out" | cut -c1-60)"
  rm -rf "$dir"
}
for round in 1 2; do
  for bin in $BINS; do
    run "$bin" many.log
    run "$bin" few.log
  done
done
