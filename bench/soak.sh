#!/usr/bin/env bash
# procscope soak: 20 simulated agents report for 10 minutes while the API is restarted twice (once
# gracefully, once killed) and its PostgreSQL once; then reports sent, stored, duplicated and lost,
# and the API's heap high-water mark.
#
#   bash bench/soak.sh                          # the full soak, 10 minutes (plus build, start and drain)
#   SOAK_MINUTES=2 bash bench/soak.sh           # a shorter one
#   SKIP_BUILD=1 bash bench/soak.sh             # reuse the jars of the last build
#   SOAK_KILL_DOWN_SECONDS=120 bash bench/soak.sh   # keep the killed API down 2 min: a cold start with a backlog
#   bash bench/soak.sh --processes 300          # extra flags go to the generator (see bench/README.md)
#
# Runs a PostgreSQL server of its own (initdb into a temporary directory, port SOAK_PG_PORT, 55432
# by default, as user postgres when run as root) with the database procscope_bench_soak, so that
# restarting it disturbs nobody; never the server on 5432. Leaves no process and no directory
# behind, also on failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOG="$OUT/soak-$STAMP.log"
MINUTES=${SOAK_MINUTES:-10}
AGENTS=${SOAK_AGENTS:-20}
PG_PORT=${SOAK_PG_PORT:-55432}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DOWN_SECONDS=${SOAK_PG_DOWN_SECONDS:-5}
# How long the API stays down after the SIGKILL, before its cold start: the agents' backlog grows
# by one report per agent and interval meanwhile (a pod waiting out its restart back-off).
KILL_DOWN_SECONDS=${SOAK_KILL_DOWN_SECONDS:-0}
# The production image's flags in its 1 GiB pod (deploy/docker/api-jvm.Dockerfile: MaxRAMPercentage=75).
API_HEAP=${SOAK_API_HEAP:-768m}
DATABASE=procscope_bench_soak
KEY=procscope-bench-key-0123456789ab
API_PID=
API_RUN=0
GENERATOR_PID=
WATCHER_PID=
PG_DIR=

mkdir -p "$OUT"
say() { echo "$@" | tee -a "$LOG"; }

# As the postgres user when run as root: initdb and postgres refuse root.
as_pg() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_api() {
    local signal=${1:-TERM}
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        kill -"$signal" "$API_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$API_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
    fi
    API_PID=
}

cleanup() {
    if [[ -n "$WATCHER_PID" ]]; then
        kill "$WATCHER_PID" 2>/dev/null || true
        wait "$WATCHER_PID" 2>/dev/null || true
    fi
    if [[ -n "$GENERATOR_PID" ]] && kill -0 "$GENERATOR_PID" 2>/dev/null; then
        kill "$GENERATOR_PID" 2>/dev/null || true
        wait "$GENERATOR_PID" 2>/dev/null || true
    fi
    stop_api
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
trap cleanup EXIT
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

start_pg() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgresql.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
}

# Heap in use now, MB, from the API's own metrics (all heap pools); empty when it does not answer.
heap_now_mb() {
    curl -fsS "$API_URL/q/metrics" 2>/dev/null \
        | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { if (sum > 0) printf "%d", sum / 1048576 }'
}

# Starts API run number $API_RUN+1 on $API_PORT; its GC log is soak-gc-<run>.log.
start_api() {
    API_RUN=$((API_RUN + 1))
    QUARKUS_HTTP_PORT=$API_PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DATABASE?reWriteBatchedInserts=true" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    PROCSCOPE_ENROLL_SECRETS=$KEY \
        java -Xmx"$API_HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
            -Xlog:gc:file="$OUT/soak-gc-$STAMP-$API_RUN.log" \
            -jar "$ROOT/api/target/quarkus-app/quarkus-run.jar" >>"$OUT/soak-api-$STAMP.log" 2>&1 &
    API_PID=$!
    echo "$API_PID" >"$OUT/soak-api-$STAMP.pid"
    for _ in $(seq 1 240); do
        if ! kill -0 "$API_PID" 2>/dev/null; then
            echo "The API exited while starting; its log:" >&2
            tail -40 "$OUT/soak-api-$STAMP.log" >&2
            return 1
        fi
        if curl -fsS "$API_URL/q/health/ready" >/dev/null 2>&1; then
            say "$(date -u +%T) API run $API_RUN up on $API_URL (pid $API_PID)"
            return
        fi
        sleep 0.25
    done
    echo "The API was not ready after 60 s; its log:" >&2
    tail -40 "$OUT/soak-api-$STAMP.log" >&2
    return 1
}

# Ends the API run: $1 is TERM (a rolling update) or KILL (a crash, or an OOM kill); starts the
# next one after $2 seconds (default 0).
restart_api() {
    local heap
    heap=$(heap_now_mb || true)
    [[ -n "$heap" ]] && echo "$heap" >"$OUT/soak-heap-$STAMP-$API_RUN.last"
    say "$(date -u +%T) stopping API run $API_RUN with SIG$1 (heap in use ${heap:-?} MB)"
    stop_api "$1"
    if ((${2:-0} > 0)); then
        say "$(date -u +%T) API down for $2 s"
        sleep "$2"
    fi
    start_api
}

