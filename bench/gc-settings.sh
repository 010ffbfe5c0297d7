#!/usr/bin/env bash
# Parley under each runtime setting that could matter (GC flavour, DATAS, tiered compilation and PGO), with the same
# workloads from bench/Parley.Bench, round-robin so that noise from other work on the machine spreads over all of
# them; prints the median of the runs per setting. The settings are given as DOTNET_ environment variables, which
# override what src/Parley/Parley.csproj sets. How the current choice was made: docs/benchmarks.md, "Runtime settings".
#
#   bench/gc-settings.sh [--runs N]        (BENCH_PORT: the loopback port, default 17670)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
[ "${1:-}" != "--runs" ] || runs=$2
port=${BENCH_PORT:-17670}
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
server_pid=0

dotnet publish src/Parley -c Release -o "$work/parley" >/dev/null
dotnet build bench/Parley.Bench -c Release -o "$work/bench" >/dev/null
bench=$work/bench/parley-bench

# NAME|ENVIRONMENT (as env(1) arguments)
settings=(
    "workstation, non-concurrent|DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
    "workstation, concurrent|DOTNET_gcServer=0 DOTNET_gcConcurrent=1"
    "server, DATAS|DOTNET_gcServer=1 DOTNET_gcConcurrent=0"
    "server, no DATAS|DOTNET_gcServer=1 DOTNET_gcConcurrent=0 DOTNET_GCDynamicAdaptationMode=0"
    "workstation, no TieredPGO|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=0"
    "workstation, no tiering|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredCompilation=0"
)
# connect first, on a server that has only had the warm-up: memory freed after earlier workloads would make its
# per-connection growth meaningless (even negative).
workloads=(
    "connect-3000|connect --connections 3000 --parallel 500 --timeout 60"
    "fanout-100|fanout --clients 100 --senders 10 --messages 2000"
    "fanout-1000|fanout --clients 1000 --senders 5 --messages 200"
    "rooms-2000|rooms --clients 2000 --room-size 20 --messages 50"
)
ulimit -n 20000 2>/dev/null || true

results=$work/results.tsv
for run in $(seq "$runs"); do
    for setting in "${settings[@]}"; do
        name=${setting%%|*}
        # shellcheck disable=SC2086
        env ${setting#*|} PARLEY__Limits__SendQueueBytes=16777216 PARLEY__Limits__PingIntervalSeconds=600 \
            PARLEY__Limits__Exempt=127.0.0.0/8,::1/128 PARLEY__Limits__MaxConnections=0 \
            "$work/parley/parley" server --listen "127.0.0.1:$port" --server-name bench.parley --quiet \
            --data "$work/data-$run-$RANDOM" </dev/null >>"$work/server.log" 2>&1 &
        server_pid=$!
        for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
        "$bench" fanout --clients 20 --senders 2 --messages 500 --port "$port" --quiet >/dev/null 2>&1 || true # warm-up
        for workload in "${workloads[@]}"; do
            label=${workload%%|*}
            # shellcheck disable=SC2086
            json=$("$bench" ${workload#*|} --port "$port" --server-pid "$server_pid" --json --quiet 2>/dev/null || true)
            python3 - "$name" "$label" "$json" >>"$results" <<'PY'
import json, sys
name, label, text = sys.argv[1:4]
try:
    r = json.loads(text)
except ValueError:
    print(f"{name}\t{label}\tnan\tnan\tnan"); sys.exit()
usage = r.get("serverUsage") or {}
value = r.get("memoryPerConnectionKb") if label.startswith("connect") else r["rate"]
clean = r["lost"] == 0 and r["duplicated"] == 0 and r["delivered"] == r["expected"]
print(f"{name}\t{label}\t{value if clean or label.startswith('connect') else 'nan'}\t{usage.get('cpuSeconds', 'nan')}\t{usage.get('rssPeakKb', 'nan')}")
PY
            echo "run $run, $name, $label: $(tail -n 1 "$results" | cut -f3-)" >&2
        done
        kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    done
done

python3 - "$results" "$runs" <<'PY'
import sys, statistics, collections
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
values = collections.defaultdict(list); cpu = collections.defaultdict(list); rss = collections.defaultdict(list)
order, labels = [], []
for name, label, value, c, r in rows:
    if name not in order: order.append(name)
    if label not in labels: labels.append(label)
    if value != "nan": values[name, label].append(float(value))
    if c != "nan": cpu[name, label].append(float(c))
    if r != "nan": rss[name, label].append(float(r))
def med(xs, fmt): return fmt(statistics.median(xs)) if xs else "-"
print(f"Medians of {sys.argv[2]} runs. fanout/rooms: deliveries/s (server CPU s, peak RSS MB); connect: KB per idle connection (peak RSS MB).\n")
print("| setting | " + " | ".join(labels) + " |")
print("| --- | " + " | ".join("---" for _ in labels) + " |")
for name in order:
    cells = []
    for label in labels:
        if label.startswith("connect"):
            cells.append(f"{med(values[name, label], lambda v: f'{v:.2f} KB')} ({med(rss[name, label], lambda v: f'{v / 1024:.0f} MB')})")
        else:
            cells.append(f"{med(values[name, label], lambda v: f'{v / 1e6:.2f}M')} ({med(cpu[name, label], lambda v: f'{v:.2f} s')}, {med(rss[name, label], lambda v: f'{v / 1024:.0f} MB')})")
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
