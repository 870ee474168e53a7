#!/usr/bin/env bash
# Collector benchmark (BENCHMARKS.md, "Collector"): wrk against `tidemark collect`
# POST /api/event on loopback with durability on (every 2xx waits for the
# journal fsync), single-event and batched requests, versus nginx answering a
# 1×1 GIF with an access log, in the same run. Loopback only; bounded
# duration; stops only the processes it started, by PID.
#
#   scripts/bench-collector.sh            # 10 s per run, 2 threads, 32 connections
#   DURATION=5 CONNECTIONS=64 BATCH=50 scripts/bench-collector.sh
#
# When scripts/nio-floor has been built (swift build -c release --package-path
# scripts/nio-floor), the same run also measures its two floors: a SwiftNIO
# server that answers without doing anything, and the same server answering
# only after a group-commit fsync (the durable floor).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
BATCH=${BATCH:-50}

for pkg in wrk nginx-light; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then
    apt-get install -y "$pkg" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$pkg" >/dev/null; }
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

BIN=${TIDEMARK_BIN:-$root/.build/release/tidemark}
if [ ! -x "$BIN" ]; then
  echo "== building release binary"
  swift build -c release --product tidemark >/dev/null
fi

work=$(mktemp -d /tmp/tidemark-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- nginx: the classic log-file collector -------------------------------
nport=$(free_port)
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx/logs/access.log combined;
  server {
    listen 127.0.0.1:$nport;
    location = /p.gif { empty_gif; }
  }
}
CONF
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

FLOOR=${NIO_FLOOR:-$root/scripts/nio-floor/.build/release/nio-floor}
if [ -x "$FLOOR" ]; then
  bport=$(free_port); dport=$(free_port)
  "$FLOOR" "$bport" &
  pids+=($!)
  "$FLOOR" "$dport" "$work/floor.journal" 2>"$work/floor.err" &
  pids+=($!)
fi

# --- tidemark collect, durability on, three local regions ------------------
cport=$(free_port)
cat > "$work/tidemark.yml" <<CONF
prefix: bench
sites: [example.com]
spool: $work/spool
regions:
  - {name: eu, endpoint: "file://$work/regions/eu"}
  - {name: us, endpoint: "file://$work/regions/us"}
  - {name: ap, endpoint: "file://$work/regions/ap"}
collector:
  id: bench
  listen: 127.0.0.1:$cport
  spool_limit_bytes: 8589934592
CONF
"$BIN" collect --config "$work/tidemark.yml" >"$work/collector.out" 2>"$work/collector.err" &
pids+=($!)

for i in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$cport/healthz" >/dev/null 2>&1 && curl -sf -o /dev/null "http://127.0.0.1:$nport/p.gif" && break
  sleep 0.1
done

ua='Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
hit='{"site":"example.com","url":"https://example.com/pricing?utm_source=news","referrer":"https://www.google.com/"}'
batch="[$hit"; for _ in $(seq 2 "$BATCH"); do batch="$batch,$hit"; done; batch="$batch]"
lua() {  # $1 = body
  python3 - "$1" <<'PY'
import json, sys
print('wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"' % json.dumps(sys.argv[1]))
PY
}
lua "$hit" > "$work/single.lua"
lua "$batch" > "$work/batch.lua"

accepted() { curl -s "http://127.0.0.1:$cport/metrics" | awk '$1=="tidemark_events_accepted_total"{print $2}'; }
rps() { awk '/^Requests\/sec:/{print $2}'; }
# Each run starts with the disk quiet: nginx's access log (hundreds of MB
# per run) is otherwise written back during the next run and slows its fsyncs.
settle() { sync; sleep 1; }
non2xx() { awk '/Non-2xx/{print $NF}'; }

echo "== $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1"
settle
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "User-Agent: $ua" "http://127.0.0.1:$nport/p.gif?site=example.com&url=/pricing")
nginx_rps=$(echo "$out" | rps)
echo "nginx empty_gif + access_log:      ${nginx_rps} req/s = ${nginx_rps} events/s (log lines: $(wc -l < "$work/nginx/logs/access.log"))"


before=$(accepted)
settle
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/single.lua" -H "User-Agent: $ua" "http://127.0.0.1:$cport/api/event")
after=$(accepted)
single_rps=$(echo "$out" | rps)
single_eps=$(python3 -c "print(round(($after-$before)/$DURATION))")
echo "tidemark POST 1 event/request:     ${single_rps} req/s, ${single_eps} accepted events/s (non-2xx: $(echo "$out" | non2xx || true))"

before=$(accepted)
settle
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/batch.lua" -H "User-Agent: $ua" "http://127.0.0.1:$cport/api/event")
after=$(accepted)
batch_rps=$(echo "$out" | rps)
batch_eps=$(python3 -c "print(round(($after-$before)/$DURATION))")
echo "tidemark POST $BATCH events/request:   ${batch_rps} req/s, ${batch_eps} accepted events/s (non-2xx: $(echo "$out" | non2xx || true))"

commits=$(curl -s "http://127.0.0.1:$cport/metrics" | awk '$1=="tidemark_journal_commits_total"{print $2}')
appends=$(curl -s "http://127.0.0.1:$cport/metrics" | awk '$1=="tidemark_journal_appends_total"{print $2}')
echo "journal: $appends requests acknowledged with $commits fsyncs (group commit)"
python3 -c "
n=$nginx_rps; s=$single_rps; b=$batch_eps
print('single-event req/s vs nginx: %.2f (goal >= 0.5); batched events/s vs nginx: %.2f (goal > 1)' % (s/n, b/n))"
if [ -x "$FLOOR" ]; then
  settle
  bare=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/single.lua" "http://127.0.0.1:$bport/api/event" | rps)
  echo "SwiftNIO floor, no work:           ${bare} req/s"
  settle
  durable=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/single.lua" "http://127.0.0.1:$dport/api/event" | rps)
  echo "SwiftNIO floor, group-commit fsync: ${durable} req/s ($(tail -1 "$work/floor.err"))"
  python3 -c "print('floors vs nginx: no work %.2f, durable %.2f' % ($bare/$nginx_rps, $durable/$nginx_rps))"
  python3 -c "print('single-event req/s vs the durable floor: %.2f' % ($single_rps/$durable))"
fi
