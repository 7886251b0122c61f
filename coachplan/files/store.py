"""Plan files on disk: read and check the text, parse TOML, write atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachplan.core.errors import PlanNotFound, RefusedWrite, UnreadablePlan, UsageError
from coachplan.core.fields import ID_RE

try:  # the compiled tomli is faster; tomllib is the same parser in the stdlib
    import tomli as _toml
except ImportError:  # pragma: no cover
    import tomllib as _toml  # type: ignore[no-redef]

TOMLDecodeError = _toml.TOMLDecodeError

# rtoml (Rust) parses plans three times as fast as the compiled tomli. It reads first;
# whatever it refuses is parsed again by tomli, which words every syntax error as before
# and keeps tomli's answers where the two differ (`1e400` is inf to tomli, an error to
# rtoml). tests/test_parser_parity.py checks that they return identical data and that
# rtoml accepts nothing tomli refuses.
try:
    import rtoml as _fast
except ImportError:  # pragma: no cover - tomli alone is correct, only slower
    _fast = None  # type: ignore[assignment]

# Plans are a few kilobytes; a file this big is not one, and reading it whole is a risk.
MAX_PLAN_BYTES = 16 * 2**20

_POSITION_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def check_plan_id(plan_id: str) -> str:
    """Refuse ids that are not lowercase letters, digits and `-` (and so never a path)."""
    if not ID_RE.fullmatch(plan_id):
        raise UsageError(
            f"{plan_id!r} is not a valid plan id",
            hint="use lowercase letters, digits and '-', starting with a letter or digit, "
            "at most 64 characters, e.g. agent-2291",
        )
    return plan_id


@dataclass(frozen=True)
class SourceText:
    """The text of a plan file, checked to be LF-only UTF-8 without a BOM."""

    path: Path
    text: str
    # Set when the text was read tolerantly and differs from the bytes on disk.
    normalised: str = ""


def _decode_error(path: Path, raw: bytes, exc: UnicodeDecodeError) -> UnreadablePlan:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return UnreadablePlan(
        f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
        where=f"{path}:{line}:{column}",
        hint="save the file as UTF-8",
    )


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_PLAN_BYTES (never blocks on a pipe).

    Read with the os functions rather than `open`: a bulk command reads every plan, and a
    buffered file object per file costs more than the read."""
    # O_NONBLOCK: opening a named pipe must not wait for a writer (it has no effect on
    # regular files).
    descriptor = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise UnreadablePlan(
                "is not a regular file (a pipe, socket or device)", where=str(path)
            )
        # Read what the size says (a buffer of the limit for every file is slow), and
        # whatever the file has grown by since, up to the limit.
        wanted = min(info.st_size, MAX_PLAN_BYTES) + 1
        raw = os.read(descriptor, wanted)
        while info.st_size < len(raw) <= MAX_PLAN_BYTES:
            more = os.read(descriptor, MAX_PLAN_BYTES + 1 - len(raw))
            if not more:
                break
            raw += more
    finally:
        os.close(descriptor)
    if len(raw) > MAX_PLAN_BYTES:
        raise UnreadablePlan(
            f"is larger than {MAX_PLAN_BYTES // 2**20} MB, far more than any plan",
            where=str(path),
            hint="is it the right file?",
        )
    return raw


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_source(path: Path, *, tolerant: bool = False, empty_ok: bool = False) -> SourceText:
    """Read a plan file's text, refusing what git and TOML tools would mangle.

    With `tolerant`, a BOM and CRLF line endings are accepted (and reported through
    `normalised`) so that `fmt` can repair them. With `empty_ok`, an empty file is empty
    text (coachplan.toml), not an error.
    """
    return decode_source(path, read_bytes(path), tolerant=tolerant, empty_ok=empty_ok)


def read_bytes(path: Path) -> bytes:
    """The bytes of a plan file; UnreadablePlan or PlanNotFound when it cannot be read."""
    try:
        return read_regular_file(path)
    except IsADirectoryError:
        raise UnreadablePlan(
            "is a directory, not a plan file",
            where=str(path),
            hint="a plan is a file; rename or remove the directory",
        ) from None
    except FileNotFoundError:
        raise PlanNotFound("no such file", where=str(path)) from None
    except OSError as exc:
        raise UnreadablePlan(f"cannot read: {exc.strerror}", where=str(path)) from None


