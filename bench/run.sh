#!/usr/bin/env bash
# Every figure of bench/README.md in one run, each with its baseline measured in the same run, on ONE replica
# (-Xmx512m) that meets the phases in sequence, as a replica meets traffic (nothing restarted or forgotten between
# phases 1 to 3):
#   1. generateImage: cache hits against the in-memory `models` query, cache misses against the stand-in upstream's
#      own create call (the simulator, answering in 30 ms) and against the peer, the Portkey AI gateway (npm
#      @portkey-ai/gateway, bench/portkey) forwarding the same creates to the same stand-in, at 1, 16 and 64 clients,
#      RUN_SECONDS each, after WARMUP seconds of every kind;
#   2. how late a live subscriber learns that a generation ended while the workload shifts: SHIFT batches on one model
#      (2 s ones, then 8 s, then 20 s, then 2 s again), without callbacks; then (a second replica started with
#      GATEWAY_PUBLIC_URL, the one setting that needs a start) 8 s with callbacks;
#   3. SUBSCRIPTIONS live UIs, one websocket connection each (as browsers open them), over 200 tasks of 200 owners:
#      heap per idle connection and per subscription (live heap after a full GC), RSS, delivery delays;
#   4. kept images served: GETs of one 1 MiB PNG from the gateway with the postgres store and with the s3 store
#      (S3Mock), against the same file from nginx, at 1 and 16 connections (wrk), RUN_SECONDS each after WARMUP_IMAGES
#      seconds per server (bench/images.sh, its own servers).
# The packaged service runs with its built-in simulator as the upstream; PostgreSQL and Redis local
# (scripts/services.sh). Prints Markdown tables and the ratios; bench/README.md records results.
#   bash bench/run.sh      # RUN_SECONDS=10 WARMUP=120 TASKS=20 SUBSCRIPTIONS=20000 WARMUP_IMAGES=30 PORT=18090
#                          # PHASES="1 2 3 4"; NO_BUILD=1 skips packaging (it needs target/quarkus-app then)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-10}
WARMUP=${WARMUP:-120}
TASKS=${TASKS:-20}
SUBSCRIPTIONS=${SUBSCRIPTIONS:-20000}
PORT=${PORT:-18090}
PEER_PORT=${PEER_PORT:-$((PORT + 7))}
WARMUP_IMAGES=${WARMUP_IMAGES:-30}
PHASES=${PHASES:-1 2 3 4}
SHIFT=${SHIFT:-2000x30,8000x$TASKS,20000x$TASKS,2000x$TASKS}

bash scripts/services.sh >/dev/null
ulimit -n 65536 2>/dev/null || true  # 20,000 websockets: the gateway and the load generator both need the descriptors
[ -n "${NO_BUILD:-}" ] || ./mvnw -q package -DskipTests -DskipITs
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "no target/quarkus-app: run without NO_BUILD, or ./mvnw -q package -DskipTests -DskipITs" >&2; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1); commit $(git rev-parse --short HEAD)"

source bench/server.sh
PEER=""
stop_all() { [ -z "$PEER" ] || kill "$PEER" 2>/dev/null || true; stop_server; }
trap stop_all EXIT
# Generation times learned in an earlier run are forgotten once, before the replica starts (not between phases).
redis-cli --scan --pattern 'image-gateway-bench:duration:*' | xargs -r redis-cli del >/dev/null

if [[ " $PHASES " == *" 1 "* || " $PHASES " == *" 2 "* || " $PHASES " == *" 3 "* ]]; then
  start_server
fi

