#!/usr/bin/env bash
# Phase 4 of bench/run.sh (issue 18): kept images served. GETs of one PNG of random pixels of about 1 MiB
# (bench/RandomPng.java) at /images/<token>.png from
#   (a) the gateway with the postgres store (the bytes in image_blob),
#   (b) the gateway with the s3 store, proxy delivery, S3Mock as the bucket (bench/s3mock.sh),
#   (c) the same file from a static file server on this machine: nginx (Debian's, installed when missing; sendfile,
#       keep-alive) on a free loopback port with a minimal configuration in a temporary folder, or, when nginx cannot
#       be installed, python3 -m http.server (said in the output: a much weaker baseline),
# one after the other in the same run, each at 1 and 16 connections for RUN_SECONDS after WARMUP_IMAGES seconds at
# 16 connections (the JIT needs it). The load is wrk (Debian's, installed when missing): a C event loop, so the load
# generator takes little of the two cores the servers share with it, and 1 MiB answers are read and dropped without
# a copy into a heap; its figures are taken from a Lua done() hook (exact counts, percentiles in microseconds).
# The image gets into the gateway's store without a generation: its rows are inserted with psql into the database the
# bench server uses (gateway), and for the s3 store the object images/<sha256> is PUT into the bucket. Every URL must
# answer 200 with the exact bytes (sha256) before it is measured. The rows are deleted at the end.
# Prints a Markdown table with each gateway figure over the static server's of the same connections.
#   bash bench/images.sh    # RUN_SECONDS=10 WARMUP_IMAGES=30 PORT=18090; after scripts/services.sh and a package
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-10}
WARMUP_IMAGES=${WARMUP_IMAGES:-30}
PORT=${PORT:-18090}
source bench/server.sh
source bench/s3mock.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  [ -n "${APT_UPDATED:-}" ] || { as_root apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
command -v wrk >/dev/null 2>&1 || { echo "installing wrk"; apt_install wrk; } \
  || { echo "wrk is missing and could not be installed (apt-get install wrk)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  echo "installing nginx"
  apt_install nginx || true
fi

HASH="" TOKEN=benchKeptImage_1MiB_png_00000000 # 32 characters of [A-Za-z0-9_-]
TASK_ID=bench-kept-image
WORK=$(mktemp -d /tmp/bench-images.XXXXXX)
chmod 755 "$WORK" # nginx's workers run as nobody
IMAGE=$WORK/www/images/$TOKEN.png
mkdir -p "$(dirname "$IMAGE")"
read -r WIDTH HEIGHT SIZE HASH < <(java -Djava.awt.headless=true bench/RandomPng.java "$IMAGE")
chmod -R a+rX "$WORK/www"
psql_gateway() { PGPASSWORD=gateway psql -h 127.0.0.1 -U gateway -d gateway -v ON_ERROR_STOP=1 -q "$@"; }

STATIC="" STATIC_NAME=""
stop_static() { [ -z "$STATIC" ] || { kill "$STATIC" 2>/dev/null || true; wait "$STATIC" 2>/dev/null || true; STATIC=""; }; }
cleanup() {
  stop_static
  [ -z "$SERVER" ] || stop_server
  stop_s3mock
  psql_gateway -c "delete from image_ref where token = '$TOKEN';" \
    -c "delete from image_content c where hash = '$HASH' and not exists (select 1 from image_ref r where r.hash = c.hash);" \
    >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The gateway's store: the content's row, its bytes (postgres store) and a reference under TOKEN, as a kept image of
# a task would have them. Run once the gateway has migrated the database.
insert_rows() {
  { echo "insert into image_content (hash, mime_type, width, height, size_bytes, created_at)"
    echo "  values ('$HASH', 'image/png', $WIDTH, $HEIGHT, $SIZE, now()) on conflict (hash) do nothing;"
    printf "insert into image_blob (hash, bytes) values ('%s', decode('" "$HASH"
    base64 -w0 "$IMAGE"
    echo "', 'base64')) on conflict (hash) do update set bytes = excluded.bytes;"
    echo "insert into image_ref (token, hash, task_id, created_at) values ('$TOKEN', '$HASH', '$TASK_ID', now())"
    echo "  on conflict (token) do update set hash = excluded.hash, created_at = excluded.created_at;"
  } | psql_gateway >/dev/null
}

# 200 and the exact bytes, or the phase stops.
verify() {
  local got
  got=$(curl -fsS "$1" | sha256sum | cut -d' ' -f1) || true
  [ "$got" = "$HASH" ] || { echo "$1 did not answer 200 with the image (sha256 ${got:-none}, want $HASH)" >&2; exit 1; }
}

cat > "$WORK/summary.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench-summary %d %d %d %d %.0f %.0f\n", summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))
end
LUA
# Non-idle CPU ticks of the whole machine (user, nice, system, irq, softirq, steal).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
wrk_run() { # connections seconds url [extra wrk arguments]
  local threads=$(( $1 < $(nproc) ? $1 : $(nproc) ))
  wrk -t"$threads" -c"$1" -d"$2s" --timeout 10s "${@:4}" "$3"
}
warm() { [ "$WARMUP_IMAGES" -le 0 ] || wrk_run 16 "$WARMUP_IMAGES" "$1" > "$WORK/warm.out"; }
declare -A ROWS
measure() { # name url connections
  local before after requests micros bytes failures p50 p99
  before=$(busy_ticks)
  wrk_run "$3" "$RUN_SECONDS" "$2" --latency -s "$WORK/summary.lua" > "$WORK/wrk.out"
  after=$(busy_ticks)
  cat "$WORK/wrk.out" >> target/bench-wrk.log
  read -r _ requests micros bytes failures p50 p99 < <(grep '^bench-summary' "$WORK/wrk.out")
  if [ "$requests" -gt 0 ] && [ $((bytes / requests)) -lt "$SIZE" ]; then
    echo "$1 at $3 connections: $((bytes / requests)) bytes a response, fewer than the image's $SIZE" >&2
    failures="$failures (short)"
  fi
  ROWS[$1:$3]="$requests $micros $bytes $p50 $p99 $((after - before))|$failures"
}

URL_PATH=/images/$TOKEN.png
echo "image: ${WIDTH}x$HEIGHT PNG of random pixels, $SIZE bytes, sha256 $HASH"
: > target/bench-wrk.log

# (c) the static file server
STATIC_PORT=$(free_port $((PORT + 30)))
if [ -x "$NGINX" ]; then
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  types { image/png png; }
  server {
    listen 127.0.0.1:$STATIC_PORT;
    root $WORK/www;
    add_header Cache-Control "public, max-age=31536000, immutable";
  }
}
CONF
  "$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx.conf" -g 'daemon off;' &
  STATIC=$!
  STATIC_NAME="static (nginx $("$NGINX" -v 2>&1 | sed 's:.*nginx/::'))"
