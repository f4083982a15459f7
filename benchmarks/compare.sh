#!/usr/bin/env bash
# Basalt side by side with DynamoDB Local and dynalite, on loopback, with `basalt bench`.
#
#   benchmarks/compare.sh                 # full run (about 13 minutes on 2 cores), rewrites docs/performance.md
#   DURATION=3s WORKLOADS="get put" benchmarks/compare.sh   # a quick look
#
# Servers: basalt (durable default, fsync'd group commit), basalt-mem (--in-memory), ddblocal-mem
# (DynamoDBLocal.jar -inMemory), ddblocal-disk (DynamoDBLocal.jar -dbPath, SQLite on disk) and dynalite
# (in-memory LevelDB). DynamoDB Local is the real DynamoDBLocal.jar shipped inside the npm package
# amplify-dynamodb-simulator, run on the machine's Java 17; dynalite comes from npm too.
#
# Every server is started once, preloaded once, and stays up; then for each workload every server is
# measured in turn (the order rotates per workload) so that machine noise hits all of them alike.
# Only compare numbers from one run: the machine is shared and noisy.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/benchmarks/.work}
PEERS=${BENCH_PEERS:-$HOME/.cache/basalt-bench-peers}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
# Before any measured cell, every server runs every workload for this long, unmeasured: JIT compilers
# (.NET's tiered compilation, the JVM's C2) reach steady-state code before the first measured cell, so
# the first workload measured does not pay for compiling everyone's hot paths (0 skips the pass).
WARMUP_PASS=${WARMUP_PASS:-4s}
# Every workload is measured on every server in each of ROUNDS rounds (the order rotating on), and the
# report averages a cell's rounds: two short measurements at different moments halve the effect of a
# slow spell of the shared machine on any one cell, where one long measurement would not.
ROUNDS=${ROUNDS:-2}
CONCURRENCY=${CONCURRENCY:-64}
ITEMS=${ITEMS:-10000}
ITEM_SIZE=${ITEM_SIZE:-1000}
WORKLOADS=${WORKLOADS:-"put get update query scan ycsb-a ycsb-b ycsb-c"}
SERVERS=${SERVERS:-"basalt basalt-mem ddblocal-mem ddblocal-disk dynalite"}
BASE_PORT=${BASE_PORT:-18600}
# The peers enforce no capacity limits, so by default Basalt runs without its DynamoDB admission
# control too (engine against engine); BASALT_ADMISSION=on measures it with DynamoDB's throttling.
BASALT_ADMISSION=${BASALT_ADMISSION:-off}
OUTPUT=${OUTPUT:-$ROOT/docs/performance.md}
CHART=${CHART:-$ROOT/docs/performance.svg}
DDB_LOCAL_PACKAGE=amplify-dynamodb-simulator@2.9.30
DYNALITE_PACKAGE=dynalite@4.0.0

started=$(date +%s)
log() { printf '[compare %4ds] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

declare -A PID PORT
cleanup() {
  for name in "${!PID[@]}"; do
    kill "${PID[$name]}" 2>/dev/null || true
  done
  for name in "${!PID[@]}"; do
    wait "${PID[$name]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK/results" "$WORK/logs" "$PEERS"

# --- 1. peers and Basalt ----------------------------------------------------------------------------
if [ ! -f "$PEERS/node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar" ] || [ ! -f "$PEERS/node_modules/dynalite/cli.js" ]; then
  log "installing $DDB_LOCAL_PACKAGE and $DYNALITE_PACKAGE into $PEERS"
  npm install --prefix "$PEERS" --no-audit --no-fund --loglevel=error "$DDB_LOCAL_PACKAGE" "$DYNALITE_PACKAGE" >&2
fi
DDB_LOCAL_DIR="$PEERS/node_modules/amplify-dynamodb-simulator/emulator"
DYNALITE_CLI="$PEERS/node_modules/dynalite/cli.js"
command -v java >/dev/null || { echo "compare.sh: java (17+) is required for DynamoDB Local" >&2; exit 1; }

log "building Basalt (Release)"
dotnet build -c Release "$ROOT/src/Basalt.Cli" -o "$WORK/basalt" --nologo -v quiet -clp:ErrorsOnly >&2
BASALT=("dotnet" "$WORK/basalt/basalt.dll")

# --- 2. start every server ---------------------------------------------------------------------------
start_server() {
  local name=$1 port=$2 dir=$WORK
  local -a cmd
  PORT[$name]=$port
  case $name in
    basalt)        cmd=("${BASALT[@]}" serve --port "$port" --data-dir "$WORK/basalt-data" --admission "$BASALT_ADMISSION") ;;
    basalt-mem)    cmd=("${BASALT[@]}" serve --port "$port" --in-memory --admission "$BASALT_ADMISSION") ;;
    ddblocal-mem)  dir=$DDB_LOCAL_DIR
                   cmd=(java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -port "$port") ;;
    ddblocal-disk) dir=$DDB_LOCAL_DIR; mkdir -p "$WORK/ddblocal-data"
                   cmd=(java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -dbPath "$WORK/ddblocal-data" -port "$port") ;;
    dynalite)      cmd=(node "$DYNALITE_CLI" --port "$port" --host 127.0.0.1 --createTableMs 0) ;;
    *) echo "compare.sh: unknown server $name" >&2; exit 1 ;;
  esac
  # exec: the recorded pid is the server's own, so its CPU time can be read and it can be stopped.
  (cd "$dir" && exec "${cmd[@]}") >"$WORK/logs/$name.log" 2>&1 &
  PID[$name]=$!
}

