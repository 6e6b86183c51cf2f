#!/usr/bin/env bash
# The run command: brings up what the gateway needs (Java when missing; PostgreSQL and Redis installed, started and
# given their role and databases, see services.sh), then starts it in dev mode with GraphiQL and the built-in
# simulator as the upstream. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh
exec ./mvnw quarkus:dev "$@"
