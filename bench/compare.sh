#!/usr/bin/env bash
# Parley beside ngircd and InspIRCd on this machine: the same workloads from the same load generator
# (bench/Parley.Bench) against each server in turn, over loopback only, then docs/benchmarks.md with the medians,
# Parley's ratio to the best of the others, and a chart (docs/benchmarks-fanout.png).
#
#   bench/compare.sh [--quick] [--runs N] [--servers "parley ngircd inspircd"] [--jit] [--only "LABEL..."]
#
#   --quick    2 runs instead of 3, shorter fanout-5000, paced and direct runs
#   --runs N   runs of every workload on every server (the report shows medians)
#   --servers  which servers to compare (default all three)
#   --jit      run Parley's JIT build (dotnet publish) instead of its Native AOT build
#   --only     run only the workloads with these labels (e.g. "fanout-100 joinstorm-5000"); the report then has only them
#   BENCH_PORT first loopback port (default 17667; the three servers use it and the next two)
#   BENCH_NOTE a sentence added to the report (e.g. what else was running)
#
# Installs ngircd and inspircd from Debian when missing. Raw JSON results and logs stay in artifacts/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
arguments="$*"

quick=0
runs=""
jit=0
only=""
servers="parley ngircd inspircd"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --runs) runs=$2; shift ;;
        --servers) servers=$2; shift ;;
        --jit) jit=1 ;;
        --only) only=$2; shift ;;
        -h|--help) sed -n 2,16p "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$runs" ] || runs=$([ "$quick" = 1 ] && echo 2 || echo 3)
base_port=${BENCH_PORT:-17667}

# Every workload: LABEL|SCENARIO AND OPTIONS. connect goes first, on a server that has only had the warm-up, so its
# memory reading is not flattered by memory freed from earlier workloads. It is a storm: 1,000 registrations in
# progress at once (InspIRCd completes registrations on a once-a-second timer, so fewer at once would measure the
# timer; ngircd listens with a backlog of 10, so a storm makes the kernel drop connection attempts, and a run that has
# not registered everyone within 60 s is reported as such).
workloads=(
    "connect-10000|connect --connections 10000 --parallel 1000 --timeout 60"
    "connect-50000|connect --connections 50000 --parallel 1000 --timeout 120"
    "fanout-10|fanout --clients 10 --senders 5 --messages 10000"
    "fanout-100|fanout --clients 100 --senders 10 --messages 2000"
    "fanout-1000|fanout --clients 1000 --senders 5 --messages 200"
)
# The 5,000-member room completes the chart's room sizes (10, 100, 1,000, 5,000).
if [ "$quick" = 1 ]; then
    workloads+=("fanout-5000|fanout --clients 5000 --senders 2 --messages 50")
else
    workloads+=("fanout-5000|fanout --clients 5000 --senders 2 --messages 100")
fi
workloads+=("rooms-2000|rooms --clients 2000 --room-size 20 --messages 50")
if [ "$quick" = 1 ]; then
    workloads+=("paced-100|paced --clients 100 --senders 10 --rate 50 --messages 150"
                "direct-50|direct --pairs 50 --messages 1000")
else
    workloads+=("paced-100|paced --clients 100 --senders 10 --rate 50 --messages 500"
                "direct-50|direct --pairs 50 --messages 2000")
fi
# Join storms: 1,000, and 5,000 as the issue asks (Ergo's manual admits minutes at about 2,000 in one channel). Each
# member is owed the NAMES list and every later JOIN: 12.5 million JOIN lines in all at 5,000.
workloads+=("joinstorm-1000|joinstorm --clients 1000"
            "joinstorm-5000|joinstorm --clients 5000 --timeout 300")
if [ -n "$only" ]; then
    selected=()
    for workload in "${workloads[@]}"; do
        for label in $only; do
            if [ "${workload%%|*}" = "$label" ]; then selected+=("$workload"); fi
        done
    done
    if [ ${#selected[@]} -eq 0 ]; then
        echo "compare.sh: --only $only matches no workload" >&2
        exit 2
    fi
    workloads=("${selected[@]}")
fi

# One descriptor per connection, for the servers (started from this shell) and the generator, each a process of its
# own. 50,000 connections need 50,300 in each: the hard limit is raised when this shell may (root with
# CAP_SYS_RESOURCE; a container without it keeps its hard limit, often 20,000, and then connect-50000 is skipped).
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 65536 ]; then ulimit -Hn 65536 2>/dev/null || true; fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10300 ]; then
    echo "compare.sh: only $(ulimit -n) file descriptors allowed; connect needs 10,300 (raise ulimit -Hn)" >&2
    exit 2
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 50300 ] && [[ " ${workloads[*]} " == *" connect-50000|"* ]]; then
    echo "compare.sh: only $(ulimit -n) file descriptors allowed (hard limit $(ulimit -Hn), not raisable here): skipping connect-50000, which needs 50,300" >&2
    kept=()
    for workload in "${workloads[@]}"; do
        [ "${workload%%|*}" = connect-50000 ] || kept+=("$workload")
    done
    workloads=("${kept[@]}")
