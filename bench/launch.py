"""Run one command and write its wall time, CPU time, peak memory and exit status.

bench/run.py measures every command through this small process instead of starting it
itself: the kernel counts a process's peak resident memory from before its `exec`, when
it was still a copy of its parent, so a command started by the benchmark (which holds a
workspace's file list and every figure so far) would report at least the benchmark's own
size. Started from this launcher, a command's peak is its own (at least this
launcher's few megabytes). Run with `python -S -E bench/launch.py RESULT_FILE ARGV...`.
"""

import os
import sys
import time


def main() -> None:
    result, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    with open(result, "w") as handle:
        handle.write(f"{wall} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")


if __name__ == "__main__":
    main()
