#!/usr/bin/env bash
# procscope API benchmark: ingest, queries and storage against the production build on PostgreSQL.
#
#   bash bench/api-bench.sh                    # everything, with the default sizes
#   bash bench/api-bench.sh --hosts 20         # extra flags go to the load generator (see bench/README.md)
#   SKIP_BUILD=1 bash bench/api-bench.sh       # reuse the jars of the last build
#   PHASES=ingest bash bench/api-bench.sh      # only some of ingest,query,storage,scale
#   PHASES=scale bash bench/api-bench.sh       # every JSON query at 20 and at 200 hosts (--scale-hosts)
#   PHASES=pages bash bench/api-bench.sh       # every dashboard page in headless Chromium at 20 and 200 hosts
#   PHASES=abuse bash bench/api-bench.sh       # limits under abuse: 50 hosts of 16 MB reports, the API's heap
#   API_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/jfr/ bash bench/api-bench.sh   # profile the API
#   API_APP=/saved/quarkus-app SKIP_BUILD=1 bash bench/api-bench.sh   # measure another build of the API
#   API_SHARED_KEY=1 API_APP=/old/quarkus-app SKIP_BUILD=1 bash bench/api-bench.sh   # a build from before
#                                              # enrollment: hosts report with one shared API key
#   ALERT_RULES=100 PHASES=ingest bash bench/api-bench.sh   # ingest with 100 alert rules of mixed kinds
#   ALERT_PAIRS=2 PHASES=ingest bash bench/api-bench.sh     # ingest without and with the rules, alternated
#
# Needs PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres. Drops and recreates the
# databases procscope_bench, _size, _scale, _pages and _abuse (prefix BENCH_DB, default procscope_bench). Leaves no process
# running, also on failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -X)
# 32 characters: production refuses keys shorter than 16, and the development key.
KEY=procscope-bench-key-0123456789ab
ADMIN_KEY=procscope-bench-admin-0123456789
# ALERT_RULES: rules posted before ingest (AlertRuleSet); ALERT_PAIRS: runs of ingest without,
# then with them (the order turns each pair), to print the cost of evaluation side by side.
ALERT_PAIRS=${ALERT_PAIRS:-0}
DB=${BENCH_DB:-procscope_bench}
# How long the API may take to be ready: a loaded machine starts it slowly.
START_SECONDS=${API_START_SECONDS:-180}
ALERT_RULES=${ALERT_RULES:-$([[ "$ALERT_PAIRS" -gt 0 ]] && echo 100 || echo 0)}
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
    # In random order: other worktrees run this script on the same machine at the same time.
    for port in $(shuf -i 18080-18180); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port in 18080-18180" >&2
    return 1
}

# Starts the production API on database $1, with the JVM flags $2 (default $API_JAVA_OPTS); sets
# API_PID and API_URL.
start_api() {
    local database=$1 java_opts=${2:-${API_JAVA_OPTS:-}} port
    port=$(free_port)
    "${PSQL[@]}" -c "drop database if exists $database with (force)" -c "create database $database"
    QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$database?reWriteBatchedInserts=true" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    PROCSCOPE_ENROLL_SECRETS=$KEY \
    PROCSCOPE_ADMIN_KEYS=$ADMIN_KEY \
        env ${API_SHARED_KEY:+PROCSCOPE_API_KEYS=$KEY} java $java_opts -jar "$API_APP/quarkus-run.jar" >"$OUT/api-$database.log" 2>&1 &
    API_PID=$!
    API_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 $((START_SECONDS * 2))); do
        if ! kill -0 "$API_PID" 2>/dev/null; then
            echo "The API exited while starting; its log:" >&2
            tail -40 "$OUT/api-$database.log" >&2
            return 1
        fi
        # Ready, and ours: another API may hold the port if a neighbour took it since free_port.
        if grep -q "Listening on: http" "$OUT/api-$database.log" &&
            curl -fsS "$API_URL/q/health/ready" >/dev/null 2>&1; then
            say "API up on $API_URL (pid $API_PID, database $database)"
            return
        fi
        sleep 0.5
    done
    echo "The API was not ready after $START_SECONDS s (API_START_SECONDS); its log:" >&2
    tail -40 "$OUT/api-$database.log" >&2
    return 1
}

