"""What `fmt` would make of a file: the canonical text, and whether anything is lost."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coachplan.files.layout import dumps_plan
from coachplan.files.loader import load
from coachplan.files.positions import first_comment


@dataclass(frozen=True)
class Reformatted:
    file: str
    before: str = ""
    after: str = ""
    comments: bool = False  # reformatting would drop comments
    comment_at: tuple[int, int] = (1, 1)  # where the first one is
    # The text as it is, with only a BOM and CRLF line endings repaired, and what that
    # repair does ("" when there is nothing to repair): for files whose layout is kept.
    repaired: str = ""
    repairs: str = ""
    error: str = ""

    @property
    def changed(self) -> bool:
        return not self.error and self.before != self.after


def format_file(path: Path) -> Reformatted:
    """The canonical text of a plan file; an error message if it does not load."""
    loaded = load(path, tolerant=True)
    if loaded.plan is None or loaded.source is None:
        first = min(loaded.findings, key=lambda f: f.sort_key)
        return Reformatted(
            loaded.file,
            error=f"{first.file}:{first.line}:{first.column}: "
            f"{first.message}; not reformatted (fix it first)",
        )
    before = path.read_bytes().decode("utf-8", "replace")
    after = dumps_plan(loaded.plan, directives_from=loaded.source.text)
    comment = first_comment(loaded.source.text) if before != after else None
    return Reformatted(
        loaded.file,
        before,
        after,
        comments=comment is not None,
        comment_at=comment or (1, 1),
        repaired=loaded.source.text,
        repairs=loaded.source.normalised,
    )
