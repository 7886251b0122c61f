"""`coachplan` run on a real pseudo-terminal, answered as a person would (stdlib pty only)."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

TIMEOUT = 20.0  # seconds; generous, for a loaded machine


def _own_terminal() -> None:
    """In the child: a session of its own with the pseudo-terminal as its controlling
    terminal, so that Ctrl-C there interrupts it as on a real one."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """One command on a pseudo-terminal: wait for text on the screen, type a line."""

    def __init__(
        self, *args: str, cwd: Path, columns: int = 80, env: dict[str, str | None] | None = None
    ) -> None:
        """`env` changes the environment: a variable set to None is removed."""
        import struct

        master, slave = os.openpty()
        # A window `columns` wide, as a terminal emulator sets it (COLUMNS says so too).
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        wanted = {"COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "xterm", **(env or {})}
        merged = {**os.environ, **wanted}
        environment = {name: value for name, value in merged.items() if value is not None}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coachplan", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            preexec_fn=_own_terminal,
        )
        os.close(slave)
        self.master = master
        self.screen = ""
        self._seen = 0

    def _read(self, until: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, until - time.monotonic()))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the command ended and closed the terminal
            return False
        if not chunk:
            return False
        self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> str:
        """Wait until `text` appears after what was already seen; what came before it."""
        until = time.monotonic() + TIMEOUT
        while text not in self.screen[self._seen :]:
            if not self._read(until) and time.monotonic() >= until:
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen}")
        at = self.screen.index(text, self._seen)
        before = self.screen[self._seen : at]
        self._seen = at + len(text)
        return before

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def press(self, key: bytes) -> None:
        """A control key: b"\\x03" is Ctrl-C, b"\\x04" Ctrl-D (end of input)."""
        if key == b"\x03":
            self._wait_until_reading()
        os.write(self.master, key)

    def _wait_until_reading(self) -> None:
        """Until the command is blocked reading the terminal. A Ctrl-C that arrives after
        the prompt is printed but before the read starts is only noticed at the next key
        (CPython's input() checks for signals before and after the read, not while it
        waits). A person never types that fast; a test that pressed at once would
        sometimes hang."""
        reading = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)
        until = time.monotonic() + TIMEOUT
        while reading is not None and time.monotonic() < until:
            try:
                with open(f"/proc/{self.process.pid}/syscall") as call:
                    if call.read().split(" ", 1)[0] == reading:
                        return
            except OSError:  # no /proc, or the command has ended
                return
            time.sleep(0.01)
        time.sleep(0.2)  # elsewhere: a moment, as a person would take

    def finish(self) -> int:
        """Read what is left and return the exit code."""
        until = time.monotonic() + TIMEOUT
        while self.process.poll() is None or self._read(time.monotonic() + 0.05):
            self._read(min(until, time.monotonic() + 0.1))
            if time.monotonic() >= until:
                self.process.kill()
                raise AssertionError(f"the command did not end; the screen:\n{self.screen}")
        os.close(self.master)
        return self.process.wait()
