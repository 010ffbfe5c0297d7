#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine with the .NET 10 SDK.
# Installs what the end-to-end tests drive (irssi, weechat-headless, tmux, ncat) when missing, runs every test project, and ends with
# the totals alone on a line: "N passed, N failed, N skipped" (taken from the test runner's summary).
set -uo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v irssi >/dev/null 2>&1 || packages+=(irssi)
command -v tmux >/dev/null 2>&1 || packages+=(tmux)
command -v ncat >/dev/null 2>&1 || packages+=(ncat)
command -v weechat-headless >/dev/null 2>&1 || packages+=(weechat-headless)
if [ ${#packages[@]} -gt 0 ]; then
    echo "installing test dependencies: ${packages[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null \
        || echo "warning: could not install ${packages[*]}; the tests that need them will fail" >&2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test --solution Parley.slnx "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

source scripts/test-totals.sh
totals "$log" "$status"
exit "$status"