else
  echo "nginx could not be installed: the static baseline is python3 -m http.server (one connection per request," \
    "far slower than a real static server)"
  python3 -m http.server "$STATIC_PORT" --bind 127.0.0.1 --directory "$WORK/www" > "$WORK/http-server.log" 2>&1 &
  STATIC=$!
  STATIC_NAME="static (python3 -m http.server)"
fi
for _ in $(seq 1 30); do curl -fs -o /dev/null "http://127.0.0.1:$STATIC_PORT$URL_PATH" && break; sleep 0.5; done
verify "http://127.0.0.1:$STATIC_PORT$URL_PATH"
warm "http://127.0.0.1:$STATIC_PORT$URL_PATH"
for c in 1 16; do measure static "http://127.0.0.1:$STATIC_PORT$URL_PATH" "$c"; done
stop_static

# (a) the gateway, postgres store
start_server
insert_rows
verify "http://127.0.0.1:$PORT$URL_PATH"
warm "http://127.0.0.1:$PORT$URL_PATH"
for c in 1 16; do measure postgres "http://127.0.0.1:$PORT$URL_PATH" "$c"; done
stop_server; SERVER=""

# (b) the gateway, s3 store (proxy delivery), S3Mock as the bucket
start_s3mock
curl -fsS -X PUT -H 'Content-Type: image/png' --data-binary "@$IMAGE" \
  "http://127.0.0.1:$S3MOCK_PORT/$S3MOCK_BUCKET/images/$HASH" -o /dev/null
start_server GATEWAY_IMAGES_STORE=s3 GATEWAY_IMAGES_DELIVERY=proxy GATEWAY_IMAGES_S3_ENDPOINT="http://127.0.0.1:$S3MOCK_PORT" \
  GATEWAY_IMAGES_S3_PATH_STYLE=true GATEWAY_IMAGES_S3_ACCESS_KEY_ID=x GATEWAY_IMAGES_S3_SECRET_ACCESS_KEY=y \
  GATEWAY_IMAGES_S3_BUCKET="$S3MOCK_BUCKET"
verify "http://127.0.0.1:$PORT$URL_PATH"
warm "http://127.0.0.1:$PORT$URL_PATH"
for c in 1 16; do measure s3 "http://127.0.0.1:$PORT$URL_PATH" "$c"; done
stop_server; SERVER=""
stop_s3mock

echo "warm-up: $WARMUP_IMAGES s at 16 connections per server; runs of $RUN_SECONDS s; wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p')," \
  "threads = min(connections, $(nproc) cores); wrk's output in target/bench-wrk.log"
echo
echo "| server | connections | requests | failures | throughput (req/s) | MiB/s | p50 (ms) | p99 (ms) | CPU per request, whole machine (ms) | throughput / static | p50 / static | p99 / static |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in 1 16; do
  read -r _ smicros _ sp50 sp99 _ <<< "${ROWS[static:$c]%%|*}"
  srequests=${ROWS[static:$c]%% *}
  for name in static postgres s3; do
    row=${ROWS[$name:$c]}
    read -r requests micros bytes p50 p99 ticks <<< "${row%%|*}"
    case $name in
      static) label=$STATIC_NAME ;;
      postgres) label="gateway, postgres store" ;;
      s3) label="gateway, s3 store (S3Mock, proxy)" ;;
    esac
    awk -v label="$label" -v c="$c" -v n="$requests" -v f="${row#*|}" -v us="$micros" -v b="$bytes" -v p50="$p50" \
      -v p99="$p99" -v t="$ticks" -v sn="$srequests" -v sus="$smicros" -v s50="$sp50" -v s99="$sp99" -v base="$name" \
      'BEGIN {
        rps = n / (us / 1e6); srps = sn / (sus / 1e6)
        ratio = (base == "static") ? "baseline | |" \
          : sprintf("%.2f | %.1f | %.1f", (srps > 0 ? rps / srps : 0), (s50 > 0 ? p50 / s50 : 0), (s99 > 0 ? p99 / s99 : 0))
        printf "| %s | %d | %d | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %s |\n", label, c, n, f, rps,
          b / (us / 1e6) / 1048576, p50 / 1000, p99 / 1000, (n > 0 ? t * 10 / n : 0), ratio
      }'
  done
done
