# Sourced by bench/run.sh and bench/profile.sh: start_server runs the packaged service (prod profile, -Xmx512m) with
# its built-in simulator as the upstream, on PORT (management on PORT + 1), under bench-only Redis names, with any
# extra environment given as arguments (NAME=value), and waits for readiness; stop_server ends it. SERVER is its pid;
# its log goes to SERVER_LOG (target/bench-server.log unless set).
SERVER=""
SERVER_LOG=${SERVER_LOG:-target/bench-server.log}
start_server() {
  env QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1)) GATEWAY_SECRET=bench-only-secret-0123456789abcdefghij \
    GATEWAY_UPSTREAM_URL=builtin GATEWAY_SIMULATOR_DURATION=2s QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    GATEWAY_CACHE_PREFIX=image-gateway-bench GATEWAY_FEED_CHANNEL=image-gateway-bench:changes \
    GATEWAY_TRACKING_LEASE_PREFIX=image-gateway-bench:lease: GATEWAY_TRACKING_DURATION_PREFIX=image-gateway-bench:duration: \
    GATEWAY_LIMITS_CONNECTIONS_PER_KEY=1000 QUARKUS_LOG_LEVEL=WARN QUARKUS_SHUTDOWN_DELAY=0s "$@" \
    java -Xmx512m -jar target/quarkus-app/quarkus-run.jar > "$SERVER_LOG" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 60); do
    curl -fs "http://localhost:$((PORT + 1))/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the service did not start ($SERVER_LOG)" >&2
  exit 1
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
