#!/usr/bin/env bash
# procscope on the embedded default: the API on a SQLite file (the dev profile, built and run as a
# packaged application) and an agent for this machine that reports to it every 10 s. Needs only a
# JDK 17. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PROCSCOPE_PORT:-8080}"
mkdir -p target

echo "Building the agent and the modules the API uses (the first run downloads dependencies)..."
./mvnw -q -B -ntp install -DskipTests -Dspotless.check.skip=true -pl dto,ui,agent -am
# The database kind is fixed at build time: the dev profile builds the API for SQLite.
./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true -pl api -Dquarkus.profile=dev

export PROCSCOPE_AGENT_API_URL="http://localhost:${PORT}"
# The agent enrolls itself with the dev API's key (its default enroll-secret, procscope-dev-key) and
# keeps its state beside the dev database (api/procscope-dev.db), which outlives `mvn clean` as the
# credential must: the API keeps the host bound to it. Delete both to start afresh.
export PROCSCOPE_AGENT_SPOOL_DIR="${PROCSCOPE_AGENT_SPOOL_DIR:-${PWD}/api/procscope-dev-agent/spool}"
export PROCSCOPE_AGENT_CREDENTIAL_FILE="${PROCSCOPE_AGENT_CREDENTIAL_FILE:-${PWD}/api/procscope-dev-agent/credential}"
sh agent/target/procscope-agent >target/procscope-agent.log 2>&1 &
AGENT_PID=$!
trap 'kill "$AGENT_PID" 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  procscope dashboard: http://localhost:${PORT}/
  JSON API:            http://localhost:${PORT}/api/v1/hosts
  Agent:               pid ${AGENT_PID}, log target/procscope-agent.log

  This host's processes show within 30 s of the API's start ("procscope dashboard" in its log).

MSG
cd api
java -Dquarkus.profile=dev -Dquarkus.http.port="${PORT}" -jar target/quarkus-app/quarkus-run.jar
