#!/usr/bin/env bash
# Every figure of bench/README.md in one run, each with its baseline measured in the same run:
#   1. generateImage: cache hits against the in-memory `models` query, cache misses against the stand-in upstream's
#      own create call (the simulator, answering in 30 ms), at 1, 16 and 64 clients, RUN_SECONDS each, after WARMUP
#      seconds of every kind;
#   2. how late a live subscriber learns that a 4, 8 or 20 s generation ended, without callbacks, and with them (8 s);
#   3. SUBSCRIPTIONS live subscriptions over 200 tasks on one replica started with -Xmx512m (Node, bench/subscribers);
#   4. kept images served: GETs of one 1 MiB PNG from the gateway with the postgres store and with the s3 store
#      (S3Mock), against the same file from nginx, at 1 and 16 connections (wrk), RUN_SECONDS each after WARMUP_IMAGES
#      seconds per server (bench/images.sh).
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
WARMUP_IMAGES=${WARMUP_IMAGES:-30}
PHASES=${PHASES:-1 2 3 4}

bash scripts/services.sh >/dev/null
[ -n "${NO_BUILD:-}" ] || ./mvnw -q package -DskipTests -DskipITs
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "no target/quarkus-app: run without NO_BUILD, or ./mvnw -q package -DskipTests -DskipITs" >&2; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; commit $(git rev-parse --short HEAD)"

source bench/server.sh
trap stop_server EXIT
# Generation times the gateway learned (phase 1 teaches imagen4-fast 2 s; phase 2 starts from the catalog's priors)
forget_durations() { redis-cli --scan --pattern 'image-gateway-bench:duration:*' | xargs -r redis-cli del >/dev/null; }

if [[ " $PHASES " == *" 1 "* ]]; then
  echo; echo "## 1. generateImage against its baselines"
  start_server
  java -Dbench.gateway.pid="$SERVER" bench/GenerateBench.java "http://localhost:$PORT" "$RUN_SECONDS" "$WARMUP"
  stop_server
fi

if [[ " $PHASES " == *" 2 "* ]]; then
  echo; echo "## 2. How late the end of a generation reaches a live subscriber"
  forget_durations
  start_server
  java bench/LatenessBench.java "http://localhost:$PORT" "$TASKS" "no callbacks"
  stop_server
  forget_durations
  start_server GATEWAY_PUBLIC_URL="http://localhost:$PORT"
  java bench/LatenessBench.java "http://localhost:$PORT" "$TASKS" "callbacks" 8000
  stop_server
fi

if [[ " $PHASES " == *" 3 "* ]]; then
  echo; echo "## 3. $SUBSCRIPTIONS live subscriptions over 200 tasks on one replica (-Xmx512m)"
  start_server
  (cd bench/subscribers && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; })
  ulimit -n 65536 2>/dev/null || true
  node bench/subscribers/subscribers.mjs "http://localhost:$PORT" "$SERVER" "$SUBSCRIPTIONS" 200 60000
  stop_server
fi

if [[ " $PHASES " == *" 4 "* ]]; then
  echo; echo "## 4. Kept images served: one 1 MiB PNG from the gateway (postgres store, s3 store) and from a static server"
  RUN_SECONDS=$RUN_SECONDS WARMUP_IMAGES=$WARMUP_IMAGES PORT=$PORT bash bench/images.sh
fi
