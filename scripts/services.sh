#!/usr/bin/env bash
# Installs (Debian, when missing: Java 17, Node and Chromium too) and starts the PostgreSQL and Redis the gateway needs on their default local
# ports, then creates the role and the databases it uses (gateway for dev, gateway_test for the tests). Also makes sure
# the S3 store's tests find their S3 server: the Adobe S3Mock jar in the local Maven repository and a Java 21+ to run it
# (the tests start it themselves, see S3MockServer). Idempotent: safe to run again and again. Needs root (or sudo) for the installs.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  # The manifest tests render and validate k8s/ with Node (k8s/validate).
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # The playground's browser test drives Debian's Chromium (playwright-core cannot download browsers here).
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "services: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    echo "services: starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  echo "services: PostgreSQL does not answer on 127.0.0.1:5432" >&2
  return 1
}

create_database() {
  as_root runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gateway') THEN
    CREATE ROLE gateway LOGIN PASSWORD 'gateway';
  END IF;
END
$$;
SELECT 'CREATE DATABASE gateway OWNER gateway' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'gateway')\gexec
SELECT 'CREATE DATABASE gateway_test OWNER gateway' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'gateway_test')\gexec
SQL
}

start_redis() {
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "services: starting Redis"
    # The guard above matters: a second daemonized redis-server exits 0 even when the port is taken.
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  fi
  for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "services: Redis does not answer on 127.0.0.1:6379" >&2
  return 1
}

# java21: the newest Java 21+ under /usr/lib/jvm, as S3MockServer looks for it (shared with bench/s3mock.sh).
source "$(dirname "${BASH_SOURCE[0]}")/java21.sh"

ensure_s3mock() {
  local version jar package
  version=$(sed -n 's:.*<s3mock.version>\(.*\)</s3mock.version>.*:\1:p' pom.xml)
  jar="$HOME/.m2/repository/com/adobe/testing/s3mock/$version/s3mock-$version-exec.jar"
  if [ ! -f "$jar" ]; then
    echo "services: fetching S3Mock $version"
    ./mvnw -q dependency:get -Dartifact="com.adobe.testing:s3mock:$version:jar:exec" -Dtransitive=false
  fi
  if [ -n "${S3MOCK_JAVA:-}" ] || java21 >/dev/null; then
    return 0
  fi
  # Debian 13 has both; Debian 12 neither (its newest is 17): then only S3MOCK_JAVA can help.
  as_root apt-get update -qq
  for package in openjdk-21-jre-headless openjdk-25-jre-headless; do
    if apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      echo "services: installing $package (S3Mock needs Java 21+)"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
      java21 >/dev/null && return 0
    fi
  done
  echo "services: MISSING a Java 21+ for S3Mock (none under /usr/lib/jvm, no openjdk-21/25 package in this Debian):" \
    "the S3 store's tests will fail; install one, or set S3MOCK_JAVA to its java" >&2
}

install_missing
ensure_s3mock
start_postgres
create_database
start_redis
echo "services: PostgreSQL on 127.0.0.1:5432 (databases gateway, gateway_test; role gateway), Redis on 127.0.0.1:6379," \
  "S3Mock for the tests run by ${S3MOCK_JAVA:-$(java21 || echo 'no Java 21+')}"
