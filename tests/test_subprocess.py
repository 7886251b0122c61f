"""The installed command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachplan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "80"},
    )


def test_example_plans_pass_validation() -> None:
    result = run("validate", "plans/", "--as-of", "2026-11-22")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("in 1 of 8 plans.\n")  # the draft's warnings
    assert run("validate", "plans/", "--strict", "--as-of", "2026-11-22").returncode == 1


def test_example_plans_are_canonical() -> None:
    assert run("fmt", "--check", "plans/").returncode == 0


def test_console_script_and_version() -> None:
    script = shutil.which("coachplan", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("coachplan ")


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "x.toml").write_bytes(b"title = \xff\n")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "coachplan: error: plans/x.toml:1:9: not valid UTF-8 (byte 0xff) (save the file as UTF-8)\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_no_arguments_shows_help() -> None:
    result = run()
    assert result.returncode == 2
    assert "Usage: coachplan" in result.stdout
