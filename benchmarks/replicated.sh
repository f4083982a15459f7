#!/usr/bin/env bash
# Durable PutItem through `basalt serve --replicas 1` and `--replicas 3` (RocksDB, --admission off)
# at several concurrencies with `basalt bench`, each cell beside a sync probe of the same disk
# (fsync-probe.sh). Optionally also a baseline build of another git ref (e.g. the single-node
# server from before partition groups). Prints a Markdown table; JSON per cell in $WORK/results.
#
#   benchmarks/replicated.sh
#   BASELINE_REF=ae613ed CONCURRENCIES="1 16 64" DURATION=10s benchmarks/replicated.sh
#
# Every server is started once and preloaded once; then for each concurrency every server is
# measured in turn, so the shared machine's noise hits all of them alike.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/benchmarks/.work-replicated}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONCURRENCIES=${CONCURRENCIES:-"1 16 64"}
ITEMS=${ITEMS:-10000}
ITEM_SIZE=${ITEM_SIZE:-1000}
PARTITIONS=${PARTITIONS:-1}
CONFIGS=${CONFIGS:-"r1 r3"}          # r1 = --replicas 1, r3 = --replicas 3, r3p4 = --replicas 3 --initial-partitions 4
BASELINE_REF=${BASELINE_REF:-}       # a git ref to build and measure as "baseline" (its own serve flags: none)
BASE_PORT=${BASE_PORT:-18700}
# With perf (and permission to trace the server), count the server's fsync/fdatasync calls during the
# measured window: puts per server sync is the group-commit factor. PERF=0 turns it off.
PERF=${PERF:-1}
seconds_of() { case $1 in *ms) echo "scale=3; ${1%ms}/1000" | bc ;; *s) echo "${1%s}" ;; *m) echo "$(( ${1%m} * 60 ))" ;; *) echo "$1" ;; esac; }

started=$(date +%s)
log() { printf '[replicated %4ds] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

declare -A PID PORT
cleanup() {
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK/results" "$WORK/logs"

log "building Basalt (Release)"
dotnet build -c Release "$ROOT/src/Basalt.Cli" -o "$WORK/basalt" --nologo -v quiet -clp:ErrorsOnly >&2
configs=($CONFIGS)
if [ -n "$BASELINE_REF" ]; then
  log "building the baseline $BASELINE_REF (Release)"
  mkdir -p "$WORK/baseline-src"
  git -C "$ROOT" archive "$BASELINE_REF" | tar -x -C "$WORK/baseline-src"
  dotnet build -c Release "$WORK/baseline-src/src/Basalt.Cli" -o "$WORK/baseline" --nologo -v quiet -clp:ErrorsOnly >&2
  configs=(baseline "${configs[@]}")
fi

port=$BASE_PORT
for name in "${configs[@]}"; do
  dll=$WORK/basalt/basalt.dll
  extra=()
  case $name in
    baseline) dll=$WORK/baseline/basalt.dll ;;
    r1)   extra=(--replicas 1 --initial-partitions "$PARTITIONS") ;;
    r3)   extra=(--replicas 3 --initial-partitions "$PARTITIONS") ;;
    r3p4) extra=(--replicas 3 --initial-partitions 4) ;;
    *) echo "replicated.sh: unknown config $name" >&2; exit 1 ;;
  esac
  PORT[$name]=$port
  (exec dotnet "$dll" serve --port "$port" --data-dir "$WORK/data-$name" --admission off "${extra[@]}") >"$WORK/logs/$name.log" 2>&1 &
  PID[$name]=$!
  port=$((port + 1))
done

