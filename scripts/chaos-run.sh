#!/usr/bin/env bash
# Runs one chaos test (tests/Parley.Tests/Soak) at the size asked: used by scripts/soak.sh and scripts/livefuzz.sh.
#   scripts/chaos-run.sh TEST_CLASS SECONDS CLIENTS REPORT_FILE
set -uo pipefail
cd "$(dirname "$0")/.."
test_class=$1 seconds=$2 clients=$3 report=$4

# Each client holds a socket, and so does the server for it when it runs in the same process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$(dirname "$report")"
rm -f "$report"

echo "building (Release)"
dotnet build tests/Parley.Tests -c Release -v quiet -nologo >/dev/null || exit 1
echo "running $test_class for $seconds s with $clients misbehaving clients${PARLEY_CHAOS_TARGET:+ against $PARLEY_CHAOS_TARGET}"
PARLEY_CHAOS_SECONDS=$seconds PARLEY_CHAOS_CLIENTS=$clients PARLEY_CHAOS_REPORT=$PWD/$report \
    dotnet test --project tests/Parley.Tests -c Release --no-build -- --filter-class "*$test_class" >"$report.log" 2>&1
status=$?
if [ -f "$report" ]; then
    cat "$report"
else
    tail -n 40 "$report.log"
fi
[ $status -eq 0 ] && echo "passed" || echo "FAILED (test output in $report.log)"
exit $status