def decode_source(
    path: Path, raw: bytes, *, tolerant: bool = False, empty_ok: bool = False
) -> SourceText:
    """The text of a plan file's bytes, refusing what git and TOML tools would mangle."""
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        if not tolerant:
            raise UnreadablePlan(
                "starts with a byte-order mark (BOM)",
                where=f"{path}:1:1",
                hint=f"save as UTF-8 without BOM, or run `coachplan fmt --keep-comments {path}`",
            )
        raw = raw[3:]
        notes.append("removed the byte-order mark")
    if b"\x00" in raw:
        before = raw[: raw.index(b"\x00")]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise UnreadablePlan(
            "contains a NUL byte; is it a binary file?",
            where=f"{path}:{line}:{column}",
            hint="plans are UTF-8 text",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _decode_error(path, raw, exc) from None
    if "\r" in text:
        crlf = text.find("\r\n")
        if crlf >= 0 and not tolerant:
            line = text.count("\n", 0, crlf) + 1
            raise UnreadablePlan(
                "has Windows (CRLF) line endings",
                where=f"{path}:{line}:{crlf - (text.rfind(chr(10), 0, crlf) + 1) + 1}",
                hint="plans use LF so diffs stay clean; run "
                f"`coachplan fmt --keep-comments {path}`",
            )
        if crlf >= 0:
            text = text.replace("\r\n", "\n")
            notes.append("converted CRLF line endings to LF")
    if not text.strip() and not empty_ok:
        raise UnreadablePlan(
            "is empty",
            where=str(path),
            hint="a plan needs at least format, title, kind, status, coachee, "
            "coach, start and end; `coachplan new` writes one",
        )
    return SourceText(path, text, "; ".join(notes))


def parse_toml(source: SourceText) -> dict[str, Any]:
    """Parse TOML, turning a syntax error into a one-line message with line and column."""
    # rtoml skips a byte-order mark that tomli refuses (so does `read_source`, unless
    # `fmt` asks it to repair one): such text is tomli's.
    if _fast is not None and not source.text.startswith("\ufeff"):
        try:
            data: dict[str, Any] = _fast.loads(source.text)
            return data
        except Exception:  # whatever rtoml refuses, tomli decides
            pass
    return parse_with_tomli(source)


def parse_with_tomli(source: SourceText) -> dict[str, Any]:
    """`parse_toml` with the compiled tomli alone (the reference parser)."""
    try:
        return _toml.loads(source.text)
    except TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = str(getattr(exc, "msg", "") or exc)
        if line is None:
            match = _POSITION_RE.search(str(exc))
            line, column = (int(match[1]), int(match[2])) if match else (1, 1)
        message = _POSITION_RE.sub("", message).strip()
        raise UnreadablePlan(
            f"TOML syntax error: {message[:1].lower()}{message[1:]}",
            where=f"{source.path}:{line}:{column}",
            hint="see https://toml.io/en/v1.0.0",
        ) from None
    except RecursionError:
        raise UnreadablePlan("TOML nests too deeply", where=f"{source.path}:1:1") from None


def plan_id_of(path: Path) -> str:
    return path.stem


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Replace `path` with `text` (a string, or pieces of one written as they come) so
    that a crash at any point leaves the old file whole.

    The new text goes to a temporary file in the same directory, is flushed to disk, and
    only then renamed over the old one (an atomic step on POSIX and Windows). A failure
    (a full disk, a read-only directory) leaves no temporary file and raises RefusedWrite
    naming the path and the cause.
    """
    with (
        replacing(path) as temporary,
        open(temporary, "w", encoding="utf-8", newline="\n") as handle,
    ):
        handle.writelines([text] if isinstance(text, str) else text)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new, empty file beside `path` for the caller to fill (text, a database, lines as
    they come); when the block ends it is flushed to disk, given the old file's mode, and
    renamed over `path`. On any error, or an interrupt, it is removed and `path` is left as
    it was."""
    directory = _directory_of(path)
    mode = 0o644
    if path.exists():
        if path.is_dir():
            raise RefusedWrite("is a directory", where=str(path))
        mode = path.stat().st_mode & 0o7777
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    os.close(fd)
    try:
        yield Path(tmp_name)
        with open(tmp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove(tmp_name)
        raise cannot_write(path, exc) from None
    except BaseException:  # an interrupt: still no temporary file left behind
        _remove(tmp_name)
        raise
    _fsync_directory(directory)


def create_exclusive(path: Path, text: str) -> None:
    """Create `path` holding `text`, whole, or refuse with "already exists" if it exists,
    even if another process creates it at the same moment: the text is written to a
    temporary file of its own, then linked to the name (which fails if the name is taken).
    """
    directory = _directory_of(path)
    tmp_name = _written_temporary(path, text, 0o644)
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise RefusedWrite("already exists", where=str(path)) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise cannot_write(path, exc) from None
        _create_in_place(path, text)
    finally:
        _remove(tmp_name)
    _fsync_directory(directory)


# File systems without hard links (some network and FUSE mounts) say so with these.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}


def _create_in_place(path: Path, text: str) -> None:
    """Exclusive creation where hard links do not exist: O_EXCL, then the text; removed
    again if the text cannot be written whole."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise RefusedWrite("already exists", where=str(path)) from None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        _write_to_disk(fd, text)
    except OSError as exc:
        _remove(str(path))
        raise cannot_write(path, exc) from None


def _write_to_disk(fd: int, text: str | Iterable[str]) -> None:
    """Write `text` (or its pieces, as they come) to the open file `fd`, close it, and
    return once it is on disk."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines([text] if isinstance(text, str) else text)
        handle.flush()
        os.fsync(handle.fileno())


def cannot_write(path: Path, exc: OSError) -> RefusedWrite:
    """A write the operating system refused (no space, read-only, no permission), as one
    line naming the path and the cause."""
    cause = exc.strerror or type(exc).__name__
    hints = {
        errno.ENOSPC: "free some disk space and try again",
        errno.EDQUOT: "free some space within your disk quota and try again",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "check the permissions of the file and its directory",
        errno.EPERM: "check the permissions of the file and its directory",
    }
    return RefusedWrite(
        f"cannot write: {cause}; nothing written", where=str(path), hint=hints.get(exc.errno or 0)
    )


def _directory_of(path: Path) -> Path:
    directory = path.parent
    if not directory.is_dir():
        raise RefusedWrite(
            "directory does not exist",
            where=str(directory),
            hint="create the directory first, or choose another path",
        )
    return directory


def _written_temporary(path: Path, text: str | Iterable[str], mode: int) -> str:
    """A new file beside `path`, with a name no other process uses, holding `text` on disk."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        _write_to_disk(fd, text)
        os.chmod(tmp_name, mode)
    except OSError as exc:
        _remove(tmp_name)
        raise cannot_write(path, exc) from None
    except BaseException:
        _remove(tmp_name)
        raise
    return tmp_name


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - not possible on every platform
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
