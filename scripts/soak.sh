#!/usr/bin/env bash
# The chaos soak at full size: 1,000 misbehaving clients (random joins, parts, nick changes, messages, abrupt closes,
# half-open connections, stalled and slow reads, plain text, mutated traffic) around honest clients that must get every
# message, once and in order; the server must end with no sessions and its memory back near its baseline, having
# logged nothing wrong. The test suite runs the same test as a 15-second smoke with 200 clients.
#
#   scripts/soak.sh [SECONDS] [CLIENTS]          default: 300 seconds, 1000 clients, server in the test process
#   PARLEY_CHAOS_TARGET=127.0.0.1:PORT PARLEY_CHAOS_PID=PID PARLEY_CHAOS_LOG=FILE scripts/soak.sh 600
#                                                aim at a running server (loopback only; its console log in FILE is
#                                                searched for warnings and errors; start it with
#                                                PARLEY__Limits__Exempt=127.0.0.0/8 so the honest clients are not throttled)
#   PARLEY_CHAOS_SEED=N                          another seed for every random choice
#
# The report goes to the terminal and to artifacts/soak-report.txt; exit status 1 when the soak failed.
# See docs/reliability.md, "Chaos soak".
set -uo pipefail
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/chaos-run.sh" ChaosSoakTests "${1:-300}" "${2:-1000}" artifacts/soak-report.txt
