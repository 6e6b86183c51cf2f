#!/usr/bin/env bash
# Where the time of a generateImage goes: the packaged service (as in bench/run.sh) under KIND (miss or hit) at
# CLIENTS clients; after WARMUP seconds a JFR recording (settings=profile) of DURATION seconds is taken with jcmd,
# then summarised by bench/JfrTop.java (layers, threads, hottest methods) into target/bench-profile-$KIND.md.
#   bash bench/profile.sh     # KIND=miss CLIENTS=64 WARMUP=60 DURATION=30 PORT=18090; NO_BUILD=1 skips packaging
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${KIND:-miss}
CLIENTS=${CLIENTS:-64}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-30}
PORT=${PORT:-18090}
bash scripts/services.sh >/dev/null
[ -n "${NO_BUILD:-}" ] || ./mvnw -q package -DskipTests -DskipITs
source bench/server.sh
trap stop_server EXIT
start_server
java bench/GenerateBench.java "http://localhost:$PORT" 0 $((WARMUP + DURATION + 10)) "$KIND" "$CLIENTS" &
LOAD=$!
sleep "$WARMUP"
rm -f "target/bench-$KIND.jfr"
jcmd "$SERVER" JFR.start name=bench settings=profile duration="${DURATION}s" filename="$PWD/target/bench-$KIND.jfr" >/dev/null
sleep $((DURATION + 2))
wait "$LOAD" || true
{ echo "# Profile: $KIND at $CLIENTS clients, ${DURATION} s after ${WARMUP} s of warm-up; $(nproc) cores; commit $(git rev-parse --short HEAD)"
  echo; java bench/JfrTop.java "target/bench-$KIND.jfr"; } | tee "target/bench-profile-$KIND.md"