wait_ready() {
  local name=$1
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null -m 2 -X POST "http://127.0.0.1:${PORT[$name]}/"; then return 0; fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      echo "compare.sh: $name exited; its log:" >&2; cat "$WORK/logs/$name.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "compare.sh: $name did not start within 60 s" >&2; exit 1
}

port=$BASE_PORT
for name in $SERVERS; do
  start_server "$name" "$port"
  port=$((port + 1))
done
for name in $SERVERS; do
  wait_ready "$name"
  log "$name listening on ${PORT[$name]} (pid ${PID[$name]})"
done

# --- 3. machine --------------------------------------------------------------------------------------
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores=$(nproc)"
  echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "node=$(node --version)"
  echo "ddblocal=$(sed -n 's/^Version:\s*//p' "$WORK/logs/ddblocal-mem.log" "$WORK/logs/ddblocal-disk.log" 2>/dev/null | head -1)"
  echo "dynalite=$DYNALITE_PACKAGE"
  echo "filesystem=$(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
  # Synchronous 4 KiB writes per second on the data disk: the bound of one durable writer.
  dd if=/dev/zero of="$WORK/fsync-probe" bs=4k count=500 2>/dev/null
  dd_out=$(dd if=/dev/zero of="$WORK/fsync-probe" bs=4k count=500 oflag=dsync conv=notrunc 2>&1 | tail -1)
  rm -f "$WORK/fsync-probe"
  echo "dsync_seconds_for_500=$(echo "$dd_out" | awk -F', ' '{print $3}' | awk '{print $1}')"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "parameters=duration=$DURATION warmup=$WARMUP warmup_pass=$WARMUP_PASS rounds=$ROUNDS concurrency=$CONCURRENCY items=$ITEMS item_size=$ITEM_SIZE"
} > "$WORK/machine.env"

# --- 4. preload ----------------------------------------------------------------------------------------
common=(--items "$ITEMS" --item-size "$ITEM_SIZE" --concurrency "$CONCURRENCY")
for name in $SERVERS; do
  log "preloading $name with $ITEMS items"
  "${BASALT[@]}" bench --endpoint "http://127.0.0.1:${PORT[$name]}" "${common[@]}" --duration 0 > "$WORK/logs/preload-$name.log" 2>&1 \
    || { cat "$WORK/logs/preload-$name.log" >&2; exit 1; }
done

# --- 5. the warm-up pass, then the runs, interleaved --------------------------------------------------------
read -r -a servers <<< "$SERVERS"
if [ "$WARMUP_PASS" != "0" ] && [ "$WARMUP_PASS" != "0s" ]; then
  for name in "${servers[@]}"; do
    log "warming up $name: every workload for $WARMUP_PASS, unmeasured"
    for workload in $WORKLOADS; do
      distribution=uniform
      case $workload in ycsb-*) distribution=zipfian ;; esac
      "${BASALT[@]}" bench --endpoint "http://127.0.0.1:${PORT[$name]}" --workload "$workload" --distribution "$distribution" \
        "${common[@]}" --duration "$WARMUP_PASS" --warmup 0s --skip-preload > "$WORK/logs/warmup-$workload.$name.log" 2>&1 \
        || { cat "$WORK/logs/warmup-$workload.$name.log" >&2; exit 1; }
    done
  done
fi
rotation=0
for round in $(seq 1 "$ROUNDS"); do
  for workload in $WORKLOADS; do
    distribution=uniform
    case $workload in ycsb-*) distribution=zipfian ;; esac
    for i in "${!servers[@]}"; do
      name=${servers[$(( (i + rotation) % ${#servers[@]} ))]}
      log "round $round: $workload on $name"
      args=(bench --endpoint "http://127.0.0.1:${PORT[$name]}" --workload "$workload" --distribution "$distribution"
            "${common[@]}" --duration "$DURATION" --warmup "$WARMUP" --skip-preload --label "$name"
            --server-pid "${PID[$name]}" --json "$WORK/results/$workload.$name.r$round.json")
      echo "basalt ${args[*]}" | sed "s|$WORK|\$WORK|g" >> "$WORK/commands.txt"
      "${BASALT[@]}" "${args[@]}" > "$WORK/logs/$workload.$name.r$round.log" 2>&1 || { cat "$WORK/logs/$workload.$name.r$round.log" >&2; exit 1; }
      grep -E '^│ [A-Za-z]' "$WORK/logs/$workload.$name.r$round.log" | grep -v operation | sed "s/^/    /" >&2 || true
    done
    rotation=$((rotation + 1))
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.env"
echo "elapsed_seconds=$(( $(date +%s) - started ))" >> "$WORK/machine.env"

cleanup
trap - EXIT

# --- 6. the report -----------------------------------------------------------------------------------------
python3 "$ROOT/benchmarks/report.py" --results "$WORK/results" --machine "$WORK/machine.env" \
  --commands "$WORK/commands.txt" --output "$OUTPUT" --chart "$CHART"
log "wrote $OUTPUT and $CHART"
