#!/usr/bin/env python3
"""Paired timing: runs each command once per round, in turn, for ROUNDS rounds, and prints
the median wall, user and system time of each, its ratio to the first command's median wall
time, and its peak RSS. Pairing keeps a slow spell of the machine from favouring one command.

    benches/paired.py ROUNDS LABEL=COMMAND [LABEL=COMMAND ...]

Each COMMAND runs under `sh -c`, output discarded; a failing exit status is ignored (a scanner
that finds something exits non-zero).
"""
import os
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    child = subprocess.Popen(["sh", "-c", command], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    # ru_maxrss is in KiB on Linux.
    return time.perf_counter() - start, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024


def main():
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, command in commands:
            times[label].append(run(command))
    base = statistics.median(t[0] for t in times[commands[0][0]])
    print(f"{'command':<46} {'wall':>8} {'ratio':>6} {'user':>7} {'system':>7} {'peak RSS':>9}")
    for label, _ in commands:
        runs = times[label]
        wall, user, system = (statistics.median(t[i] for t in runs) for i in range(3))
        peak = max(t[3] for t in runs)
        print(f"{label:<46} {wall:7.3f}s {wall / base:6.2f} {user:6.2f}s {system:6.2f}s "
              f"{peak:6.0f} MiB")


if __name__ == "__main__":
    main()