for name in "${configs[@]}"; do
  for _ in $(seq 1 600); do
    grep -q "^Basalt listening" "$WORK/logs/$name.log" && break
    kill -0 "${PID[$name]}" 2>/dev/null || { cat "$WORK/logs/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  log "$name listening on ${PORT[$name]} (pid ${PID[$name]}); preloading $ITEMS items"
  dotnet "$WORK/basalt/basalt.dll" bench --endpoint "http://127.0.0.1:${PORT[$name]}" --items "$ITEMS" --item-size "$ITEM_SIZE" \
    --concurrency 16 --duration 0 > "$WORK/logs/preload-$name.log" 2>&1 || { cat "$WORK/logs/preload-$name.log" >&2; exit 1; }
done

rotation=0
for concurrency in $CONCURRENCIES; do
  for i in "${!configs[@]}"; do
    name=${configs[$(( (i + rotation) % ${#configs[@]} ))]}
    probe=$("$ROOT/benchmarks/fsync-probe.sh" "$WORK")
    log "put c=$concurrency on $name (disk: $probe)"
    syncs=-1
    if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
      # The measured window only: after the warm-up, for the duration.
      (sleep "$(seconds_of "$WARMUP")" && exec perf stat -x, -e syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync \
        -p "${PID[$name]}" -o "$WORK/logs/perf-$name-c$concurrency.csv" -- sleep "$(seconds_of "$DURATION")") 2>/dev/null &
      perf_pid=$!
    fi
    dotnet "$WORK/basalt/basalt.dll" bench --endpoint "http://127.0.0.1:${PORT[$name]}" --workload put --items "$ITEMS" \
      --item-size "$ITEM_SIZE" --concurrency "$concurrency" --duration "$DURATION" --warmup "$WARMUP" --skip-preload \
      --label "$name" --server-pid "${PID[$name]}" --json "$WORK/results/$name.c$concurrency.json" > "$WORK/logs/put-$name-c$concurrency.log" 2>&1 \
      || { cat "$WORK/logs/put-$name-c$concurrency.log" >&2; exit 1; }
    if [ -n "${perf_pid:-}" ]; then
      wait "$perf_pid" || true
      # perf's CSV: count,,event,runtime-ns,...: syncs per second over the time perf counted.
      syncs=$(awk -F, '/syscalls/ { n += $1; t = $4 } END { if (t > 0) printf "%d", n / (t / 1e9); else print -1 }' "$WORK/logs/perf-$name-c$concurrency.csv" 2>/dev/null || echo -1)
      perf_pid=
    fi
    echo "$name $concurrency $probe syncs=$syncs load=$(cut -d' ' -f1 /proc/loadavg)" >> "$WORK/probes.txt"
  done
  rotation=$((rotation + 1))
done
cleanup
trap - EXIT

python3 - "$WORK" <<'PY'
import json, sys, os
work = sys.argv[1]
rows = [l.split() for l in open(os.path.join(work, "probes.txt"))]
duration = None
print("| server | clients | PutItem/s | p50 ms | p99 ms | errors | server cores | server µs/put | disk syncs/s (probe, append) | PutItem/s ÷ probe syncs/s | server syncs/s | puts per server sync | load avg |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, c, append, overwrite, server_syncs, load in sorted(rows, key=lambda r: (r[0], int(r[1]))):
    r = json.load(open(os.path.join(work, "results", f"{name}.c{c}.json")))
    tput = r["throughput"]
    lat = r["latencyMs"]
    cores = r.get("server", {}).get("cores", 0)
    errors = r.get("errors", 0)
    syncs = int(append.split("=")[1])
    us = cores / tput * 1e6 if tput else float("nan")
    per_second = int(server_syncs.split("=")[1])
    if per_second >= 0:
        server = f"{per_second:,.0f} | {tput / per_second:.1f}" if per_second else "0 | –"
    else:
        server = "– | –"
    print(f"| {name} | {c} | {tput:,.0f} | {lat['p50']:.2f} | {lat['p99']:.2f} | {errors} | {cores:.2f} | {us:,.0f} | {syncs:,} | {tput / syncs:.2f} | {server} | {load.split('=')[1]} |")
PY
log "done"
