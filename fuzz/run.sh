#!/usr/bin/env bash
# Coverage-guided fuzzing of Parley's wire code: afl-fuzz (AFL++, from Debian) drives the SharpFuzz harness
# fuzz/Parley.Fuzz in persistent mode, with Parley.Protocol.dll instrumented for branch coverage.
#
#   fuzz/run.sh [TARGET] [SECONDS]      fuzz TARGET (irc, udp or udp-session; default irc) for SECONDS (default 300)
#   FUZZ_EXECS=N fuzz/run.sh irc        stop after N executions instead of a time
#   FUZZ_KEEP=1 fuzz/run.sh irc 600     afterwards, add what afl-cmin keeps of the new inputs (under 2 KiB) to
#                                       tests/fuzz-corpus/TARGET
#
# Installs what it needs (afl++ with apt-get, SharpFuzz.CommandLine as a local dotnet tool), seeds afl-fuzz with
# tests/fuzz-corpus/TARGET and the dictionary fuzz/TARGET.dict, and ends with the statistics and a replay of every
# crash through the uninstrumented harness (which names the broken invariant). Exit status 1 when anything crashed.
# Everything it makes is under artifacts/fuzz/. See docs/reliability.md, "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

target=${1:-irc}
seconds=${2:-300}
corpus=tests/fuzz-corpus/$target
out=artifacts/fuzz
[ -d "$corpus" ] || { echo "no corpus for target '$target' in $corpus" >&2; exit 2; }

# afl-fuzz from Debian; the instrumenting tool from NuGet, kept inside artifacts/ so nothing global changes.
if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "installing afl++"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq afl++ >/dev/null
fi
tools=$out/tools
if [ ! -x "$tools/sharpfuzz" ]; then
    echo "installing SharpFuzz.CommandLine"
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# Two copies of the harness: one instrumented for afl-fuzz, one plain for replaying crashes (the instrumented code
# expects afl-fuzz's shared memory and fails without it).
echo "building the harness"
rm -rf "$out/bin" "$out/instrumented"
dotnet publish fuzz/Parley.Fuzz -c Release -o "$out/bin" -v quiet -nologo >/dev/null
cp -r "$out/bin" "$out/instrumented"
"$tools/sharpfuzz" "$out/instrumented/Parley.Protocol.dll"

findings=$out/$target
rm -rf "$findings"
dictionary=()
[ -f "fuzz/$target.dict" ] && dictionary=(-x "fuzz/$target.dict")
[ ${#dictionary[@]} -eq 0 ] && [ -f "fuzz/${target%%-*}.dict" ] && dictionary=(-x "fuzz/${target%%-*}.dict") # udp-session: udp's
limit=(-V "$seconds")
[ -n "${FUZZ_EXECS:-}" ] && limit=(-E "$FUZZ_EXECS")

# The harness is a .NET program, not a binary afl-fuzz instrumented itself: skip that check. The machine is shared,
# so no CPU pinning, and no complaints about core dumps or the CPU governor.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
echo "fuzzing '$target' (${limit[*]}); log in $findings.log"
afl-fuzz -i "$corpus" -o "$findings" "${dictionary[@]}" -t 5000 -m none "${limit[@]}" \
    -- "$(command -v dotnet)" "$root/$out/instrumented/Parley.Fuzz.dll" "$target" >"$findings.log" 2>&1 || {
    tail -n 30 "$findings.log" >&2
    exit 1
}

stats=$findings/default/fuzzer_stats
fuzzer_stat() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "run time: $(fuzzer_stat run_time) s, executions: $(fuzzer_stat execs_done) ($(fuzzer_stat execs_per_sec)/s)"
echo "corpus: $(fuzzer_stat corpus_count) inputs, edges found: $(fuzzer_stat edges_found), crashes: $(fuzzer_stat saved_crashes), hangs: $(fuzzer_stat saved_hangs)"

if [ -n "${FUZZ_KEEP:-}" ]; then
    # Keep what adds coverage: afl-cmin over the old corpus and afl-fuzz's queue; new survivors join the corpus.
    minimized=$out/$target-min
    rm -rf "$minimized"
    afl-cmin -i "$findings/default/queue" -o "$minimized" -t 5000 -m none \
        -- "$(command -v dotnet)" "$root/$out/instrumented/Parley.Fuzz.dll" "$target" >"$minimized.log" 2>&1
    added=0
    for file in "$minimized"/*; do
        case "$(basename "$file")" in *orig:*) continue ;; esac # a seed that is already in the corpus
        # Larger inputs mostly take the long-line paths the seeds already cover; the repository stays small.
        [ "$(stat -c %s "$file")" -lt 2048 ] || continue
        name=found-$(sha1sum "$file" | cut -c1-12)
        [ -e "$corpus/$name" ] && continue
        cp "$file" "$corpus/$name"
        chmod 644 "$corpus/$name"
        added=$((added + 1))
    done
    echo "kept $added new inputs in $corpus"
fi

mapfile -t crashes < <(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | sort)
if [ ${#crashes[@]} -gt 0 ]; then
    echo "${#crashes[@]} crashing or hanging inputs in $findings/default/{crashes,hangs}; replayed:"
    dotnet "$out/bin/Parley.Fuzz.dll" "$target" "${crashes[@]}" || true
    exit 1
fi
echo "no crashes"
