#!/usr/bin/env bash
# agent/bench/run.sh [N] [RUNS] [LOOP_SECONDS]
#
# The agent's cost on this machine, side by side with the psutil reference agent, in one run:
#   1. spawns N (default 1000) idle processes with realistic names and command lines;
#   2. median wall time and CPU seconds of one full collection, RUNS (default 20) times:
#      psutil (--bench) and the agent (CollectionBench, with the agent's shipped JVM flags);
#   3. both in their real loop at a 1 s interval for LOOP_SECONDS (default 30), the agent through its
#      launcher (agent/target/procscope-agent, as it ships): CPU seconds per
#      collection and the steady RSS (VmRSS at the end), the agent shipping to a local sink.
# The spawned processes are always killed again, also on failure or Ctrl-C.
#
# Needs: the agent built (./mvnw -B -pl dto,agent verify), /usr/bin/python3 with Debian's
# python3-psutil, and the benchmark helpers (spawn-procs.sh, kill-procs.sh,
# psutil-reference-agent.py) in $BENCH_HELPERS, by default ../shared/bench beside the repository.
# AGENT_TARGET measures another build: a copy of an older agent/target (default: this tree's).
# A benchmark, not a test: nothing in the build runs it.
set -euo pipefail

N=${1:-1000}
RUNS=${2:-20}
LOOP_SECONDS=${3:-30}
ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
HELPERS=${BENCH_HELPERS:-$ROOT/../shared/bench}
TARGET=${AGENT_TARGET:-$ROOT/agent/target}
PYTHON=/usr/bin/python3

fail() { echo "run.sh: $*" >&2; exit 2; }
for f in spawn-procs.sh kill-procs.sh psutil-reference-agent.py; do
    [ -f "$HELPERS/$f" ] || fail "no $HELPERS/$f: set BENCH_HELPERS to the folder of the benchmark helpers"
done
[ -f "$TARGET/jvm.options" ] && [ -d "$TARGET/lib" ] && [ -d "$TARGET/test-classes" ] \
    || fail "the agent is not built: run ./mvnw -B -pl dto,agent verify first"
"$PYTHON" -c 'import psutil' 2>/dev/null || fail "$PYTHON has no psutil: apt-get install python3-psutil"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CP="$TARGET/classes:$TARGET/lib/*"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/procscope-bench.XXXXXX")
PIDFILE=$WORK/spawned.pids
PIDS_TO_STOP=()

cleanup() {
    for pid in "${PIDS_TO_STOP[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ -f "$PIDFILE" ]; then
        bash "$HELPERS/kill-procs.sh" "$PIDFILE" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }
# utime + stime of a process, seconds
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# CPU seconds per collection and RSS of a process collecting every second: sampled from 10 s in
# (after start-up, priming and the compiler's first pass) to the end.
measure_loop() {
    local pid=$1
    sleep 10
    local c0 t0 c1 t1
    c0=$(cpu_seconds "$pid"); t0=$(date +%s.%N)
    sleep $((LOOP_SECONDS - 10))
    c1=$(cpu_seconds "$pid"); t1=$(date +%s.%N)
    kill -0 "$pid" 2>/dev/null || fail "process $pid died during the loop"
    awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v rss="$(rss_mb "$pid")" \
        'BEGIN { printf "cpu_s_per_collection=%.4f rss_mb=%s\n", (c1 - c0) / (t1 - t0), rss }'
}

echo "== agent build: $TARGET"
echo "== spawning $N idle processes"
bash "$HELPERS/spawn-procs.sh" "$N" "$PIDFILE"
TOTAL=$(ls /proc | grep -c '^[0-9]')
echo "processes on this host: $TOTAL"

echo "== one collection, median of $RUNS"
PSUTIL=$("$PYTHON" "$HELPERS/psutil-reference-agent.py" --bench "$RUNS")
echo "psutil: $PSUTIL"
# psutil's CPU per collection: its process CPU over the same back-to-back runs
PSUTIL_CPU=$( { /usr/bin/env time -f '%U %S' "$PYTHON" "$HELPERS/psutil-reference-agent.py" --bench "$RUNS" >/dev/null; } 2>&1 \
    | awk -v runs="$RUNS" 'END { printf "%.4f", ($1 + $2) / runs }' || echo "?")
AGENT=$(MALLOC_ARENA_MAX=2 "$JAVA" "@$TARGET/jvm.options" -cp "$TARGET/test-classes:$CP" io.procscope.agent.bench.CollectionBench "$RUNS" \
    2>"$WORK/bench.err") || { cat "$WORK/bench.err" >&2; fail "CollectionBench failed"; }
echo "agent:  $AGENT"

echo "== real loops at a 1 s interval, ${LOOP_SECONDS} s each"
PORT=$(free_port)
"$PYTHON" "$ROOT/agent/bench/sink.py" "$PORT" & PIDS_TO_STOP+=($!)
(cd "$WORK" && exec env -u NODE_NAME PROCSCOPE_AGENT_API_URL="http://127.0.0.1:$PORT" PROCSCOPE_AGENT_INTERVAL=1s \
    PROCSCOPE_AGENT_SPOOL_DIR="$WORK/spool" PROCSCOPE_AGENT_KUBERNETES_API=off PROCSCOPE_AGENT_LOG_LEVEL=WARN \
    "$TARGET/procscope-agent" >"$WORK/agent.log" 2>&1) &
AGENT_PID=$!; PIDS_TO_STOP+=($AGENT_PID)
AGENT_LOOP=$(measure_loop "$AGENT_PID")
kill "$AGENT_PID" 2>/dev/null || true
echo "agent loop:  $AGENT_LOOP"
"$PYTHON" "$HELPERS/psutil-reference-agent.py" --interval 1 --duration $((LOOP_SECONDS + 5)) 2>/dev/null &
PSUTIL_PID=$!; PIDS_TO_STOP+=($PSUTIL_PID)
PSUTIL_LOOP=$(measure_loop "$PSUTIL_PID")
kill "$PSUTIL_PID" 2>/dev/null || true
echo "psutil loop: $PSUTIL_LOOP"

A_MS=$(field median_ms "$AGENT"); P_MS=$(field median_ms "$PSUTIL")
echo
echo "== procscope agent vs psutil reference, $TOTAL processes, $(date -u +%Y-%m-%dT%H:%MZ), JVM flags: $(grep -v '^#' "$TARGET/jvm.options" | tr '\n' ' ')"
printf '%-42s %12s %12s %10s\n' "" agent psutil target
printf '%-42s %12s %12s %10s\n' "median collection, ms" "$A_MS" "$P_MS" "<= 58"
awk -v a="$A_MS" -v p="$P_MS" 'BEGIN { printf "%-42s %12.2f %12s %10s\n", "ratio agent / psutil", a / p, "", "<= 0.50" }'
printf '%-42s %12s %12s %10s\n' "cold first collection, ms" "$(field cold_ms "$AGENT")" "" ""
printf '%-42s %12s %12s %10s\n' "CPU s per collection (bench, mean)" "$(field mean_cpu_s "$AGENT")" "$PSUTIL_CPU" "<= 0.05"
printf '%-42s %12s %12s %10s\n' "CPU s per collection (1 s loop)" "$(field cpu_s_per_collection "$AGENT_LOOP")" \
    "$(field cpu_s_per_collection "$PSUTIL_LOOP")" "<= 0.05"
printf '%-42s %12s %12s %10s\n' "steady RSS, MB (1 s loop)" "$(field rss_mb "$AGENT_LOOP")" "$(field rss_mb "$PSUTIL_LOOP")" "<= 48"
