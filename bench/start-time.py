#!/usr/bin/env python3
"""Time from exec to the server's first "Parley listening on" line, for a native (AOT) or a JIT build.

    bench/start-time.py [--runs 20] [--port 16770] -- PROGRAM [ARGS...]

Runs `PROGRAM ARGS... server --listen 127.0.0.1:PORT --data DIR` RUNS times in two ways: with a fresh data directory
each time (the database is created and migrated) and with one directory reused (the database exists and gets its
quick_check), prints min / median / max in milliseconds for each, and stops each server with SIGTERM once it has
printed the line. Standard library only.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def one_start(command, port, data):
    started = time.perf_counter()
    process = subprocess.Popen(
        command + ["server", "--listen", f"127.0.0.1:{port}", "--data", data, "--quiet"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=os.path.dirname(data))
    try:
        for line in process.stdout:
            if line.startswith(b"Parley listening on"):
                return (time.perf_counter() - started) * 1000
        raise RuntimeError("no listening line: " + process.stderr.read().decode(errors="replace"))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--port", type=int, default=16770)
    parser.add_argument("command", nargs="+", help="the program that is `parley` (e.g. artifacts/aot/parley, or dotnet parley.dll)")
    options = parser.parse_args()
    if os.sep in options.command[0]:
        options.command[0] = os.path.abspath(options.command[0])  # each server runs in its own working directory
    work = tempfile.mkdtemp(prefix="parley-start-")
    try:
        fresh = []
        for run in range(options.runs):
            fresh.append(one_start(options.command, options.port, os.path.join(work, f"fresh-{run}")))
        existing_dir = os.path.join(work, "existing")
        one_start(options.command, options.port, existing_dir)  # creates it
        existing = [one_start(options.command, options.port, existing_dir) for _ in range(options.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, times in (("fresh data directory", fresh), ("existing data directory", existing)):
        print(f"{name:24} min {min(times):6.1f} ms  median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms  ({len(times)} runs)")


if __name__ == "__main__":
    sys.exit(main())
