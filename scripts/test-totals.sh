# Sourced by scripts/test.sh and scripts/test-aot.sh: `totals LOG STATUS` prints "N passed, N failed, N skipped" from the
# test runner's own summary in LOG (Microsoft.Testing.Platform's "total/failed/succeeded/skipped" block) and sets
# `status` to a failure when no summary was found (the build failed). Its TRX report is not used: xunit's TRX writer
# stops at a test name holding a control character (our protocol tests have such names), leaving a truncated file.
totals() {
    local summary passed failed skipped
    summary=$(sed -n '/^Test run summary/,$p' "$1")
    status=$2
    count() { echo "$summary" | sed -n "s/^ *$1: *\([0-9][0-9]*\).*/\1/p" | tail -n 1; }
    passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
    if [ -z "$passed" ]; then
        echo "no test summary found (the build may have failed)" >&2
        passed=0; failed=${failed:-0}; skipped=${skipped:-0}
        [ "$status" -ne 0 ] || status=1
    fi
    echo "${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
}
