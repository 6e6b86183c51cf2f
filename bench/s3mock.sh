# Sourced by bench/images.sh: start_s3mock runs Adobe S3Mock (the jar scripts/services.sh fetches, on a Java 21+:
# S3MOCK_JAVA, else the newest under /usr/lib/jvm) as the S3 store's bucket, with the arguments of the tests'
# S3MockServer: plain HTTP on S3MOCK_PORT (a free port; S3Mock 4.9's HTTP connector listens on every interface),
# HTTPS on another free port of loopback, the bucket S3MOCK_BUCKET made at its start, its store in a temporary folder
# deleted at its exit; it waits until the bucket is listed. Unlike the tests (a small server that must start fast),
# the full JIT: it stands in for the bucket under load. stop_s3mock ends it. S3MOCK is its pid; its log target/s3mock-bench.log.
S3MOCK="" S3MOCK_PORT="" S3MOCK_ROOT=""
S3MOCK_BUCKET=${S3MOCK_BUCKET:-image-gateway-bench}

# A TCP port of loopback nothing listens on, from $1 up.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

source scripts/java21.sh

s3mock_java() {
  if [ -n "${S3MOCK_JAVA:-}" ]; then
    [ -d "$S3MOCK_JAVA" ] && echo "$S3MOCK_JAVA/bin/java" || echo "$S3MOCK_JAVA"
    return 0
  fi
  java21
}

start_s3mock() {
  local version jar java
  version=$(sed -n 's:.*<s3mock.version>\(.*\)</s3mock.version>.*:\1:p' pom.xml)
  jar="$HOME/.m2/repository/com/adobe/testing/s3mock/$version/s3mock-$version-exec.jar"
  [ -f "$jar" ] || { echo "S3Mock is not at $jar: run scripts/services.sh" >&2; exit 1; }
  java=$(s3mock_java) || { echo "S3Mock needs Java 21+: set S3MOCK_JAVA, or run scripts/services.sh" >&2; exit 1; }
  S3MOCK_PORT=$(free_port $((PORT + 20)))
  S3MOCK_ROOT=$(mktemp -d /tmp/bench-s3mock.XXXXXX)
  "$java" -Xmx512m -jar "$jar" --server.port="$(free_port $((S3MOCK_PORT + 1)))" --server.address=127.0.0.1 \
    --com.adobe.testing.s3mock.http-port="$S3MOCK_PORT" \
    --com.adobe.testing.s3mock.store.root="$S3MOCK_ROOT/store" \
    --com.adobe.testing.s3mock.store.initial-buckets="$S3MOCK_BUCKET" \
    --com.adobe.testing.s3mock.store.retain-files-on-exit=false > target/s3mock-bench.log 2>&1 &
  S3MOCK=$!
  # Listing the buckets also makes the initial one (S3Mock initialises its store on the first request).
  for _ in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$S3MOCK_PORT/" 2>/dev/null | grep -q "<Name>$S3MOCK_BUCKET</Name>" && return 0
    kill -0 "$S3MOCK" 2>/dev/null || break
    sleep 1
  done
  echo "S3Mock did not start (target/s3mock-bench.log)" >&2
  exit 1
}

stop_s3mock() {
  [ -n "$S3MOCK" ] || return 0
  kill "$S3MOCK" 2>/dev/null || true
  wait "$S3MOCK" 2>/dev/null || true
  S3MOCK=""
  [ -z "$S3MOCK_ROOT" ] || rm -rf "$S3MOCK_ROOT"
}
