#!/usr/bin/env bash
# The live fuzzer: clients send mutations of the IRC fuzz corpus (tests/fuzz-corpus/irc), as IRC and as plain text, to a
# running server while honest clients chat; the honest clients must get every message, once and in order, and the
# server must end with no sessions, its memory bounded, having logged nothing wrong (no command handler threw).
# The test suite runs the same test as an 8-second smoke with 50 clients.
#
#   scripts/livefuzz.sh [SECONDS] [CLIENTS]      default: 120 seconds, 100 clients, server in the test process
#   PARLEY_CHAOS_TARGET=127.0.0.1:PORT PARLEY_CHAOS_PID=PID PARLEY_CHAOS_LOG=FILE scripts/livefuzz.sh 300
#                                                aim at a running server (loopback only; its console log in FILE is
#                                                searched for warnings and errors; its memory is read from
#                                                /proc/PID/status; start it with PARLEY__Limits__Exempt=127.0.0.0/8)
#   PARLEY_CHAOS_SEED=N                          another seed for the mutations
#
# The report goes to the terminal and to artifacts/livefuzz-report.txt; exit status 1 when the run failed.
# See docs/reliability.md, "Fuzzing".
set -uo pipefail
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/chaos-run.sh" LiveFuzzTests "${1:-120}" "${2:-100}" artifacts/livefuzz-report.txt
