#!/usr/bin/env bash
# Start-to-ready time and idle memory of the packaged service, without and with an AppCDS archive, measured in the
# same run, alternating, RUNS times each. The archive is the JDK's dynamic one (-XX:ArchiveClassesAtExit) of one
# full start of the service, stopped once ready with SIGTERM (a normal exit writes it). The JVM image gets its archive
# from Quarkus at build time instead (quarkus.package.jar.appcds.*, src/main/docker/Dockerfile.jvm).
#
#   bash bench/startup.sh          # RUNS=5 by default; needs PostgreSQL and Redis (scripts/services.sh)
#
# Start-to-ready: from the process start to the first 200 of /q/health/ready (polled every 20 ms).
# Idle memory: VmRSS 10 s after ready, no traffic. JVM options as in the image's ConfigMap (MaxRAMPercentage
# of a 1 GiB limit is not applied here: the default heap sizing of this machine is used for both).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PORT=${PORT:-18091}
MPORT=${MPORT:-19091}
JAR=target/quarkus-app/quarkus-run.jar
ARCHIVE=target/app-cds.jsa
[ -f "$JAR" ] || ./mvnw -q package -DskipTests
export GATEWAY_SECRET=${GATEWAY_SECRET:-bench-secret-of-at-least-32-characters-0123}
export QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MPORT GATEWAY_UPSTREAM_URL=builtin
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false

echo "generating $ARCHIVE (-XX:ArchiveClassesAtExit, one start to ready, then SIGTERM)"
rm -f "$ARCHIVE"
java -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" > target/appcds-generate.log 2>&1 &
GEN=$!
until curl -fs -o /dev/null "http://localhost:$MPORT/q/health/ready"; do sleep 0.2; done
kill -TERM $GEN; wait $GEN 2>/dev/null || true
ls -l "$ARCHIVE"

measure() { # $1 = label, rest = extra JVM options
  local label=$1; shift
  local start end pid rss
  start=$(date +%s%N)
  java "$@" -jar "$JAR" > "target/startup-$label.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://localhost:$MPORT/q/health/ready"; do
    if ! kill -0 $pid 2>/dev/null; then echo "$label: the service died (target/startup-$label.log)" >&2; exit 1; fi
    sleep 0.02
  done
  end=$(date +%s%N)
  sleep 10
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$label $(( (end - start) / 1000000 )) $(( rss / 1024 ))"
}

results=$(mktemp)
for i in $(seq 1 "$RUNS"); do
  measure plain >> "$results"
  measure appcds -XX:SharedArchiveFile="$ARCHIVE" -Xshare:auto >> "$results"
done
echo
echo "| variant | runs | start-to-ready median (ms) | min | max | idle RSS median (MiB) |"
echo "|---|---|---|---|---|---|"
for label in plain appcds; do
  grep "^$label " "$results" | awk -v l="$label" '
    { t[NR]=$2; r[NR]=$3 } END {
      n=asort(t); asort(r);
      printf "| %s | %d | %d | %d | %d | %d |\n", l, n, t[int((n+1)/2)], t[1], t[n], r[int((n+1)/2)] }'
done
plain=$(grep '^plain ' "$results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
cds=$(grep '^appcds ' "$results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "appcds / plain start-to-ready: $(awk -v a="$cds" -v b="$plain" 'BEGIN {printf "%.2f", a / b}')"
rm -f "$results"