fi

missing=()
for server in $servers; do
    case $server in
        parley) ;;
        ngircd|inspircd) command -v "$server" >/dev/null || missing+=("$server") ;;
        *) echo "compare.sh: unknown server $server" >&2; exit 2 ;;
    esac
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "installing ${missing[*]} from Debian" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/parley-compare.XXXXXX)
chmod 755 "$work"
mkdir -m 1777 "$work/run" # ngircd drops root for nobody before it writes its pid file
out=$repo/artifacts/bench
results=$out/results
rm -rf "$results"
mkdir -p "$results"
log=$out/compare.log
: >"$log"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then stop_server; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The commit as built, taken now: the runs take long enough for the work tree to move on before the report.
parley_commit=$(git describe --always --dirty 2>/dev/null || echo unknown)
# Parley's Native AOT build by default: measured beside the JIT build (docs/benchmarks.md, "Native AOT") it delivered
# as much within the noise, with less server CPU (no tiered compilation during the runs) and less memory, and it is
# the build that compares like with like against two C servers. --jit measures the JIT build instead.
if [ "$jit" = 1 ]; then
    build="Release, JIT"
    echo "building Parley (Release, JIT) and the load generator" >&2
    dotnet publish src/Parley -c Release -o "$work/parley" --nologo -v quiet >>"$log" 2>&1 || { echo "build failed, see $log" >&2; exit 2; }
else
    build="Release, Native AOT"
    echo "building Parley (Release, Native AOT: a few minutes) and the load generator" >&2
    dotnet publish src/Parley -c Release -p:PublishAot=true -o "$work/parley" --nologo -v quiet >>"$log" 2>&1 || { echo "build failed, see $log" >&2; exit 2; }
fi
dotnet publish bench/Parley.Bench -c Release -o "$work/bench" --nologo -v quiet >>"$log" 2>&1 || { echo "build failed, see $log" >&2; exit 2; }
bench=$work/bench/parley-bench

port_of() {
    case $1 in parley) echo "$base_port" ;; ngircd) echo $((base_port + 1)) ;; inspircd) echo $((base_port + 2)) ;; esac
}

# Equivalent minimal settings: loopback only, no flood throttling, no DNS or ident lookups, no connection caps, a
# 16 MB send queue where the server lets it be set, pings far apart so that they never land inside a run.
cat >"$work/ngircd.conf" <<EOF
[Global]
	Name = bench.ngircd
	Info = parley-bench
	AdminInfo1 = parley-bench
	AdminInfo2 = loopback
	AdminEMail = bench@localhost
	Listen = 127.0.0.1
	Ports = $(port_of ngircd)
	MotdPhrase = "parley-bench"
	PidFile = $work/run/ngircd.pid
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxPenaltyTime = 0
	PingTimeout = 600
	PongTimeout = 600
[Options]
	DNS = no
	Ident = no
	PAM = no
EOF

echo "parley-bench" >"$work/motd.txt"
cat >"$work/inspircd.conf" <<EOF
<server name="bench.inspircd" description="parley-bench" network="Bench">
<admin name="parley-bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="$(port_of inspircd)" type="clients">
<connect name="bench" allow="127.0.0.1" timeout="60" pingfreq="600"
         hardsendq="16777216" softsendq="16777216" recvq="1048576"
         threshold="1000000000" commandrate="1000000000" fakelag="no"
         localmax="1000000" globalmax="1000000" limit="1000000" maxchans="100"
         resolvehostnames="no" useident="no">
<files motd="$work/motd.txt">
<pid file="$work/run/inspircd.pid">
<channels users="100" opers="100">
<performance softlimit="$(( $(ulimit -n) - 64 ))" somaxconn="4096" netbuffersize="65536" quietbursts="yes">
<options prefixquit="Quit: " syntaxhints="no" announcets="yes" hostintopic="yes" pingwarning="15" splitwhois="no" exemptchanops="">
<security hideserver="" userstats="Pu" customversion="" flatlinks="no" hidesplits="no" hideulines="no" hidebans="no" maxtargets="20">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$work/inspircd.log">
EOF

