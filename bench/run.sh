#!/usr/bin/env bash
# Measures generateImage throughput and p50/p99 latency for cache hits and misses at 1, 16 and 64 clients,
# against the packaged service with its built-in simulator as upstream at a fixed delay. Local PostgreSQL and
# Redis as for the tests (scripts/services.sh). Prints a Markdown table; bench/README.md records results.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-2000}
PORT=${PORT:-18090}

bash scripts/services.sh >/dev/null
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q package -DskipTests -DskipITs

QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1)) GATEWAY_SECRET=bench-only-secret-0123456789abcdefghij \
  GATEWAY_UPSTREAM_URL=builtin GATEWAY_SIMULATOR_DURATION=2s \
  GATEWAY_CACHE_PREFIX=image-gateway-bench GATEWAY_FEED_CHANNEL=image-gateway-bench:changes \
  GATEWAY_TRACKING_LEASE_PREFIX=image-gateway-bench:lease: QUARKUS_LOG_LEVEL=WARN \
  java -Xmx512m -jar target/quarkus-app/quarkus-run.jar > target/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://localhost:$((PORT + 1))/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
java bench/GenerateBench.java "http://localhost:$PORT" "$REQUESTS"
