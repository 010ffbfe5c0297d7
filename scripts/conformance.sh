#!/usr/bin/env bash
# Measures IRC conformance with the public irctest suite (progval/irctest) in its external-server mode.
# Starts a fresh Parley with the settings that mode expects (server name My.Little.Server, description "test server"
# as irctest gives every server it configures, operator operuser/operpassword, no throttling: loopback is exempt from flood
# control and per-IP limits through PARLEY__Limits__Exempt), runs ../shared/irctest/run.sh against it, stops it, and prints the
# totals line ("N passed, N failed, N skipped") last. Extra arguments go to pytest (e.g. -k 'topic').
#
#   IRCTEST_DIR     irctest checkout (default /tmp/irctest)
#   IRCTEST_RECIPE  the run.sh recipe (default ../shared/irctest/run.sh beside this repository)
#   PARLEY_PORT     port to serve on (default 16667)
#   PARLEY_ACCOUNTS=1  also run the tests that need accounts (irctest marks them "services"): a small controller
#                   (scripts/irctest/parley_controller.py) registers accounts through NickServ, and SASL PLAIN and
#                   SCRAM-SHA-256 are declared; passwords as short as irctest's ("bar") are allowed for the run.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
recipe=${IRCTEST_RECIPE:-$repo/../shared/irctest/run.sh}
port=${PARLEY_PORT:-16667}
export IRCTEST_DIR=${IRCTEST_DIR:-/tmp/irctest}

if [ ! -x "$recipe" ] && [ ! -f "$recipe" ]; then
    echo "irctest recipe not found at $recipe (set IRCTEST_RECIPE)" >&2
    exit 2
fi
if [ ! -d "$IRCTEST_DIR/irctest/server_tests" ]; then
    echo "irctest checkout not found in $IRCTEST_DIR: clone the public repository progval/irctest there" >&2
    exit 2
fi
if ! /usr/bin/python3 -c 'import pytest, pytest_timeout, ecdsa' 2>/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        python3-pytest python3-pytest-timeout python3-ecdsa python3-websockets >/dev/null
fi

out=$repo/artifacts/conformance
dotnet publish src/Parley -c Release -o "$out" --nologo -v quiet >/dev/null || { echo "build failed" >&2; exit 2; }

log=$repo/artifacts/conformance-server.log
data=$(mktemp -d /tmp/parley-conformance-data.XXXXXX)
PARLEY__ServerName=My.Little.Server \
PARLEY__ServerDescription="test server" \
PARLEY__Operators__0__Name=operuser \
PARLEY__Operators__0__Password=operpassword \
PARLEY__Limits__Exempt=127.0.0.0/8,::1/128 \
PARLEY__Accounts__MinPasswordLength=$([ "${PARLEY_ACCOUNTS:-0}" = 1 ] && echo 1 || echo 8) \
    "$out/parley" server --listen "127.0.0.1:$port" --data "$data/db" --quiet </dev/null >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
done

extra=()
if [ "${PARLEY_ACCOUNTS:-0}" = 1 ]; then
    export PYTHONPATH="$repo/scripts/irctest${PYTHONPATH:+:$PYTHONPATH}"
    export IRCTEST_SERVER_SASL_MECHS="PLAIN SCRAM-SHA-256"
    export IRCTEST_MARKERS="not implementation-specific and not deprecated and not strict"
    extra=(--controller parley_controller)
fi

bash "$recipe" 127.0.0.1 "$port" "${extra[@]}" "$@" 2>&1 | tee "$repo/artifacts/conformance.txt" | tail -n 40
tail -n 1 "$repo/artifacts/conformance.txt"