# In the background: once an API run's heap in use passes half of -Xmx, saves its class histogram
# (live objects) to soak-histo-<stamp>-<pid>.txt, to tell what fills it.
watch_heap() {
    local max_mb pid heap
    max_mb=$(numfmt --from=iec "${API_HEAP^^}" | awk '{ printf "%d", $1 / 1048576 }')
    while sleep 5; do
        pid=$(cat "$OUT/soak-api-$STAMP.pid" 2>/dev/null || true)
        [[ -z "$pid" || -e "$OUT/soak-histo-$STAMP-$pid.txt" ]] && continue
        heap=$(heap_now_mb || true)
        if [[ -n "$heap" ]] && ((heap > max_mb / 2)); then
            jcmd "$pid" GC.class_histogram >"$OUT/soak-histo-$STAMP-$pid.txt" 2>&1 || true
            echo "$(date -u +%T) heap of API pid $pid at $heap MB: class histogram in bench/target/soak-histo-$STAMP-$pid.txt"
        fi
    done
}

restart_pg() {
    say "$(date -u +%T) stopping PostgreSQL (fast: open transactions are aborted) for $PG_DOWN_SECONDS s"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
    sleep "$PG_DOWN_SECONDS"
    start_pg
    say "$(date -u +%T) PostgreSQL up again"
}

# Sleeps until $1 seconds after the generator started, unless it has ended.
at_second() {
    local now
    now=$(($(date +%s) - GENERATOR_START))
    if (($1 > now)); then
        sleep $(($1 - now))
    fi
}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
    echo "Building the API (prod profile: PostgreSQL) and the load generator..."
    ./mvnw -q -B -pl dto,ui,agent,api package -DskipTests -Dspotless.check.skip=true
    ./mvnw -q -B -Pbench -pl dto,bench package -DskipTests -Dspotless.check.skip=true
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
    echo "Port $PG_PORT is taken: set SOAK_PG_PORT to a free one" >&2
    exit 1
fi

say "procscope soak, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

PG_DIR=$(mktemp -d /tmp/procscope-soak-pg.XXXXXX)
chmod 755 "$PG_DIR"
[[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >"$PG_DIR/initdb.log" 2>&1
start_pg
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X -c "create database $DATABASE"
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') of its own on 127.0.0.1:$PG_PORT, data in $PG_DIR"

API_PORT=$(free_port)
API_URL="http://127.0.0.1:$API_PORT"
start_api

java -Xmx1g -cp "$OUT/procscope-bench.jar:$OUT/lib/*" io.procscope.bench.SoakBench \
    --url "$API_URL" --key "$KEY" --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/$DATABASE" \
    --agents "$AGENTS" --minutes "$MINUTES" "$@" > >(tee -a "$LOG") 2>&1 &
GENERATOR_PID=$!
GENERATOR_START=$(date +%s)
watch_heap > >(tee -a "$LOG") &
WATCHER_PID=$!
SECONDS_TOTAL=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')

# The disruptions, spread over the reporting time.
at_second $((SECONDS_TOTAL * 25 / 100))
restart_api TERM
at_second $((SECONDS_TOTAL * 50 / 100))
restart_pg
at_second $((SECONDS_TOTAL * 75 / 100))
restart_api KILL "$KILL_DOWN_SECONDS"

wait "$GENERATOR_PID"
GENERATOR_PID=
heap=$(heap_now_mb || true)
[[ -n "$heap" ]] && echo "$heap" >"$OUT/soak-heap-$STAMP-$API_RUN.last"
stop_api

# Heap high-water of each run: the largest heap in use before a collection (what the GC log's
# "before->after(capacity)" says), or in use when the run ended, if larger; and the heap live
# after the run's first and last collections, which grows run after run if something leaks.
say
say "== Heap of the API (-Xmx$API_HEAP, SerialGC) =="
overall=0
for run in $(seq 1 "$API_RUN"); do
    gc="$OUT/soak-gc-$STAMP-$run.log"
    last=$(cat "$OUT/soak-heap-$STAMP-$run.last" 2>/dev/null || echo 0)
    read -r collections before first_after last_after < <(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$gc" \
        | awk -F'[M>(-]+' '{ n++; if ($1 > max) max = $1; if (n == 1) first = $2; last = $2 }
                           END { printf "%d %d %d %d\n", n, max, first, last }')
    high=$((before > last ? before : last))
    overall=$((high > overall ? high : overall))
    say "RESULT   API run $run: heap high-water $high MB; $collections collections; live after the first ${first_after} MB, after the last ${last_after} MB"
done
say "RESULT soak API heap high-water      $overall MB (of -Xmx$API_HEAP)"

say
say "== Summary =="
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^RESULT' "$LOG" | sed 's/^RESULT //'
say "(full log: ${LOG#"$ROOT"/}, API log: bench/target/soak-api-$STAMP.log, GC logs: bench/target/soak-gc-$STAMP-*.log)"
