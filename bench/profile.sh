#!/usr/bin/env bash
# Where the time of a generateImage goes: the packaged service (as in bench/run.sh) under KIND (miss or hit) at
# CLIENTS clients; after WARMUP seconds a JFR recording (settings=profile) of DURATION seconds is taken with jcmd,
# then summarised by bench/JfrTop.java (layers, threads, hottest methods) into target/bench-profile-$KIND.md.
#   bash bench/profile.sh     # KIND=miss CLIENTS=64 WARMUP=150 DURATION=30 PORT=18090; NO_BUILD=1 skips packaging
# PROFILER=async records with async-profiler instead (tools.profiler:async-profiler from Maven Central, attached with
# jcmd, itimer samples every 1 ms), summarised by bench/CollapsedTop.java: it also sees the JIT compilers, the
# collector and native code (zlib), which JFR's method samples leave out. 150 s of warm-up by default: at 60 s the C2
# compiler still took 40 % of the samples of a 64-client miss load (bench/README.md, eleventh pass).
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${KIND:-miss}
CLIENTS=${CLIENTS:-64}
WARMUP=${WARMUP:-150}
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
HEADING="# Profile: $KIND at $CLIENTS clients, ${DURATION} s after ${WARMUP} s of warm-up; $(nproc) cores; commit $(git rev-parse --short HEAD)"
if [ "${PROFILER:-jfr}" = async ]; then
  AP_VERSION=3.0
  AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
  [ -f "$AP_JAR" ] || ./mvnw -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION"
  mkdir -p target/async-profiler && unzip -o -q "$AP_JAR" 'linux-x64/*' -d target/async-profiler
  AGENT="$PWD/target/async-profiler/linux-x64/libasyncProfiler.so"
  rm -f "target/bench-$KIND.collapsed"
  # jcmd hands the agent its options only when they are quoted once more.
  jcmd "$SERVER" JVMTI.agent_load "$AGENT" "\"start,event=itimer,interval=1000000,threads\"" >/dev/null
  sleep "$DURATION"
  jcmd "$SERVER" JVMTI.agent_load "$AGENT" "\"stop,file=$PWD/target/bench-$KIND.collapsed,collapsed\"" >/dev/null
  wait "$LOAD" || true
  { echo "$HEADING (async-profiler)"; echo; java bench/CollapsedTop.java "target/bench-$KIND.collapsed"; } \
    | tee "target/bench-profile-$KIND.md"
  exit 0
fi
rm -f "target/bench-$KIND.jfr"
jcmd "$SERVER" JFR.start name=bench settings=profile duration="${DURATION}s" filename="$PWD/target/bench-$KIND.jfr" >/dev/null
sleep $((DURATION + 2))
wait "$LOAD" || true
{ echo "$HEADING"; echo; java bench/JfrTop.java "target/bench-$KIND.jfr"; } | tee "target/bench-profile-$KIND.md"
