#!/usr/bin/env bash
# The test command: brings up what the tests need (Java when missing; PostgreSQL and Redis installed, started and
# given their role and databases, see services.sh), then runs every suite. An unformatted source file fails the
# build here (run ./mvnw process-sources to format). Extra arguments go to Maven, e.g. -Dtest=InputRulesTest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh
exec ./mvnw verify -Dformat.check "$@"