if [[ " $PHASES " == *" 1 "* ]]; then
  echo; echo "## 1. generateImage against its baselines and the peer"
  (cd bench/portkey && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; })
  (cd bench/portkey && NODE_ENV=production exec node node_modules/@portkey-ai/gateway/build/start-server.js \
    --port="$PEER_PORT" --headless > ../../target/bench-portkey.log 2>&1) &
  PEER=$!
  for _ in $(seq 1 30); do curl -s -o /dev/null "http://127.0.0.1:$PEER_PORT/" && break; sleep 0.5; done
  echo "peer: Portkey AI gateway $(node -p "require('./bench/portkey/node_modules/@portkey-ai/gateway/package.json').version")"
  java -Dbench.gateway.pid="$SERVER" -Dbench.portkey="http://127.0.0.1:$PEER_PORT" bench/GenerateBench.java \
    "http://localhost:$PORT" "$RUN_SECONDS" "$WARMUP"
  kill "$PEER" 2>/dev/null || true; PEER=""
  # What the load cost the replica's own dependencies: Redis calls that failed (a full pool refuses, a slow answer
  # times out: the request goes on uncached and unshared) and the waits for a PostgreSQL connection.
  METRICS=$(curl -s "http://localhost:$((PORT + 1))/q/metrics")
  metric() { awk -v name="$1" '$1 ~ "^"name"([{]|$)" {sum += $2} END {print sum + 0}' <<<"$METRICS"; }
  echo "Redis calls failed in phase 1 (pool full or past GATEWAY_REDIS_TIMEOUT): $(metric gateway_redis_failures_total)"
  awk '$1 ~ /^gateway_redis_failures_total[{]/ && $2 > 0 {print "  " $1 ": " $2 + 0}' <<<"$METRICS"
  echo "waits for a PostgreSQL connection in phase 1: $(metric sql_pool_queue_delay_seconds_count) of mean $(awk \
    -v s="$(metric sql_pool_queue_delay_seconds_sum)" -v c="$(metric sql_pool_queue_delay_seconds_count)" \
    'BEGIN {printf "%.1f", (c > 0 ? 1000 * s / c : 0)}') ms"
fi

if [[ " $PHASES " == *" 2 "* ]]; then
  echo; echo "## 2. How late the end of a generation reaches a live subscriber, while generation times shift"
  java bench/LatenessBench.java "http://localhost:$PORT" "$TASKS" "no" "shift:$SHIFT"
fi

if [[ " $PHASES " == *" 3 "* ]]; then
  echo; echo "## 3. $SUBSCRIPTIONS live UIs (one websocket each) over 200 tasks of 200 owners on the same replica (-Xmx512m)"
  (cd bench/subscribers && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; })
  ulimit -n 65536 2>/dev/null || true
  # One websocket is one descriptor in the gateway and one in the load generator: a process may hold at most
  # `ulimit -n` (its hard limit cannot be raised without CAP_SYS_RESOURCE), less what the gateway holds besides.
  UIS=$SUBSCRIPTIONS
  if [ "$UIS" -gt $(( $(ulimit -n) - 500 )) ]; then
    UIS=$(( $(ulimit -n) - 500 ))
    echo "descriptors: at most $(ulimit -n) per process here (hard limit $(ulimit -Hn)), so $UIS live UIs, not $SUBSCRIPTIONS"
  fi
  node bench/subscribers/subscribers.mjs "http://localhost:$PORT" "$SERVER" "$UIS" 200 60000 1 200 || true
  echo "gateway log lines at WARN or above: $(grep -cE ' (WARN|ERROR) ' target/bench-server.log || true)" \
    "(OutOfMemoryError: $(grep -c OutOfMemoryError target/bench-server.log || true))"
fi
stop_server

if [[ " $PHASES " == *" 2 "* ]]; then
  echo; echo "## 2b. The same with callbacks (a replica started with GATEWAY_PUBLIC_URL)"
  SERVER_LOG=target/bench-server-callbacks.log start_server GATEWAY_PUBLIC_URL="http://localhost:$PORT"
  java bench/LatenessBench.java "http://localhost:$PORT" "$TASKS" "yes" "shift:2000x$TASKS,8000x$TASKS"
  stop_server
fi

if [[ " $PHASES " == *" 4 "* ]]; then
  echo; echo "## 4. Kept images served: one 1 MiB PNG from the gateway (postgres store, s3 store) and from a static server"
  RUN_SECONDS=$RUN_SECONDS WARMUP_IMAGES=$WARMUP_IMAGES PORT=$PORT bash bench/images.sh
fi