generator() {
    java -Xmx2g -Dprocscope.bench.shared-key=$([[ "${API_SHARED_KEY:-}" == 1 ]] && echo true || echo false) -cp "$OUT/procscope-bench.jar:$OUT/lib/*" io.procscope.bench.ApiBench "$@"
}

# Posts $1 alert rules of mixed kinds to the running API.
post_rules() {
    java -cp "$OUT/procscope-bench.jar:$OUT/lib/*" io.procscope.bench.AlertRuleSet "$API_URL" "$ADMIN_KEY" "$1" |
        tee -a "$LOG"
}

# The API's own timer of rule evaluation: mean per evaluated report, in ms ("-" without one).
evaluation_ms() {
    curl -fsS "$API_URL/q/metrics" 2>/dev/null | awk '
        /^procscope_alerts_evaluation_seconds_count/ {c = $2}
        /^procscope_alerts_evaluation_seconds_sum/ {s = $2}
        END {if (c > 0) printf "%.2f", 1000 * s / c; else print "-"}'
}

median() {
    sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
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

PHASES=${PHASES:-ingest,query,storage,scale}
# (grep finds nothing for PHASES=storage or abuse: not a failure)
FIRST=$(tr ',' '\n' <<<"$PHASES" | { grep -E '^(ingest|query)$' || true; } | paste -sd, -)
if [[ "$ALERT_PAIRS" -gt 0 && ",$PHASES," == *,ingest,* ]]; then
    # The cost of alert evaluation: ingest alone, each run on a fresh database, without and with
    # the rules in turn; API CPU per report is the figure least disturbed by a loaded machine.
    RUN="$OUT/api-bench-run-$STAMP.txt"
    : >"$OUT/alerts-without-$STAMP.txt"
    : >"$OUT/alerts-with-$STAMP.txt"
    for pair in $(seq 1 "$ALERT_PAIRS"); do
        order="without with"
        if ((pair % 2 == 0)); then order="with without"; fi
        for mode in $order; do
            say "== pair $pair: ingest $mode alert rules (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
            start_api "$DB"
            if [[ "$mode" == with ]]; then post_rules "$ALERT_RULES"; fi
            generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases ingest \
                --jdbc "jdbc:postgresql://127.0.0.1:5432/$DB" "$@" 2>&1 | tee "$RUN" | tee -a "$LOG"
            EVAL=$(evaluation_ms)
            stop_api
            CPU=$(grep -m1 '^CPU during ingest' "$RUN" |
                sed -E 's/.*CPU per report: api ([0-9.]+) ms, postgres ([0-9.]+) ms.*/\1 \2/')
            echo "$CPU" >>"$OUT/alerts-$mode-$STAMP.txt"
            say "pair $pair $mode rules: CPU per report api ${CPU% *} ms, postgres ${CPU#* } ms; evaluation (API timer) $EVAL ms per report"
        done
    done
    API_WITHOUT=$(cut -d' ' -f1 "$OUT/alerts-without-$STAMP.txt" | median)
    API_WITH=$(cut -d' ' -f1 "$OUT/alerts-with-$STAMP.txt" | median)
    PG_WITHOUT=$(cut -d' ' -f2 "$OUT/alerts-without-$STAMP.txt" | median)
    PG_WITH=$(cut -d' ' -f2 "$OUT/alerts-with-$STAMP.txt" | median)
    RATIO=$(awk -v a="$API_WITH" -v b="$API_WITHOUT" 'BEGIN {printf "%.3f", a / b}')
    say "RESULT alert evaluation: API CPU per report, median of $ALERT_PAIRS: without rules $API_WITHOUT ms, with $ALERT_RULES rules $API_WITH ms: x$RATIO (target <= x1.10)"
    say "RESULT alert evaluation: PostgreSQL CPU per report, median: without $PG_WITHOUT ms, with $PG_WITH ms: x$(awk -v a="$PG_WITH" -v b="$PG_WITHOUT" 'BEGIN {printf "%.3f", a / b}')"
    if [[ ",$FIRST," == *,query,* ]]; then say "(query phase skipped: with ALERT_PAIRS only ingest runs)"; fi
    FIRST=
fi
if [[ -n "$FIRST" ]]; then
    start_api "$DB"
    if [[ "$ALERT_RULES" -gt 0 ]]; then post_rules "$ALERT_RULES"; fi
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases "$FIRST" \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/$DB" "$@" 2>&1 | tee -a "$LOG"
    if [[ "$ALERT_RULES" -gt 0 ]]; then say "alert evaluation (API timer): $(evaluation_ms) ms per report"; fi
    stop_api
fi
if [[ ",$PHASES," == *,storage,* ]]; then
    # Storage is measured alone: a database where no other host's rows are.
    start_api "${DB}_size"
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases storage \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/${DB}_size" "$@" 2>&1 | tee -a "$LOG"
    stop_api
fi

if [[ ",$PHASES," == *,scale,* ]]; then
    # The fleet grows from 20 to 200 hosts in a database of its own: the figures at 20 are of 20.
    start_api "${DB}_scale"
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases scale \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/${DB}_scale" "$@" 2>&1 | tee -a "$LOG"
    stop_api
fi

if [[ ",$PHASES," == *,pages,* ]]; then
    # The dashboard's pages in headless Chromium, as the fleet grows, in a database of their own.
    start_api "${DB}_pages"
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases pages \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/${DB}_pages" "$@" 2>&1 | tee -a "$LOG"
    stop_api
fi

if [[ ",$PHASES," == *,abuse,* ]]; then
    # The production pod's heap: a 1 GiB memory limit at -XX:MaxRAMPercentage=75, the serial
    # collector (deploy/docker/api-jvm.Dockerfile); the GC log gives the heap after each collection.
    GC_LOG="$OUT/api-gc-${DB}_abuse.log"
    rm -f "$GC_LOG"
    start_api "${DB}_abuse" \
        "${API_JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError} -Xlog:gc:file=$GC_LOG"
    generator --url "$API_URL" --key "$KEY" --api-pid "$API_PID" --phases abuse \
        --jdbc "jdbc:postgresql://127.0.0.1:5432/${DB}_abuse" "$@" 2>&1 | tee -a "$LOG"
    if kill -0 "$API_PID" 2>/dev/null; then
        say "API still running after the abuse: yes; $(jcmd "$API_PID" GC.heap_info 2>/dev/null | grep -m1 -E 'total|garbage-first|def new' || true)"
    else
        say "API still running after the abuse: NO (see bench/target/api-${DB}_abuse.log)"
    fi
    stop_api
    # "GC(12) Pause Full (Allocation Failure) 652M->243M(682M) 475ms": after a full collection the
    # heap holds only live objects, so the high-water of the second figure over the full collections
    # is the live set's; over every collection (young ones leave the old generation's garbage) it is
    # how full the heap got. Metaspace-triggered full collections at start-up are left out.
    after_gc() {
        grep -E "$1" "$GC_LOG" | grep -v 'Metadata GC Threshold' | grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' |
            sed -E 's/.*->([0-9]+)M\(([0-9]+)M\)/\1 \2/' | sort -n | tail -1
    }
    LIVE=$(after_gc 'Pause Full')
    OCCUPIED=$(after_gc 'Pause')
    COLLECTIONS=$(grep -c 'Pause' "$GC_LOG" || true)
    FULL=$(grep 'Pause Full' "$GC_LOG" | grep -vc 'Metadata GC Threshold' || true)
    say "RESULT abuse API live heap (after full GC)  high-water ${LIVE% *} MiB of ${LIVE#* } MiB committed ($FULL full collections)"
    say "RESULT abuse API heap after any GC          high-water ${OCCUPIED% *} MiB ($COLLECTIONS collections; ${GC_LOG#"$ROOT"/})"
fi

say
say "== Summary =="
say "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The generator's RESULT lines, gathered from both runs.
grep '^RESULT' "$LOG" | sed 's/^RESULT //' | tee -a "$LOG"
say "reference (DESIGN.md, the original Python design, not runnable here): ingest 7,000 processes/s with"
say "  p99 near 1 s; with 650k rows, tree 4 s and flat list 1 s at the median; 561 bytes per process row,"
say "  1.45 GB per host-day at 300 processes every 10 s"
say "(full log: ${LOG#"$ROOT"/}, API logs: bench/target/api-${DB}*.log)"
