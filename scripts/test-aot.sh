#!/usr/bin/env bash
# Native AOT: publishes `parley` as a native executable (dotnet publish -p:PublishAot=true) and runs the end-to-end
# tests that start the executable as a process (the server's process tests and the client's piped, UDP and terminal
# tests) against it instead of `dotnet parley.dll`, through PARLEY_EXECUTABLE. Ends with the totals alone on a line:
# "N passed, N failed, N skipped".
#
#   scripts/test-aot.sh [--no-publish] [extra test runner options]
#
#   --no-publish  reuse the executable in artifacts/aot/ from an earlier run
#
# The publish takes a few minutes on 2 cores (ILC compiles the whole program); the tests about a minute.
set -uo pipefail
cd "$(dirname "$0")/.."

publish=1
if [ "${1:-}" = "--no-publish" ]; then
    publish=0
    shift
fi

out=artifacts/aot
if [ "$publish" = 1 ]; then
    echo "publishing parley with Native AOT to $out/" >&2
    rm -rf "$out"
    # Warnings are errors in this repository, trim and AOT analysis warnings included: a clean publish is part of the test.
    if ! dotnet publish src/Parley -c Release -p:PublishAot=true -o "$out" --nologo; then
        echo "the AOT publish failed" >&2
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
fi
executable=$PWD/$out/parley
if [ ! -x "$executable" ]; then
    echo "no native executable at $executable" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi
if [ ! -e "$out/libe_sqlite3.so" ]; then
    echo "warning: libe_sqlite3.so is not beside the executable; the server's database will not open" >&2
fi

# The test classes that start the executable: every file of tests/Parley.Tests that uses ParleyProcess, ClientProcess
# or ParleyExecutable (the helpers themselves aside), so a new process test is included without editing this list.
mapfile -t classes < <(grep -rl --include='*.cs' -e 'ParleyProcess\.' -e 'ClientProcess\.Start' -e 'ParleyExecutable\.' \
    tests/Parley.Tests | grep -v -e '/Support/' -e '/bin/' -e '/obj/' | xargs -n1 basename | sed 's/\.cs$//' | sort)
echo "test classes: ${classes[*]}" >&2
filters=()
for class in "${classes[@]}"; do
    filters+=(--filter-class "*.$class")
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
PARLEY_EXECUTABLE=$executable dotnet test --project tests/Parley.Tests -c Release -- "${filters[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

source scripts/test-totals.sh
echo "(against the native executable $executable)"
totals "$log" "$status"
exit "$status"
