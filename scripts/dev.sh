#!/usr/bin/env bash
# The run command: brings up what the gateway needs (Java when missing; PostgreSQL and Redis installed, started and
# given their role and databases, see services.sh), then starts it in dev mode with GraphiQL and the built-in
# simulator as the upstream, the playground at /. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh
# Quiet: batch mode without download progress (the first run fetches the Dev UI's artifacts once, about a minute;
# their progress bars were most of the log), and no analytics question blocking the start.
echo "dev: starting; the playground will be on http://localhost:${QUARKUS_HTTP_PORT:-8080}/ and GraphiQL on /q/graphql-ui"
exec ./mvnw -B -ntp quarkus:dev -Dquarkus.analytics.disabled=true "$@"
