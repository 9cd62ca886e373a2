#!/usr/bin/env bash
# procscope API benchmark: ingest, queries and storage against the production build on PostgreSQL.
#
#   bash bench/api-bench.sh                    # everything, with the default sizes
#   bash bench/api-bench.sh --hosts 20         # extra flags go to the load generator (see bench/README.md)
#   SKIP_BUILD=1 bash bench/api-bench.sh       # reuse the jars of the last build
#   PHASES=ingest bash bench/api-bench.sh      # only some of ingest,query,storage
#   API_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/jfr/ bash bench/api-bench.sh   # profile the API
#   API_APP=/saved/quarkus-app SKIP_BUILD=1 bash bench/api-bench.sh   # measure another build of the API
#
# Needs PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres. Drops and recreates the
# databases procscope_bench and procscope_bench_size. Leaves no process running, also on failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -X)
# 32 characters: production refuses keys shorter than 16, and the development key.
KEY=procscope-bench-key-0123456789ab
API_PID=
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOG="$OUT/api-bench-$STAMP.log"
# The API build to measure: this tree's by default; another's (a copy of an older
# api/target/quarkus-app) to compare builds with the same generator on the same machine.
API_APP=$(CDPATH='' cd -- "${API_APP:-$ROOT/api/target/quarkus-app}" && pwd)

stop_api() {
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        kill "$API_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$API_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
    fi
    API_PID=
}
trap stop_api EXIT
trap 'exit 130' INT TERM

free_port() {
    local port
    for port in $(seq 18080 18180); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port in 18080-18180" >&2
    return 1
}

# Starts the production API on database $1; sets API_PID and API_URL.
start_api() {
    local database=$1 port
    port=$(free_port)
    "${PSQL[@]}" -c "drop database if exists $database with (force)" -c "create database $database"
    QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$database?reWriteBatchedInserts=true" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    PROCSCOPE_API_KEYS=$KEY \
        java ${API_JAVA_OPTS:-} -jar "$API_APP/quarkus-run.jar" >"$OUT/api-$database.log" 2>&1 &
    API_PID=$!
    API_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 120); do
        if ! kill -0 "$API_PID" 2>/dev/null; then
            echo "The API exited while starting; its log:" >&2
            tail -40 "$OUT/api-$database.log" >&2
            return 1
        fi
        if curl -fsS "$API_URL/q/health/ready" >/dev/null 2>&1; then
            say "API up on $API_URL (pid $API_PID, database $database)"
            return
        fi
        sleep 0.5
    done
    echo "The API was not ready after 60 s; its log:" >&2
    tail -40 "$OUT/api-$database.log" >&2
    return 1
}

generator() {
    java -Xmx2g -cp "$OUT/procscope-bench.jar:$OUT/lib/*" io.procscope.bench.ApiBench "$@"
}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
    echo "Building the API (prod profile: PostgreSQL) and the load generator..."
    ./mvnw -q -B -pl dto,ui,agent,api package -DskipTests -Dspotless.check.skip=true
    ./mvnw -q -B -Pbench -pl dto,bench package -DskipTests -Dspotless.check.skip=true
fi
mkdir -p "$OUT"
# After the build: its own load is not the benchmark's.
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say() { echo "$@" | tee -a "$LOG"; }

say "procscope API benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
say "API build: ${API_APP#"$ROOT"/}"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $LOAD_BEFORE"

PHASES=${PHASES:-ingest,query,storage}
FIRST=$(tr ',' '\n' <<<"$PHASES" | grep -E '^(ingest|query)$' | paste -sd, -)
if [[ -n "$FIRST" ]]; then
    start_api procscope_bench
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases "$FIRST" \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/procscope_bench" "$@" 2>&1 | tee -a "$LOG"
    stop_api
fi
if [[ ",$PHASES," == *,storage,* ]]; then
    # Storage is measured alone: a database where no other host's rows are.
    start_api procscope_bench_size
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases storage \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/procscope_bench_size" "$@" 2>&1 | tee -a "$LOG"
    stop_api
fi

say
say "== Summary =="
say "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The generator's RESULT lines, gathered from both runs.
grep '^RESULT' "$LOG" | sed 's/^RESULT //' | tee -a "$LOG"
say "reference (DESIGN.md, the original Python design, not runnable here): ingest 7,000 processes/s with"
say "  p99 near 1 s; with 650k rows, tree 4 s and flat list 1 s at the median; 561 bytes per process row,"
say "  1.45 GB per host-day at 300 processes every 10 s"
say "(full log: ${LOG#"$ROOT"/}, API logs: bench/target/api-procscope_bench*.log)"
