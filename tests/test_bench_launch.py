"""The benchmark's launcher reports a command's own figures, not its parent's."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

LAUNCH = Path(__file__).resolve().parent.parent / "bench" / "launch.py"


def launched(tmp_path: Path, *argv: str) -> tuple[float, float, int, int]:
    result = tmp_path / "run"
    subprocess.run([sys.executable, "-S", "-E", str(LAUNCH), str(result), *argv], check=True)
    wall, cpu, max_rss_kb, exit_code = result.read_text().split()
    return float(wall), float(cpu), int(max_rss_kb), int(exit_code)


def test_a_small_command_started_by_a_large_process_is_measured_small(tmp_path: Path) -> None:
    ballast = bytearray(200 * 2**20)  # this process: at least 200 MB resident
    ballast[::4096] = b"x" * len(ballast[::4096])
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 200 * 1024
    wall, cpu, max_rss_kb, exit_code = launched(tmp_path, "true")
    assert exit_code == 0 and wall >= 0 and cpu >= 0
    assert max_rss_kb < 50 * 1024  # the command's own peak, not this process's


def test_the_command_s_exit_status_and_memory_come_back(tmp_path: Path) -> None:
    code = "import sys; b = bytearray(120 * 2**20); b[::4096] = b'x' * len(b[::4096]); sys.exit(3)"
    _, _, max_rss_kb, exit_code = launched(tmp_path, sys.executable, "-c", code)
    assert exit_code == 3
    assert max_rss_kb > 120 * 1024
