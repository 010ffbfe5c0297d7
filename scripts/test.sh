#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine with the .NET 10 SDK.
# Installs what the end-to-end tests drive (irssi, tmux, ncat) when missing, runs every test project, and ends with
# the totals alone on a line: "N passed, N failed, N skipped" (taken from the runner's TRX files).
set -uo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v irssi >/dev/null 2>&1 || packages+=(irssi)
command -v tmux >/dev/null 2>&1 || packages+=(tmux)
command -v ncat >/dev/null 2>&1 || packages+=(ncat)
if [ ${#packages[@]} -gt 0 ]; then
    echo "installing test dependencies: ${packages[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null \
        || echo "warning: could not install ${packages[*]}; the tests that need them will fail" >&2
fi

results="${PARLEY_TEST_RESULTS:-$PWD/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

dotnet test --solution Parley.slnx --results-directory "$results" --report-xunit-trx "$@"
status=$?

totals=$(find "$results" -name '*.trx' -print0 | xargs -0 -r cat | tr '>' '\n' | grep '<Counters ' | awk '
    function attr(name,   m) { if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
    { total += attr("total"); executed += attr("executed"); passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted") }
    END { printf "%d passed, %d failed, %d skipped\n", passed, failed, total - executed }')
[ -n "$totals" ] || totals="0 passed, 0 failed, 0 skipped"
echo "$totals"
exit $status