start_server() {
    local name=$1 port
    port=$(port_of "$1")
    case $name in
        parley)
            PARLEY__Limits__SendQueueBytes=16777216 PARLEY__Limits__PingIntervalSeconds=600 \
            PARLEY__Limits__Exempt=127.0.0.0/8,::1/128 PARLEY__Limits__MaxConnections=0 \
                "$work/parley/parley" server --listen "127.0.0.1:$port" --server-name bench.parley --quiet \
                --data "$work/parley-data-$RANDOM$RANDOM" \
                </dev/null >>"$out/parley.log" 2>&1 &
            ;;
        ngircd)
            ngircd --nodaemon --config "$work/ngircd.conf" </dev/null >>"$out/ngircd.log" 2>&1 &
            ;;
        inspircd)
            local root=""
            [ "$(id -u)" -ne 0 ] || root="--runasroot"
            inspircd --nofork $root --config="$work/inspircd.conf" </dev/null >>"$out/inspircd.log" 2>&1 &
            ;;
    esac
    server_pid=$!
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
        sleep 0.1
    done
    echo "compare.sh: $name did not start listening on 127.0.0.1:$port (see $out/$name.log)" >&2
    exit 2
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# bench SERVER LABEL RUN SCENARIO ARGS...: one measured run, its JSON kept in artifacts/bench/results.
bench() {
    local server=$1 label=$2 run=$3 scenario=$4
    shift 4
    local file="$results/$server.$label.$run.json" status=0
    echo "== $server $label run $run: $scenario $*" >>"$log"
    timeout 900 "$bench" "$scenario" "$@" --port "$(port_of "$server")" --server-pid "$server_pid" --server-name "$server" \
        --label "$label" --json --quiet >"$file" 2>>"$log" || status=$?
    if [ "$status" -ge 2 ]; then
        rm -f "$file"
        printf '  %-9s %-15s run %s: failed (see %s)\n' "$server" "$label" "$run" "$log" >&2
    else
        local rate unit
        rate=$(grep -o '^  "rate": [0-9.]*' "$file" | head -1 | cut -d' ' -f4)
        unit=$(grep -o '"rateUnit": "[^"]*"' "$file" | head -1 | cut -d'"' -f4)
        printf '  %-9s %-15s run %s: %s %s%s\n' "$server" "$label" "$run" "$rate" "$unit" \
            "$([ "$status" = 0 ] || echo '  (NOT CLEAN: see the report)')" >&2
    fi
    wait_idle
}

# Waits (up to 2 minutes) until the server uses under 5% of a core: a server may spend a long time on the clients of the
# last workload leaving (ngircd logged 12 million write errors for 90 s after the 5,000-member room), and the next
# workload should not start while it does.
wait_idle() {
    local before after
    sleep 1
    before=$(server_ticks)
    for _ in $(seq 1 240); do
        sleep 0.5
        after=$(server_ticks)
        [ $((after - before)) -gt 2 ] || return 0
        before=$after
    done
    echo "compare.sh: the server was still busy 2 minutes after the last workload" >>"$log"
}

# The server's CPU time so far, in clock ticks (utime + stime from /proc).
server_ticks() {
    awk '{print $14 + $15}' "/proc/$server_pid/stat" 2>/dev/null || echo 0
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$runs"); do
    for server in $servers; do
        echo "run $run/$runs: $server" >&2
        start_server "$server"
        # Warm-up, not measured: code paths loaded (and, for Parley, compiled) before the first measured run.
        timeout 120 "$bench" fanout --clients 20 --senders 2 --messages 500 --port "$(port_of "$server")" --quiet >>"$log" 2>&1 || true
        timeout 120 "$bench" connect --connections 300 --parallel 300 --timeout 30 --port "$(port_of "$server")" --quiet >>"$log" 2>&1 || true
        sleep 1
        for workload in "${workloads[@]}"; do
            label=${workload%%|*}
            read -r -a command <<<"${workload#*|}"
            bench "$server" "$label" "$run" "${command[@]}"
        done
        stop_server
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

versions=()
for server in $servers; do
    case $server in
        parley) versions+=(--server-version "parley=$parley_commit ($build, .NET $(dotnet --version))") ;;
        ngircd) versions+=(--server-version "ngircd=$(ngircd --version 2>/dev/null | head -1)") ;;
        inspircd) versions+=(--server-version "inspircd=$(inspircd --version 2>/dev/null | head -1)") ;;
    esac
done
notes=(--note "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after. The load generator shares the cores with the server, and anything else running on the machine shows up in every number.")
if [ "$quick" = 1 ]; then
    notes+=(--note "This is the quick variant (--quick): $runs runs per workload, and shorter fanout-5000, paced and direct runs.")
fi
if [ -n "${BENCH_NOTE:-}" ]; then
    notes+=(--note "$BENCH_NOTE")
fi
"$bench" report --results "$results" --out docs/benchmarks.md --chart docs/benchmarks-fanout.png \
    --command "bench/compare.sh${arguments:+ $arguments}" "${versions[@]}" "${notes[@]}"
